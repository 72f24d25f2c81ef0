import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { HoldDecision } from '../../../shared/policy';
import { useStation } from '../../app/station';
import { decideHold, heldPackages } from '../../db/dock';
import { asSupervisor } from '../../db/facts';
import { describeWriteError } from '../../db/writeErrors';
import { REASON } from './words';

/**
 * Packages set aside at the dock, from every station this one hears of. A hold for stale RMA data
 * settles by itself when the station's RMA data is next brought up to date (a sync or an import);
 * a hold for a supervisor waits here for one, who lets the package in or refuses it.
 */
export function HeldPackages() {
  const { db, recorder } = useStation();
  const held = useLiveQuery(() => heldPackages(db), [db]) ?? [];
  const [problem, setProblem] = useState<string | null>(null);
  if (held.length === 0) return null;
  const supervisor = asSupervisor(recorder);

  function decide(packageId: string, decision: HoldDecision) {
    if (!supervisor) return;
    decideHold(db, { packageId, decision }, supervisor, new Date()).then(
      () => setProblem(null),
      (e: unknown) => setProblem(describeWriteError(e)),
    );
  }

  return (
    <section className="recent" aria-label="Held packages">
      <h2>Held packages ({held.length})</h2>
      {!supervisor && <p className="muted">Keep these set aside: a supervisor signed in here decides the ones waiting for a supervisor.</p>}
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Held</th>
            <th>Where</th>
            <th>RMA</th>
            <th>Why</th>
            <th>Tracking</th>
            {supervisor && <th>Decide</th>}
          </tr>
        </thead>
        <tbody>
          {held.map((p) => (
            <tr key={p.id}>
              <td>{new Date(p.decidedAt).toLocaleString()}</td>
              <td>{[p.heldAt ?? 'another station', p.heldBy].filter(Boolean).join(' · ')}</td>
              <td>{p.rmaNumber ?? '—'}</td>
              <td>{p.reason ? REASON[p.reason] : ''}</td>
              <td>{p.tracking?.value ?? ''}</td>
              {supervisor && (
                <td className="decide">
                  {p.reason === 'rma_already_received' && (
                    <button type="button" onClick={() => decide(p.id, 'accept')}>
                      Let it in
                    </button>
                  )}
                  <button type="button" onClick={() => decide(p.id, 'refuse')}>
                    Refuse
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
