import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type FormEvent } from 'react';
import { classifyLabel } from '../../../shared/labels';
import { usFederalCalendar } from '../../../shared/dates';
import { turnaroundFor } from '../../../shared/inspection';
import { useStation } from '../../app/station';
import { localDateOf } from '../../db/inspection';

/** The queue shows this many of the oldest boxes; the rest follow as these are closed. */
const SHOWN = 200;

function leftWords(days: number, overdue: boolean): string {
  if (overdue) return `OVERDUE by ${-days} business day${days === -1 ? '' : 's'}`;
  if (days === 0) return 'due today';
  return `${days} business day${days === 1 ? '' : 's'} left`;
}

/**
 * Any RMA's boxes, waiting or closed: how a supervisor or an inspector gets back to a box after
 * it has left the queue. A scanned or typed RMA number, checked like the dock checks it.
 */
function FindBoxes({ onOpen }: { onOpen: (packageId: string) => void }) {
  const { db } = useStation();
  const id = useId();
  const [text, setText] = useState('');
  const [number, setNumber] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const boxes = useLiveQuery(async () => (number ? (await db.packages.where('rmaNumber').equals(number).toArray()).filter((p) => p.verdict === 'accept' && !p.voided) : []), [db, number]);

  function find(e: FormEvent) {
    e.preventDefault();
    const label = classifyLabel(text);
    if (label.kind !== 'rma' || !label.valid) {
      setNumber(null);
      return setProblem(label.kind === 'rma' ? `${text.trim()} has a wrong check digit: check the number.` : `${text.trim()} is not an RMA number (RMA + 8 digits).`);
    }
    setProblem(null);
    setNumber(label.value);
  }

  return (
    <section className="card wide" aria-label="Boxes by RMA">
      <form onSubmit={find} className="scan-row">
        <label htmlFor={`${id}-rma`}>Find an RMA’s boxes</label>
        <input type="text" id={`${id}-rma`} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" placeholder="RMA number" />
        <button type="submit" disabled={!text.trim()}>
          Find
        </button>
      </form>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      {number && boxes && boxes.length === 0 && <p className="muted">No box for {number} was accepted here.</p>}
      {boxes?.map((box) => (
        <p key={box.id} className="row" data-box={box.id}>
          Box received {localDateOf(box.decidedAt)} — {box.closed ? `closed by ${box.closed.by}, ${box.closed.units} units` : 'waiting for inspection'}{' '}
          <button type="button" onClick={() => onOpen(box.id)}>
            Open box
          </button>
        </p>
      ))}
    </section>
  );
}

/** Accepted boxes waiting for inspection, oldest first, with their turnaround due date (clause 7). */
export function InspectionQueue({ onOpen }: { onOpen: (packageId: string) => void }) {
  const { db } = useStation();
  const queue = useLiveQuery(() => Promise.all([db.packages.orderBy('queuedAt').limit(SHOWN).toArray(), db.packages.where('queuedAt').above('').count()]), [db]);
  if (!queue) return null;
  const [boxes, total] = queue;
  const today = localDateOf(new Date());
  return (
    <>
    <section className="card wide" aria-label="Inspection queue">
      <h2>
        Waiting for inspection <span className="muted">({total})</span>
      </h2>
      {boxes.length === 0 ? (
        <p className="muted">No boxes are waiting: boxes accepted at the dock appear here.</p>
      ) : (
        <p className="muted">Scan a box’s RMA label to open it, or choose it below.</p>
      )}
      {boxes.length > 0 && (
        <table className="queue">
          <thead>
            <tr>
              <th>RMA</th>
              <th>Received</th>
              <th>Due</th>
              <th>Left</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {boxes.map((box) => {
              const receivedOn = localDateOf(box.decidedAt);
              const t = turnaroundFor(receivedOn, today, usFederalCalendar);
              return (
                <tr key={box.id} className={t.overdue ? 'overdue' : t.businessDaysLeft <= 2 ? 'due-soon' : undefined} data-rma={box.rmaNumber}>
                  <td>{box.rmaNumber}</td>
                  <td>{receivedOn}</td>
                  <td>{t.dueOn}</td>
                  <td>{leftWords(t.businessDaysLeft, t.overdue)}</td>
                  <td>
                    <button type="button" onClick={() => onOpen(box.id)}>
                      Open box
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {total > boxes.length && <p className="muted">Showing the {SHOWN} oldest.</p>}
    </section>
    <FindBoxes onOpen={onOpen} />
    </>
  );
}
