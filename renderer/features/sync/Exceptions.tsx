import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { exceptionInWords } from '../../../shared/sync';
import { useStation } from '../../app/station';
import { exceptionsForSupervisor, resolveException, type SupervisedException } from '../../db/exceptions';
import { asSupervisor } from '../../db/facts';
import { describeWriteError } from '../../db/writeErrors';
import { factInList } from './factInList';

/** Resolved exceptions shown at a time: the newest first, older ones on request. */
const RESOLVED_PAGE = 50;

/**
 * Where facts disagree, as the server raised it: open ones for a supervisor to deal with and
 * resolve with a note; resolved ones kept below as the record.
 * @param seen changes whenever sync may have brought new ones
 */
export function Exceptions({ seen }: { seen: unknown }) {
  const { db, recorder } = useStation();
  const [lists, setLists] = useState<{ open: SupervisedException[]; resolved: SupervisedException[]; resolvedCount: number }>({ open: [], resolved: [], resolvedCount: 0 });
  const [resolvedShown, setResolvedShown] = useState(RESOLVED_PAGE);
  const reload = useCallback(() => void exceptionsForSupervisor(db, resolvedShown).then(setLists), [db, resolvedShown]);
  useEffect(reload, [reload, seen]);
  const supervisor = asSupervisor(recorder);

  if (!lists.open.length && !lists.resolvedCount) return null;
  return (
    <section aria-label="Exceptions">
      <h3>Exceptions for a supervisor ({lists.open.length} open)</h3>
      {lists.open.length > 0 && !supervisor && <p>A supervisor signs in at this station to resolve these.</p>}
      <ul data-testid="exceptions">
        {lists.open.map((x) => (
          <OpenException key={x.id} exception={x} onResolve={supervisor ? (note) => resolveException(db, { exceptionId: x.id, note }, supervisor, new Date()).then(reload) : null} />
        ))}
      </ul>
      {lists.resolvedCount > 0 && (
        <details>
          <summary>Resolved ({lists.resolvedCount})</summary>
          <ul data-testid="resolved-exceptions">
            {lists.resolved.map((x) => (
              <li key={x.id}>
                {raisedInWords(x)} — resolved by {x.resolution!.by}, {new Date(x.resolution!.at).toLocaleString()}: “{x.resolution!.note}”
              </li>
            ))}
          </ul>
          {lists.resolvedCount > lists.resolved.length && (
            <button type="button" onClick={() => setResolvedShown((n) => n + RESOLVED_PAGE)}>
              Show {Math.min(RESOLVED_PAGE, lists.resolvedCount - lists.resolved.length)} older — {lists.resolvedCount - lists.resolved.length} not shown
            </button>
          )}
        </details>
      )}
    </section>
  );
}

/** The exception, and the fact that raised it: "… (package accepted at Dock door 4 by Dana Reyes, …)". */
function raisedInWords(x: SupervisedException): string {
  const by = x.raisedBy ? ` (${factInList(x.raisedBy.fact, { withRma: false, station: x.raisedBy.station })})` : '';
  return `${x.rmaNumber ?? '—'}: ${exceptionInWords(x)}${by}`;
}

function OpenException({ exception: x, onResolve }: { exception: SupervisedException; onResolve: ((note: string) => Promise<void>) | null }) {
  const id = useId();
  const [writing, setWriting] = useState(false);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    // What was typed stays when the resolution is refused, to be put right.
    onResolve!(note).then(
      () => setProblem(null),
      (err: unknown) => setProblem(describeWriteError(err)),
    );
  }

  return (
    <li>
      <span>{raisedInWords(x)}</span>
      {onResolve && !writing && (
        <button type="button" onClick={() => setWriting(true)}>
          Resolve…
        </button>
      )}
      {onResolve && writing && (
        <form onSubmit={submit} className="stack">
          <label htmlFor={`${id}-n`}>What was done about it (kept with the record)</label>
          <textarea id={`${id}-n`} value={note} onChange={(e) => setNote(e.target.value)} rows={2} autoFocus />
          <button type="submit">Mark resolved</button>
          {problem && (
            <p role="alert" className="problem">
              {problem}
            </p>
          )}
        </form>
      )}
    </li>
  );
}
