import Papa from 'papaparse';
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

/**
 * A CSV header cell as the imports match it (trimmed, lower case), one parse's worth: a name met
 * again is named by its column, so it is said as a column not read rather than renamed by the
 * CSV reader (which also warns on the console).
 */
function headerReader(): (cell: string, index: number) => string {
  const seen = new Set<string>();
  return (cell, index) => {
    const name = cell.trim().toLowerCase();
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    return `${name || '(blank)'} (again, column ${index + 1})`;
  };
}

/** A row's key (an RMA number) found in cells that should hold none: that row ran into them. */
const rowRunIn = (cells: readonly string[], rowKey: RegExp | undefined): string | undefined => (rowKey ? cells.join(',').match(rowKey)?.[0].toUpperCase() : undefined);

/**
 * Header cells an import does not read, said rather than dropped: a file may carry columns of its
 * own, but a header that ran into the first row (its line break lost) hides that row.
 */
function unreadColumns(headers: readonly string[], known: readonly string[], rowKey: RegExp | undefined): string | null {
  const unread = headers.filter((h) => h !== '' && !known.includes(h));
  if (!unread.length) return null;
  const swallowed = rowRunIn(unread, rowKey);
  if (swallowed) return `the header line runs into a row of ${swallowed} (a line break is missing?): that row was read as column names; fix the file and import again`;
  return `column(s) not read, left out: ${unread.join(', ')}`;
}

/**
 * Cells past the header's last column, which nothing reads: said, since they are most often the
 * next row run into this one (its line break lost) or a cell split by a comma outside quotes.
 */
function extraCells(raw: Record<string, unknown>, rowKey: RegExp | undefined): string | null {
  const extra = ((raw.__parsed_extra as string[] | undefined) ?? []).filter((c) => c.trim() !== '');
  if (!extra.length) return null;
  const swallowed = rowRunIn(extra, rowKey);
  if (swallowed) return `this line runs into a row of ${swallowed} (a line break is missing?): that row was not read; fix the file and import again`;
  return `${extra.length} cell(s) more than the header has, not read (${extra.slice(0, 3).join(', ')}${extra.length > 3 ? ', …' : ''}): a line break missing, or a comma in a cell without quotes?`;
}

/** The CSV reader's complaints in the words of someone fixing the file in a spreadsheet or an editor. */
const CSV_TROUBLE: Partial<Record<Papa.ParseError['code'], string>> = {
  InvalidQuotes: 'a stray " here or on the line before: a quoted cell must close with " before its comma, and a quote inside one is written ""; fix it and import again',
  MissingQuotes: 'a " opens a cell here and nothing closes it, so the rest of the file was read as that one cell; fix it and import again',
  UndetectableDelimiter: 'no commas found: this is not a comma-separated file',
};

/** The CSV reader's complaints, by line; a row with too few or too many cells is said through its fields. */
function csvProblems(errors: readonly Papa.ParseError[]): ImportProblem[] {
  return errors
    .filter((e) => e.code !== 'TooFewFields' && e.code !== 'TooManyFields')
    .map((e) => {
      const line = (e.row ?? 0) + 2;
      return { row: line, where: `line ${line}`, reason: CSV_TROUBLE[e.code] ?? e.message };
    });
}

/**
 * An import's CSV file as rows of its columns, each with its line, and what was wrong with the file
 * as a file: a required column missing (then no rows), columns not read, cells past the last column,
 * quote marks that do not open and close a cell. Blank rows are left out. The caller adds the
 * problems of each row's values, then sorts.
 * @param rowKey finds a row's key (an RMA number) where a row ran into the header or another row
 */
export function csvRows<C extends string>(
  text: string,
  { columns, required, rowKey }: { columns: readonly C[]; required: readonly C[]; rowKey?: RegExp },
): { rows: { line: number; cells: Record<C, string> }[]; problems: ImportProblem[] } {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: false, transformHeader: headerReader() });
  const headers = parsed.meta.fields ?? [];
  const missing = required.filter((c) => !headers.includes(c));
  if (missing.length) return { rows: [], problems: [{ row: 1, where: 'line 1', reason: `missing column(s): ${missing.join(', ')}` }] };
  const problems: ImportProblem[] = [];
  const unread = unreadColumns(headers, columns, rowKey);
  if (unread) problems.push({ row: 1, where: 'line 1', reason: unread });
  const rows: { line: number; cells: Record<C, string> }[] = [];
  parsed.data.forEach((raw, i) => {
    const line = i + 2;
    const beyond = extraCells(raw, rowKey);
    if (beyond) problems.push({ row: line, where: `line ${line}`, reason: beyond });
    const cells = Object.fromEntries(columns.map((c) => [c, raw[c] ?? ''])) as Record<C, string>;
    if (columns.some((c) => cells[c].trim() !== '')) rows.push({ line, cells });
  });
  problems.push(...csvProblems(parsed.errors));
  return { rows, problems };
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
