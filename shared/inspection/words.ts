import type { Decision, MisuseKind, Outcome, Reason } from '../policy';
import type { UnitMatch } from './matching';

/** The policy's words, as an inspector, a supervisor and a packing slip say them. */
export const OUTCOME_WORDS: Record<Outcome, string> = {
  refund: 'Refund',
  replace: 'Replace with the same item',
  paid_repair_offer: 'Offer a paid repair ($45.00 a unit)',
  return_to_customer: 'Return to the customer',
  refer_to_seller: 'Refer the customer to the seller',
  supervisor_review: 'Supervisor to decide',
};

export const REASON_WORDS: Record<Reason, string> = {
  not_on_rma: 'not listed on the RMA',
  unauthorized_seller: 'bought from a seller that is not authorised',
  refund_window_expired: 'refund asked more than 30 days after delivery',
  defective: 'defective',
  no_fault_found: 'no fault found',
  misuse_on_refund: 'misuse found on a refund request',
  warranty_term_unknown: 'the catalog has no warranty term for this product',
  out_of_warranty: 'out of warranty',
  misuse: 'misuse, not covered by the warranty',
  international_separate_process: 'international: separate RMA process',
  no_proof_of_purchase: 'no proof of purchase',
};

export const MISUSE_WORDS: Record<MisuseKind, string> = {
  normal_wear: 'normal wear',
  abrasion: 'abrasion',
  misuse: 'misuse',
  alteration: 'alteration',
  abuse: 'abuse',
  disassembly: 'taken apart',
  improper_care: 'improper care',
  accident: 'accident',
  uv_exposure: 'prolonged UV exposure',
  material_breakdown: 'natural breakdown of materials',
};

export const CUSTOMER_PAYS_WORDS: Record<Decision['customerPays'], string> = {
  nothing: 'Nothing: we pay any shipping',
  return_shipping: 'The customer pays the return shipping',
  shipping_both_ways: 'The customer pays shipping both ways',
};

export const MATCH_WORDS: Record<UnitMatch['status'], string> = {
  matched: 'on the RMA',
  serial_mismatch: 'SKU on the RMA, but not a serial it lists',
  over_quantity: 'more of this SKU than the RMA authorised',
  not_on_rma: 'not on the RMA: goes back at the customer’s cost',
  duplicate_serial: 'this serial was already counted',
};

const money = (n: number) => `$${n.toFixed(2)}`;

/** The money of a decision in one line, or null when none changes hands. */
export function moneyWords(d: Decision): string | null {
  if (d.refund) {
    return d.refund.feeWaived
      ? `Refund ${money(d.refund.net)} in full (restocking fee waived)`
      : `Refund ${money(d.refund.net)} = ${money(d.refund.gross)} less a ${money(d.refund.restockingFee)} restocking fee`;
  }
  if (d.repairFee !== null) return `Repair offer: ${money(d.repairFee)}`;
  return null;
}
