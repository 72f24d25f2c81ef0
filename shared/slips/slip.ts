import type { IsoDate } from '../dates';
import type { Outcome } from '../policy';
import { REASON_WORDS } from '../inspection/words';
import type { Reason } from '../policy';
import type { Rma } from '../rma';

/** What leaves the warehouse, by the outcome in force of its units. */
export type SlipKind = 'replacement' | 'return_to_customer' | 'repair';

export const SLIP_TITLES: Record<SlipKind, string> = {
  replacement: 'REPLACEMENT',
  return_to_customer: 'RETURN TO CUSTOMER',
  repair: 'REPAIR',
};

/** Which slip a unit goes out on; null for outcomes that ship nothing (a refund, a review). */
export function slipKindFor(outcome: Outcome | null): SlipKind | null {
  switch (outcome) {
    case 'replace':
      return 'replacement';
    case 'return_to_customer':
    case 'refer_to_seller':
      return 'return_to_customer';
    case 'paid_repair_offer':
      return 'repair';
    default:
      return null;
  }
}

/** POLICY.md, *Shipping*: the company's carriers in the U.S.; elsewhere case by case (clauses 7, 9). */
export function shippingMethodFor(country: string): string {
  return country === 'US' ? 'USPS Priority Mail, FedEx Ground or UPS Ground' : 'International — regional carrier, shipping billed to customer, customs by customer';
}

export interface SlipUnitInput {
  sku: string;
  serialReturned: string | null;
  serialShipped: string | null;
  outcome: Outcome;
  /** For a replacement: new or refurbished (clause 3). */
  replacementCondition: 'new' | 'refurbished' | null;
  /** The decision's first reason: why a unit goes back. */
  reason: Reason | null;
  warrantyEndsOn: IsoDate | null;
  /** The original purchase the warranty counts from (clause 3). */
  purchasedOn: IsoDate;
}

export interface SlipLine {
  sku: string;
  description: string;
  serialReturned: string;
  serialShipped: string;
  condition: string;
}

/** Everything a packing slip says, decided before any drawing. */
export interface Slip {
  slipId: string;
  kind: SlipKind;
  title: string;
  reprint: boolean;
  site: { name: string; address: string[] };
  rmaNumber: string;
  date: IsoDate;
  shipTo: string[];
  shippingMethod: string;
  lines: SlipLine[];
  /** Plain-words notes under the table, in the order printed. */
  notes: string[];
  inspector: string;
  station: string;
}

export interface SlipInput {
  slipId: string;
  kind: SlipKind;
  reprint: boolean;
  site: { name: string; address: string[] };
  rma: Rma;
  units: readonly SlipUnitInput[];
  date: IsoDate;
  inspector: string;
  station: string;
}

const addressLines = (rma: Rma) => {
  const a = rma.customer.address;
  return [rma.customer.name, a.line1, ...(a.line2 ? [a.line2] : []), [a.city, a.region, a.postalCode].filter(Boolean).join(' '), a.country];
};

/** The slip for some of an RMA's units. The date is passed in: this reads no clock. */
export function slipFor({ slipId, kind, reprint, site, rma, units, date, inspector, station }: SlipInput): Slip {
  const descriptionOf = (sku: string) => rma.lines.find((l) => l.sku === sku)?.description ?? 'not on the RMA';
  const lines = units.map((u) => ({
    sku: u.sku,
    description: descriptionOf(u.sku),
    serialReturned: u.serialReturned ?? '—',
    serialShipped: kind === 'replacement' ? (u.serialShipped ?? 'to be assigned') : (u.serialReturned ?? '—'),
    condition: kind === 'replacement' ? (u.replacementCondition ?? '—') : 'as received',
  }));
  const notes: string[] = [];
  const country = rma.customer.address.country;
  if (kind === 'replacement') {
    const terms = new Map(units.map((u) => [`${u.purchasedOn}|${u.warrantyEndsOn ?? ''}`, [u.purchasedOn, u.warrantyEndsOn] as const]));
    for (const [purchasedOn, endsOn] of terms.values()) {
      notes.push(
        endsOn
          ? `Warranty ends ${endsOn}, counted from the original purchase on ${purchasedOn} — not restarted by this replacement (clause 3).`
          : `Warranty counted from the original purchase on ${purchasedOn} — not restarted by this replacement (clause 3).`,
      );
    }
  }
  if (kind === 'return_to_customer') {
    const reasons = [...new Set(units.flatMap((u) => (u.reason ? [REASON_WORDS[u.reason]] : [])))];
    if (reasons.length) notes.push(`Returned because: ${reasons.join('; ')}.`);
    notes.push('Return shipping is at the customer’s expense (clauses 8, 11).');
  }
  if (kind === 'repair') notes.push('Misuse repair at $45.00 a unit, accepted by the customer (clause 12).');
  if (country !== 'US') notes.push('International shipment: the customer pays shipping both ways and all customs, brokerage, taxes and duties (clauses 1, 9).');
  return {
    slipId,
    kind,
    title: SLIP_TITLES[kind],
    reprint,
    site,
    rmaNumber: rma.number,
    date,
    shipTo: addressLines(rma),
    shippingMethod: shippingMethodFor(country),
    lines,
    notes,
    inspector,
    station,
  };
}
