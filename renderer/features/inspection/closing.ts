import { isOnRma, rmaClosesWith, settledOutcome } from '../../../shared/inspection';
import type { Outcome } from '../../../shared/policy';
import type { Rma } from '../../../shared/rma';
import { dispositionOf } from '../../db/inspection';
import type { UnitRow } from '../../db/schema';

/** The outcome in force once no supervisor is still needed for it. */
export const finalOutcome = (u: UnitRow): Outcome | null => settledOutcome(dispositionOf(u));

/** Clause 11's closing rule over what this station's projections know: every unit final and shipped. */
export function everyUnitDone(rma: Rma, units: readonly UnitRow[]): boolean {
  return rmaClosesWith(
    rma,
    units.filter((u) => !u.voided).map((u) => ({ onRma: isOnRma(u), settled: finalOutcome(u), shipped: u.shipment !== undefined })),
  );
}

/**
 * Where the RMA stands on the panel. Closed when every unit is done, or once the server closed it
 * (its word makes every dock refuse a late box, and a closed RMA stays closed), though a unit
 * counted after (an item not on the RMA found in its last box) may still have its outcome and
 * shipping to come: the panel then says both.
 */
export function closingInWords(rma: Rma, units: readonly UnitRow[]): string {
  if (everyUnitDone(rma, units)) return 'closed';
  return rma.status === 'closed' ? 'closed: late boxes are refused; units counted since still need their outcome and shipping' : 'open: closes when every unit is final and shipped';
}
