import type { IsoDate } from '../dates';
import type { CatalogEntry } from '../entities';
import type { PolicyCaseInput } from '../policy';
import type { Rma } from '../rma';
import type { UnitMatch } from './matching';

export interface UnitForDecision {
  sku: string;
  /** How the blind count placed it (matching.ts). */
  match: UnitMatch['status'];
  /** The RMA line it was counted against, when it was. */
  line: number | null;
}

/**
 * Only the specific items listed on the RMA are accepted (clause 11): a unit counted against a
 * line is on it (a different serial of a listed SKU is shown to the inspector, not refused);
 * a unit beyond the authorised quantity, of an unlisted SKU, or a second scan of a serial is not.
 */
export function isOnRma(unit: Pick<UnitForDecision, 'match' | 'line'>): boolean {
  return (unit.match === 'matched' || unit.match === 'serial_mismatch') && unit.line !== null;
}

/**
 * The policy case for one unit (POLICY.md, *Inputs per item*): quantity 1, the line's price and
 * condition as sold; a unit not on the RMA takes its kind from the catalog and is returned by
 * rule 1 whatever the rest says. `originalPurchasedOn` is the first purchase's date when this
 * unit was itself a replacement (clause 3).
 */
export function policyCaseFor(input: {
  rma: Rma;
  unit: UnitForDecision;
  catalog: CatalogEntry | undefined;
  receivedOn: IsoDate;
  finding: PolicyCaseInput['finding'];
  inStock: boolean;
  originalPurchasedOn?: IsoDate | null;
}): PolicyCaseInput {
  const { rma, unit, catalog, receivedOn, finding, inStock, originalPurchasedOn } = input;
  const onRma = isOnRma(unit);
  const line = onRma ? rma.lines[unit.line!] : undefined;
  return {
    rma: {
      number: rma.number,
      issuedOn: rma.issuedOn,
      remedy: rma.remedy,
      country: rma.customer.address.country,
      seller: rma.seller,
      purchasedOn: originalPurchasedOn ?? rma.purchasedOn,
      deliveredOn: rma.deliveredOn,
      proofOfPurchase: rma.proofOfPurchase,
    },
    item: {
      sku: unit.sku,
      kind: line?.kind ?? catalog?.kind ?? 'product',
      condition: line?.condition ?? 'new',
      unitPrice: line?.unitPrice ?? 0,
      quantity: 1,
      warrantyMonths: line?.warrantyMonths ?? catalog?.warrantyMonths,
      onRma,
    },
    receivedOn,
    finding,
    inStock,
  };
}
