import type { CatalogEntry } from '../entities';
import { asGtin14 } from '../labels';

const norm = (s: string) => s.trim().toUpperCase();

/**
 * The SKU a unit is counted under, from what the inspector scanned or typed. A handheld scanner
 * reads the UPC/EAN on the item as readily as its SKU: counted as scanned, the RMA's own item
 * would be taken for one not on the RMA and sent back at the customer's cost. So the RMA's
 * spelling of the code (a UPC-A given as 13 digits is the RMA's 12) comes first; then the
 * catalog entry that lists the code among its barcodes; else the code as scanned.
 * @param catalog catalog entries that may list the code (those found by its GTIN forms)
 */
export function countedSku(scanned: string, rmaSkus: readonly string[], catalog: readonly Pick<CatalogEntry, 'sku' | 'barcodes'>[]): string {
  const code = norm(scanned);
  const onRma = rmaSkus.find((s) => norm(s) === code);
  if (onRma) return norm(onRma);
  const gtin = asGtin14(code);
  if (!gtin) return code;
  const sameGtin = rmaSkus.find((s) => asGtin14(norm(s)) === gtin);
  if (sameGtin) return norm(sameGtin);
  return catalog.find((e) => e.barcodes.some((b) => asGtin14(b) === gtin))?.sku ?? code;
}
