import { isOnRma, rmaClosesWith, settledOutcome } from '../../../shared/inspection';
import type { Outcome } from '../../../shared/policy';
import type { Rma } from '../../../shared/rma';
import { dispositionOf } from '../../db/inspection';
import type { UnitRow } from '../../db/schema';

/** The outcome in force once no supervisor is still needed for it. */
export const finalOutcome = (u: UnitRow): Outcome | null => settledOutcome(dispositionOf(u));

/** Clause 11's closing rule over what this station's projections know. */
export function rmaIsClosed(rma: Rma, units: readonly UnitRow[]): boolean {
  return rmaClosesWith(
    rma,
    units.filter((u) => !u.voided).map((u) => ({ onRma: isOnRma(u), settled: finalOutcome(u), shipped: u.shipment !== undefined })),
  );
}
