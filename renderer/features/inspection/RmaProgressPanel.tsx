import { outcomeInForce } from '../../../shared/inspection';
import { rmaCloses, type UnitStanding } from '../../../shared/policy';
import { unitsAuthorised, type Rma } from '../../../shared/rma';
import type { UnitRow } from '../../db/schema';

/**
 * Where the RMA stands (clause 11): units received, inspected, decided and shipped, and whether it
 * closes. Authorised units not yet received count as not final; nothing ships before slips exist.
 */
export function RmaProgressPanel({ rma, units }: { rma: Rma; units: readonly UnitRow[] }) {
  const authorised = unitsAuthorised(rma);
  const onRma = units.filter((u) => u.match === 'matched' || u.match === 'serial_mismatch');
  const standings: UnitStanding[] = [
    ...units.map((u) => ({ outcome: finalOutcome(u), shipped: false, repairOffer: null })),
    ...Array.from({ length: Math.max(0, authorised - onRma.length) }, () => ({ outcome: null, shipped: false, repairOffer: null })),
  ];
  const decided = units.filter((u) => finalOutcome(u) !== null).length;
  return (
    <section className="card wide" aria-label="RMA progress">
      <h2>{rma.number}</h2>
      <dl className="facts" data-testid="rma-progress">
        <dt>Authorised</dt>
        <dd>{authorised}</dd>
        <dt>Received</dt>
        <dd data-testid="progress-received">{units.length}</dd>
        <dt>Inspected</dt>
        <dd data-testid="progress-inspected">{units.filter((u) => u.inspection).length}</dd>
        <dt>Decided</dt>
        <dd data-testid="progress-decided">{decided}</dd>
        <dt>Shipped</dt>
        <dd>0</dd>
        <dt>RMA</dt>
        <dd data-testid="progress-closed">{rmaCloses(standings) ? 'closed' : 'open: closes when every unit is final and shipped'}</dd>
      </dl>
    </section>
  );
}

/** The outcome in force once no supervisor is still needed for it. */
function finalOutcome(u: UnitRow) {
  const outcome = outcomeInForce({ decided: u.decision?.decision.outcome ?? null, overridden: u.override?.outcome ?? null });
  if (outcome === 'supervisor_review') return null;
  if (outcome === 'paid_repair_offer' && !u.approval && !u.override) return null;
  return outcome;
}
