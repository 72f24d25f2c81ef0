import { useLiveQuery } from 'dexie-react-hooks';
import { unitsAuthorised, type Rma } from '../../../shared/rma';
import { exceptionInWords } from '../../../shared/sync';
import { useStation } from '../../app/station';
import { openExceptionsOf } from '../../db/exceptions';
import type { UnitRow } from '../../db/schema';
import { closingInWords, finalOutcome } from './closing';

/**
 * Where the RMA stands (clause 11): units received, inspected, decided and shipped, and whether it
 * closes. Authorised units not yet received count as not final.
 */
export function RmaProgressPanel({ rma, units }: { rma: Rma; units: readonly UnitRow[] }) {
  const { db } = useStation();
  // Where this RMA's facts disagree across stations.
  const exceptions = useLiveQuery(() => openExceptionsOf(db, rma.number), [db, rma.number]) ?? [];
  const authorised = unitsAuthorised(rma);
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
        <dd data-testid="progress-shipped">{units.filter((u) => u.shipment).length}</dd>
        <dt>RMA</dt>
        <dd data-testid="progress-closed">{closingInWords(rma, units)}</dd>
        {exceptions.length > 0 && (
          <>
            <dt>Open exceptions</dt>
            <dd data-testid="progress-exceptions">{exceptions.map((x) => exceptionInWords(x)).join('; ')} — a supervisor resolves them on the Sync screen</dd>
          </>
        )}
      </dl>
    </section>
  );
}
