import { useCallback, useEffect, useState } from 'react';
import { factInList } from './factInList';
import { useStation } from '../../app/station';
import { asSupervisor } from '../../db/facts';
import { markRefusalDealtWith, refusedFacts, type RefusedFact } from '../../db/rejections';
import { describeWriteError } from '../../db/writeErrors';
import { refusalInWords } from '../../../shared/sync';

function describe({ rejection: r, fact }: RefusedFact): string {
  const what = fact ? ` ${factInList(fact)}` : '';
  return `#${r.stationSeq}${what}: ${refusalInWords(r.reason)}`;
}

/**
 * This station's facts the server refused: kept here, never sent again. A supervisor sees to each
 * and says so; those stay below as the record.
 * @param seen changes whenever sync may have brought new ones, and after `onChange`
 */
export function RefusedFacts({ seen, onChange }: { seen: unknown; onChange: () => void }) {
  const { db, recorder } = useStation();
  const [facts, setFacts] = useState<RefusedFact[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(() => void refusedFacts(db).then(setFacts), [db]);
  useEffect(reload, [reload, seen]);
  if (facts.length === 0) return null;
  const supervisor = asSupervisor(recorder);
  const open = facts.filter((f) => !f.rejection.dealtWith);
  const seenTo = facts.filter((f) => f.rejection.dealtWith);

  function dealtWith(eventId: string) {
    if (!supervisor) return;
    markRefusalDealtWith(db, eventId, supervisor, new Date()).then(
      () => {
        setProblem(null);
        onChange();
      },
      (e: unknown) => setProblem(describeWriteError(e)),
    );
  }

  return (
    <section aria-label="Refused facts">
      <h3>Facts the server refused ({open.length} to see to)</h3>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      <ul data-testid="rejections">
        {open.map((f) => (
          <li key={f.rejection.eventId}>
            {describe(f)}{' '}
            {supervisor && (
              <button type="button" onClick={() => dealtWith(f.rejection.eventId)}>
                Seen to
              </button>
            )}
          </li>
        ))}
      </ul>
      {seenTo.length > 0 && (
        <details>
          <summary>Seen to ({seenTo.length})</summary>
          <ul data-testid="rejections-seen-to">
            {seenTo.map((f) => (
              <li key={f.rejection.eventId}>
                {describe(f)} — seen to by {f.rejection.dealtWith!.by}, {new Date(f.rejection.dealtWith!.at).toLocaleString()}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
