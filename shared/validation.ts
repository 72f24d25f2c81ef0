import { z } from 'zod';

function describe(issue: z.core.$ZodIssue): string {
  const missing = 'input' in issue && issue.input === undefined;
  switch (issue.code) {
    case 'invalid_type':
      return missing ? 'is required' : `must be ${article(issue.expected)}`;
    case 'invalid_value':
      if (missing) return 'is required';
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be blank' : `must be at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `must have at least ${issue.minimum}`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `must have at most ${issue.maximum}`;
      return `must be at most ${issue.maximum}`;
    case 'unrecognized_keys':
      return `has unknown field(s) ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** One line naming the first wrong field, e.g. `rma.issuedOn: must be a real date as YYYY-MM-DD`. */
export function describeIssues(error: z.ZodError, root = 'input'): string {
  const issue = error.issues[0];
  if (!issue) return `${root}: is not valid`;
  const where = issue.path.length ? pathOf(issue.path) : root;
  return `${where}: ${describe(issue)}`;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parse at a boundary: never throws, and the error names the field. */
export function parseAt<S extends z.ZodType>(schema: S, input: unknown, root?: string): Parsed<z.infer<S>> {
  const result = schema.safeParse(input, { reportInput: true });
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssues(result.error, root) };
}

/* eslint-disable no-control-regex -- control characters are exactly what this refuses */
const CONTROL = /[\u0000-\u001f\u007f]/;
/* eslint-enable no-control-regex */

/** No tab, line break or NUL: none belongs in a name or a key, and PostgreSQL cannot store a NUL. */
const noControlCharacters = (s: string) => !CONTROL.test(s);
const controlMessage = { message: 'must not contain control characters (tabs, line breaks, NUL)' };

/** One line a person typed or a system sent, as a name or a key: trimmed, `min`–`max` characters. */
export const lineOfText = (min: number, max: number) => z.string().trim().min(min).max(max).refine(noControlCharacters, controlMessage);

/** Text that goes into a column of its own as it came (not inside a stored JSON body). */
export const storableText = () => z.string().refine(noControlCharacters, controlMessage);
