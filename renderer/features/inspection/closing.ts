import { outcomeInForce } from '../../../shared/inspection';
import { rmaCloses, type Outcome, type UnitStanding } from '../../../shared/policy';
import { unitsAuthorised, type Rma } from '../../../shared/rma';
import type { UnitRow } from '../../db/schema';

/** The outcome in force once no supervisor is still needed for it. */
export function finalOutcome(u: UnitRow): Outcome | null {
  const outcome = outcomeInForce({ decided: u.decision?.decision.outcome ?? null, overridden: u.override?.outcome ?? null });
  if (outcome === 'supervisor_review') return null;
  if (outcome === 'paid_repair_offer' && !u.approval && !u.override) return null;
  return outcome;
}

/**
 * Clause 11's closing rule over what this station knows: every authorised unit — received or not —
 * has a final outcome, and what ships has left with a tracking number. A repair offer counts as
 * answered once a supervisor let it stand and its slip shipped.
 */
export function rmaIsClosed(rma: Rma, units: readonly UnitRow[]): boolean {
  const counted = units.filter((u) => !u.voided);
  const onRma = counted.filter((u) => u.match === 'matched' || u.match === 'serial_mismatch');
  const standings: UnitStanding[] = [
    ...counted.map((u) => ({ outcome: finalOutcome(u), shipped: u.shipment !== undefined, repairOffer: u.approval || u.override ? ('accepted' as const) : null })),
    ...Array.from({ length: Math.max(0, unitsAuthorised(rma) - onRma.length) }, () => ({ outcome: null, shipped: false, repairOffer: null })),
  ];
  return rmaCloses(standings);
}
