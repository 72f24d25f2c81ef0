import Papa from 'papaparse';
import { z } from 'zod';
import { csvRows, importProblemSchema, jsonEntries, looksLikeJson, numberCell, withoutBom, type ImportProblem } from '../importText';
import { describeIssues } from '../validation';
import { rmaSchema, type Rma, type RmaInput } from './schema';

/**
 * The customer-service export (README, *RMA files*): CSV with one row per RMA line and the RMA's
 * own fields repeated on each of its rows, or JSON: an array of RMA objects (or `{ "rmas": [...] }`).
 */
export const CSV_COLUMNS = [
  'rma_number',
  'status',
  'issued_on',
  'remedy',
  'customer_name',
  'address_line1',
  'address_line2',
  'city',
  'region',
  'postal_code',
  'country',
  'seller',
  'purchased_on',
  'delivered_on',
  'proof_of_purchase',
  'sku',
  'description',
  'kind',
  'condition',
  'quantity',
  'unit_price',
  'warranty_months',
  'serials',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
type Row = Record<Column, string>;

const OPTIONAL_COLUMNS = new Set<Column>(['address_line2', 'region', 'postal_code', 'delivered_on', 'warranty_months', 'serials']);
const RMA_COLUMNS = CSV_COLUMNS.slice(0, CSV_COLUMNS.indexOf('sku'));

/** Where the schema's fields live in the CSV, so a problem names the column a person can find. */
const COLUMN_OF: Record<string, Column> = {
  number: 'rma_number',
  status: 'status',
  issuedOn: 'issued_on',
  remedy: 'remedy',
  'customer.name': 'customer_name',
  'customer.address.line1': 'address_line1',
  'customer.address.line2': 'address_line2',
  'customer.address.city': 'city',
  'customer.address.region': 'region',
  'customer.address.postalCode': 'postal_code',
  'customer.address.country': 'country',
  seller: 'seller',
  purchasedOn: 'purchased_on',
  deliveredOn: 'delivered_on',
  proofOfPurchase: 'proof_of_purchase',
  sku: 'sku',
  description: 'description',
  kind: 'kind',
  condition: 'condition',
  quantity: 'quantity',
  unitPrice: 'unit_price',
  warrantyMonths: 'warranty_months',
  serials: 'serials',
};

/** What the server's import says it did (`POST /api/v1/admin/rmas/import`). */
export const rmaImportAnswerSchema = z.object({ added: z.number().int().min(0), updated: z.number().int().min(0), problems: z.array(importProblemSchema) });

export interface ParsedExport {
  format: 'csv' | 'json';
  rmas: Rma[];
  problems: ImportProblem[];
}

export function parseRmaExport(text: string): ParsedExport {
  return looksLikeJson(text) ? parseJsonExport(text) : parseCsvExport(withoutBom(text));
}

function parseJsonExport(text: string): ParsedExport {
  const { entries, problems } = jsonEntries(text, { key: 'rmas', what: 'RMAs' }, rmaSchema, (rma) => rma.number);
  return { format: 'json', rmas: entries, problems };
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

function yesNo(s: string): boolean | string {
  const v = s.trim().toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : s;
}

const blankToUndefined = (s: string) => (s.trim() === '' ? undefined : s);

function rmaFromRows(rows: { line: number; row: Row }[]): RmaInput {
  const r = rows[0]!.row;
  return {
    number: r.rma_number,
    status: r.status.trim().toLowerCase() as RmaInput['status'],
    issuedOn: r.issued_on.trim(),
    remedy: r.remedy.trim().toLowerCase() as RmaInput['remedy'],
    customer: {
      name: r.customer_name,
      address: {
        line1: r.address_line1,
        line2: blankToUndefined(r.address_line2),
        city: r.city,
        region: blankToUndefined(r.region),
        postalCode: blankToUndefined(r.postal_code),
        country: r.country,
      },
    },
    seller: r.seller.trim().toLowerCase() as RmaInput['seller'],
    purchasedOn: r.purchased_on.trim(),
    deliveredOn: blankToUndefined(r.delivered_on)?.trim(),
    proofOfPurchase: yesNo(r.proof_of_purchase) as boolean,
    lines: rows.map(({ row }) => ({
      sku: row.sku,
      description: row.description,
      kind: row.kind.trim().toLowerCase() as 'product',
      condition: row.condition.trim().toLowerCase() as 'new',
      quantity: numberCell(row.quantity, { dollars: true }) as number,
      unitPrice: numberCell(row.unit_price, { dollars: true }) as number,
      warrantyMonths: numberCell(row.warranty_months, { dollars: true }) as number | undefined,
      serials: row.serials.split(/[;|,\s]+/).filter(Boolean),
    })),
  };
}

/** The line a schema issue belongs to, and the column it names. */
function locate(issue: z.core.$ZodIssue, rows: { line: number }[]): { line: number; column: string } {
  const path = issue.path.map(String);
  if (path[0] === 'lines' && path.length >= 2) {
    const index = Number(path[1]);
    return { line: rows[index]?.line ?? rows[0]!.line, column: COLUMN_OF[path.slice(2).join('.')] ?? 'line' };
  }
  return { line: rows[0]!.line, column: COLUMN_OF[path.join('.')] ?? 'row' };
}

/** An RMA number in cells that should hold none: a row run into another. */
const RMA_IN_CELLS = /RMA\s*-?\s*\d{8}/i;

function parseCsvExport(text: string): ParsedExport {
  const { rows, problems } = csvRows(text, { columns: CSV_COLUMNS, required: CSV_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c)), rowKey: RMA_IN_CELLS });
  const groups = new Map<string, { line: number; row: Row }[]>();
  for (const { line, cells: row } of rows) {
    const key = row.rma_number.replace(/[\s-]/g, '').toUpperCase();
    const group = groups.get(key);
    if (group) group.push({ line, row });
    else groups.set(key, [{ line, row }]);
  }

  const rmas: Rma[] = [];
  for (const rows of groups.values()) {
    const first = rows[0]!;
    const disagreeing = rows.find(({ row }) => RMA_COLUMNS.some((c) => row[c].trim() !== first.row[c].trim()));
    if (disagreeing) {
      const column = RMA_COLUMNS.find((c) => disagreeing.row[c].trim() !== first.row[c].trim());
      problems.push({
        row: disagreeing.line,
        where: `line ${disagreeing.line}`,
        reason: `${column}: differs from line ${first.line} for the same RMA; the RMA was not imported`,
      });
      continue;
    }
    const result = rmaSchema.safeParse(rmaFromRows(rows), { reportInput: true });
    if (result.success) {
      rmas.push(result.data);
      continue;
    }
    const issue = result.error.issues[0]!;
    const { line, column } = locate(issue, rows);
    const reason = describeIssues(result.error).replace(/^[^:]*:/, `${column}:`);
    const others = rows.length > 1 ? ` (the RMA's ${rows.length} lines were not imported)` : '';
    problems.push({ row: line, where: `line ${line}`, reason: `${first.row.rma_number.trim() || 'RMA'} ${reason}${others}` });
  }
  problems.sort((a, b) => a.row - b.row);
  return { format: 'csv', rmas, problems };
}

/** The CSV export of RMAs: the same columns the import reads. */
export function toCsv(rmas: readonly Rma[]): string {
  const rows = rmas.flatMap((r) =>
    r.lines.map((l) => ({
      rma_number: r.number,
      status: r.status,
      issued_on: r.issuedOn,
      remedy: r.remedy,
      customer_name: r.customer.name,
      address_line1: r.customer.address.line1,
      address_line2: r.customer.address.line2 ?? '',
      city: r.customer.address.city,
      region: r.customer.address.region ?? '',
      postal_code: r.customer.address.postalCode ?? '',
      country: r.customer.address.country,
      seller: r.seller,
      purchased_on: r.purchasedOn,
      delivered_on: r.deliveredOn ?? '',
      proof_of_purchase: r.proofOfPurchase ? 'yes' : 'no',
      sku: l.sku,
      description: l.description,
      kind: l.kind,
      condition: l.condition,
      quantity: String(l.quantity),
      unit_price: l.unitPrice.toFixed(2),
      warranty_months: l.warrantyMonths === undefined ? '' : String(l.warrantyMonths),
      serials: l.serials.join(';'),
    })),
  );
  return Papa.unparse(rows, { columns: [...CSV_COLUMNS], newline: '\n' }) + '\n';
}
