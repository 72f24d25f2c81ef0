import type { Outcome } from './schema';

/** Where one authorised unit stands, as the facts recorded so far say. */
export interface UnitStanding {
  /** The outcome in force: the policy's decision, or a supervisor's override of it; null before. */
  outcome: Outcome | null;
  /** A replacement or return shipment for this unit has left with a tracking number. */
  shipped: boolean;
  /** The customer's answer to a misuse repair offer, once given. */
  repairOffer: 'accepted' | 'declined' | null;
}

/**
 * Clause 11's closing rule (POLICY.md, *Closing*): a refund is final once recorded; a replacement,
 * a return to the customer and a referral to the seller once shipped; a repair offer once
 * answered and the unit shipped (repaired, or returned as it came); a supervisor review never.
 */
export function isUnitFinal(unit: UnitStanding): boolean {
  switch (unit.outcome) {
    case 'refund':
      return true;
    case 'replace':
    case 'return_to_customer':
    case 'refer_to_seller':
      return unit.shipped;
    case 'paid_repair_offer':
      return unit.repairOffer !== null && unit.shipped;
    case 'supervisor_review':
    case null:
      return false;
  }
}

/** An RMA closes when every unit on it — received or not — has reached a final outcome. */
export function rmaCloses(units: readonly UnitStanding[]): boolean {
  return units.length > 0 && units.every(isUnitFinal);
}
