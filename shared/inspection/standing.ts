import type { Outcome } from '../policy';

/** Outcomes the inspector cannot act on alone (issue 5: they wait for a supervisor). */
export function needsSupervisor(outcome: Outcome): boolean {
  return outcome === 'supervisor_review' || outcome === 'paid_repair_offer';
}

/** Where a unit's disposition stands, from its decision, approval and override facts. */
export type DispositionState = 'not_inspected' | 'waiting_for_supervisor' | 'decided' | 'approved' | 'overridden';

export function dispositionState(unit: { decided: Outcome | null; approved: boolean; overridden: Outcome | null }): DispositionState {
  if (unit.overridden) return 'overridden';
  if (!unit.decided) return 'not_inspected';
  if (needsSupervisor(unit.decided)) return unit.approved ? 'approved' : 'waiting_for_supervisor';
  return 'decided';
}

/**
 * The outcome in force: a supervisor's override, else the policy's — which, while it waits for a
 * supervisor, stays `supervisor_review` or an unapproved offer (neither is final).
 */
export function outcomeInForce(unit: { decided: Outcome | null; overridden: Outcome | null }): Outcome | null {
  return unit.overridden ?? unit.decided;
}

/** The outcome in force once no supervisor is still needed for it; null while one is (or none yet). */
export function settledOutcome(unit: { decided: Outcome | null; approved: boolean; overridden: Outcome | null }): Outcome | null {
  return dispositionState(unit) === 'waiting_for_supervisor' ? null : outcomeInForce(unit);
}
