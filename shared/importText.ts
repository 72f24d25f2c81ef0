import type Papa from 'papaparse';
import { z } from 'zod';
import { describeIssues } from './validation';

/**
 * What the files a supervisor imports (the RMA export, the catalog) have in common: CSV or JSON,
 * told apart by the text, and each problem said by where a person finds it.
 */
export const importProblemSchema = z.object({
  /** The CSV line (the header is line 1) or the JSON entry (from 1). */
  row: z.number().int().min(0),
  /** `line 7` or `entry 3`, for people. */
  where: z.string(),
  reason: z.string(),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

/** The text without the byte-order mark a spreadsheet may put first. */
export const withoutBom = (text: string): string => text.replace(/^\uFEFF/, '');

/** A JSON file begins with `[` or `{`; anything else is read as CSV. */
export const looksLikeJson = (text: string): boolean => /^\s*[[{]/.test(withoutBom(text));

/**
 * The records a JSON file holds: an array, or one under `key` (`{ "rmas": [...] }`); else what is
 * wrong with the file.
 * @param what the records, for the message, as in "RMAs"
 */
export function jsonRecords(text: string, key: string, what: string): { records: unknown[] } | { problem: ImportProblem } {
  let data: unknown;
  try {
    data = JSON.parse(withoutBom(text));
  } catch (e) {
    return { problem: { row: 0, where: 'file', reason: `not valid JSON (${(e as Error).message})` } };
  }
  const records = Array.isArray(data) ? data : (data as Record<string, unknown> | null)?.[key];
  return Array.isArray(records) ? { records } : { problem: { row: 0, where: 'file', reason: `expected an array of ${what} or { "${key}": [...] }` } };
}

/** The CSV reader's complaints, by line; a row with too few or too many cells is said through its fields. */
export function csvProblems(errors: readonly Papa.ParseError[]): ImportProblem[] {
  return errors
    .filter((e) => e.code !== 'TooFewFields' && e.code !== 'TooManyFields')
    .map((e) => {
      const line = (e.row ?? 0) + 2;
      return { row: line, where: `line ${line}`, reason: e.message };
    });
}

/**
 * A number cell: blank is absent; anything unreadable is kept as text so the schema names it.
 * @param dollars a leading `$` is read past (the RMA export's cells, prices among them)
 */
export function numberCell(s: string, { dollars = false } = {}): number | string | undefined {
  const v = dollars ? s.trim().replace(/^\$/, '') : s.trim();
  if (v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : s;
}

/**
 * One record per key in a file: `seen(key, where)` says why a key met again is left out (the first
 * is kept), or null the first time.
 */
export function firstOfEachKey(): (key: string, where: string) => string | null {
  const first = new Map<string, string>();
  return (key, where) => {
    const at = first.get(key);
    if (at !== undefined) return `${key} appears again (first at ${at}); the first is kept`;
    first.set(key, where);
    return null;
  };
}

/**
 * The entries of a JSON file (as `jsonRecords` finds them), each read by `schema` and named by its
 * place in the file: one that is not valid, or whose key came before, is a problem, the rest kept.
 * @param entryOf the entry a record holds, where records wrap it (the admin API's listings)
 */
export function jsonEntries<S extends z.ZodType>(
  text: string,
  file: { key: string; what: string },
  schema: S,
  keyOf: (entry: z.output<S>) => string,
  entryOf: (record: unknown) => unknown = (record) => record,
): { entries: z.output<S>[]; problems: ImportProblem[] } {
  const read = jsonRecords(text, file.key, file.what);
  if ('problem' in read) return { entries: [], problems: [read.problem] };
  const entries: z.output<S>[] = [];
  const problems: ImportProblem[] = [];
  const seen = firstOfEachKey();
  read.records.forEach((record, i) => {
    const where = `entry ${i + 1}`;
    const parsed = schema.safeParse(entryOf(record), { reportInput: true });
    const reason = parsed.success ? seen(keyOf(parsed.data), where) : describeIssues(parsed.error, 'entry');
    if (reason) problems.push({ row: i + 1, where, reason });
    else if (parsed.success) entries.push(parsed.data);
  });
  return { entries, problems };
}
