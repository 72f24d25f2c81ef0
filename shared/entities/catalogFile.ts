import Papa from 'papaparse';
import { z } from 'zod';
import { csvRows, firstOfEachKey, importProblemSchema, jsonEntries, looksLikeJson, numberCell, withoutBom, type ImportProblem } from '../importText';
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
  return looksLikeJson(text) ? parseJson(text) : parseCsv(withoutBom(text));
}

// The admin API's listing wraps each entry with its version: read back as it was written.
const unwrapListed = (record: unknown): unknown =>
  record !== null && typeof record === 'object' && 'value' in record && 'version' in record ? (record as { value: unknown }).value : record;

const parseJson = (text: string): ParsedCatalog => jsonEntries(text, { key: 'catalog', what: 'catalog entries' }, catalogEntrySchema, (e) => e.sku, unwrapListed);

function parseCsv(text: string): ParsedCatalog {
  const { rows, problems } = csvRows(text, { columns: CATALOG_COLUMNS, required: REQUIRED });
  const entries: CatalogEntry[] = [];
  const seen = firstOfEachKey();
  for (const { line, cells } of rows) {
    const where = `line ${line}`;
    const result = catalogEntrySchema.safeParse(
      {
        sku: cells.sku,
        description: cells.description,
        kind: cells.kind.trim().toLowerCase(),
        warrantyMonths: numberCell(cells.warranty_months),
        barcodes: cells.barcodes.split(/[;|,\s]+/).filter(Boolean),
      },
      { reportInput: true },
    );
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const column = COLUMN_OF[String(issue.path[0])] ?? 'row';
      const sku = cells.sku.trim();
      problems.push({ row: line, where, reason: `${sku ? `${sku} ` : ''}${describeIssues(result.error).replace(/^[^:]*:/, `${column}:`)}` });
      continue;
    }
    const reason = seen(result.data.sku, where);
    if (reason) problems.push({ row: line, where, reason });
    else entries.push(result.data);
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
