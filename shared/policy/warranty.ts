import { addDays, addMonths, type IsoDate } from '../dates';
import type { PolicyCase } from './schema';

export const USED_OR_REFURBISHED_DAYS = 90;
export const ACCESSORY_MONTHS = 6;

/** Where an item's warranty term comes from, and the clause that sets it (none for the catalog). */
export type WarrantyTerm =
  | { source: 'used_or_refurbished'; clause: 4; endsOn: IsoDate }
  | { source: 'accessory'; clause: 5; endsOn: IsoDate }
  | { source: 'catalog'; clause: null; endsOn: IsoDate }
  | { source: 'unknown'; clause: null; endsOn: null };

/**
 * Clause 3: counted from the original purchase only — the receipt date plays no part.
 * Clause 4 ("no exceptions") comes before clause 5, which comes before the catalog.
 */
export function warrantyTermFor(item: PolicyCase['item'], purchasedOn: IsoDate): WarrantyTerm {
  if (item.condition === 'used' || item.condition === 'refurbished') {
    return { source: 'used_or_refurbished', clause: 4, endsOn: addDays(purchasedOn, USED_OR_REFURBISHED_DAYS) };
  }
  if (item.kind === 'accessory') {
    return { source: 'accessory', clause: 5, endsOn: addMonths(purchasedOn, ACCESSORY_MONTHS) };
  }
  if (item.warrantyMonths !== undefined) {
    return { source: 'catalog', clause: null, endsOn: addMonths(purchasedOn, item.warrantyMonths) };
  }
  return { source: 'unknown', clause: null, endsOn: null };
}

/** A claim is in warranty when the RMA was issued on or before the end date. */
export function isCovered(term: WarrantyTerm, issuedOn: IsoDate): boolean {
  return term.endsOn !== null && issuedOn <= term.endsOn;
}
