import Papa from 'papaparse';
import { z } from 'zod';
import { importProblemSchema, type ImportProblem } from '../rma/exportFormat';
import { describeIssues } from '../validation';
import { catalogEntrySchema, type CatalogEntry } from './schema';

/**
 * The manufacturer's product list (README, *The catalog*): CSV with one row per SKU, or JSON: an
 * array of catalog entries (or `{ "catalog": [...] }`), as `GET /api/v1/admin/catalog` gives them.
 */
export const CATALOG_COLUMNS = ['sku', 'description', 'kind', 'warranty_months', 'barcodes'] as const;
type Column = (typeof CATALOG_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['sku', 'description', 'kind'];

/** Where the schema's fields live in the CSV, so a problem names the column a person can find. */
const COLUMN_OF: Record<string, Column> = { sku: 'sku', description: 'description', kind: 'kind', warrantyMonths: 'warranty_months', barcodes: 'barcodes' };

/** What the server's import says it did (`POST /api/v1/admin/catalog/import`). */
export const catalogImportAnswerSchema = z.object({
  added: z.number().int().min(0),
  updated: z.number().int().min(0),
  /** Already on the server as the file has them: not sent to the stations again. */
  unchanged: z.number().int().min(0),
  problems: z.array(importProblemSchema),
});
export type CatalogImportAnswer = z.infer<typeof catalogImportAnswerSchema>;

export interface ParsedCatalog {
  entries: CatalogEntry[];
  problems: ImportProblem[];
}

export function parseCatalogFile(text: string): ParsedCatalog {
  const body = text.replace(/^\uFEFF/, '');
  return /^\s*[[{]/.test(body) ? parseJson(body) : parseCsv(body);
}

/** One entry per SKU: a SKU met again is a problem, and the first is kept. */
function keepFirst() {
  const seen = new Map<string, string>();
  return (entry: CatalogEntry, where: string): string | null => {
    const first = seen.get(entry.sku);
    if (first !== undefined) return `${entry.sku} appears again (first at ${first}); the first is kept`;
    seen.set(entry.sku, where);
    return null;
  };
}

function parseJson(text: string): ParsedCatalog {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { entries: [], problems: [{ row: 0, where: 'file', reason: `not valid JSON (${(e as Error).message})` }] };
  }
  const list = Array.isArray(data) ? data : (data as { catalog?: unknown } | null)?.catalog;
  if (!Array.isArray(list)) return { entries: [], problems: [{ row: 0, where: 'file', reason: 'expected an array of catalog entries or { "catalog": [...] }' }] };
  const entries: CatalogEntry[] = [];
  const problems: ImportProblem[] = [];
  const firstOf = keepFirst();
  list.forEach((item: unknown, i) => {
    const where = `entry ${i + 1}`;
    // The admin API's listing wraps each entry with its version: read back as it was written.
    const value: unknown = item !== null && typeof item === 'object' && 'value' in item && 'version' in item ? (item as { value: unknown }).value : item;
    const parsed = catalogEntrySchema.safeParse(value, { reportInput: true });
    const reason = parsed.success ? firstOf(parsed.data, where) : describeIssues(parsed.error, 'entry');
    if (reason) problems.push({ row: i + 1, where, reason });
    else if (parsed.success) entries.push(parsed.data);
  });
  return { entries, problems };
}

/** A number cell: blank is absent; anything unreadable is kept as text so the schema names it. */
function monthsCell(s: string): number | string | undefined {
  const v = s.trim();
  if (v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : s;
}

function parseCsv(text: string): ParsedCatalog {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: false, transformHeader: (h) => h.trim().toLowerCase() });
  const headers = parsed.meta.fields ?? [];
  const missing = REQUIRED.filter((c) => !headers.includes(c));
  if (missing.length) return { entries: [], problems: [{ row: 1, where: 'line 1', reason: `missing column(s): ${missing.join(', ')}` }] };

  const entries: CatalogEntry[] = [];
  const problems: ImportProblem[] = [];
  const firstOf = keepFirst();
  parsed.data.forEach((raw, i) => {
    const line = i + 2;
    const cell = (c: Column) => raw[c] ?? '';
    if (CATALOG_COLUMNS.every((c) => cell(c).trim() === '')) return;
    const where = `line ${line}`;
    const result = catalogEntrySchema.safeParse(
      {
        sku: cell('sku'),
        description: cell('description'),
        kind: cell('kind').trim().toLowerCase(),
        warrantyMonths: monthsCell(cell('warranty_months')),
        barcodes: cell('barcodes').split(/[;|,\s]+/).filter(Boolean),
      },
      { reportInput: true },
    );
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const column = COLUMN_OF[String(issue.path[0])] ?? 'row';
      const sku = cell('sku').trim();
      problems.push({ row: line, where, reason: `${sku ? `${sku} ` : ''}${describeIssues(result.error).replace(/^[^:]*:/, `${column}:`)}` });
      return;
    }
    const reason = firstOf(result.data, where);
    if (reason) problems.push({ row: line, where, reason });
    else entries.push(result.data);
  });
  for (const e of parsed.errors) {
    if (e.code === 'TooFewFields' || e.code === 'TooManyFields') continue; // reported through the fields
    const line = (e.row ?? 0) + 2;
    problems.push({ row: line, where: `line ${line}`, reason: e.message });
  }
  problems.sort((a, b) => a.row - b.row);
  return { entries, problems };
}

/** The catalog as CSV, in the columns the import reads: edited and imported again, it round-trips. */
export function catalogToCsv(entries: readonly CatalogEntry[]): string {
  const rows = entries.map((e) => ({
    sku: e.sku,
    description: e.description,
    kind: e.kind,
    warranty_months: e.warrantyMonths === undefined ? '' : String(e.warrantyMonths),
    barcodes: e.barcodes.join(';'),
  }));
  return Papa.unparse(rows, { columns: [...CATALOG_COLUMNS], newline: '\n' }) + '\n';
}
