import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type FormEvent } from 'react';
import { dispositionState, MATCH_WORDS, outcomeInForce } from '../../../shared/inspection';
import type { Rma } from '../../../shared/rma';
import { useStation } from '../../app/station';
import { dispositionOf } from '../../db/inspection';
import type { UnitRow } from '../../db/schema';
import { DecisionCard } from './DecisionCard';
import { FindingForm, Thumbnail, type FindingDraft } from './FindingForm';
import { ServerPhotos } from './ServerPhotos';
import { SupervisorActions } from './SupervisorActions';
import type { useBench } from './useBench';

/** One unit at the bench: its finding, the decision, a supervisor's word, its replacement. */
export function UnitPanel({ unit, rma, bench }: { unit: UnitRow; rma: Rma | null; bench: ReturnType<typeof useBench> }) {
  const { db, session } = useStation();
  const id = useId();
  const [serial, setSerial] = useState('');
  const photos = useLiveQuery(() => db.photos.where('unitId').equals(unit.unitId).toArray(), [db, unit.unitId]);
  const role = session?.user.role;
  // Photos its inspection names that this station does not hold: taken at another station.
  const elsewhere = photos ? (unit.inspection?.photos ?? []).filter((ref) => !photos.some((p) => p.id === ref.id)) : [];
  const outcome = outcomeInForce(dispositionOf(unit));

  function replace(e: FormEvent) {
    e.preventDefault();
    void bench.replace(unit.unitId, serial).then((ok) => ok && setSerial(''));
  }

  return (
    <section className="card wide unit-panel" aria-label={`Unit ${unit.sku} ${unit.serial ?? ''}`.trim()}>
      <h2>
        {unit.sku} {unit.serial ? <code>{unit.serial}</code> : <span className="muted">no serial</span>}
      </h2>
      <p className={unit.match === 'matched' ? 'muted' : 'problem'} data-testid="unit-match">
        {MATCH_WORDS[unit.match]}
      </p>
      {photos && photos.length > 0 && (
        <div className="thumbs" data-testid="stored-photos">
          {photos.map((p, i) => (
            <Thumbnail key={p.id} blob={p.thumbnail} alt={`Stored photo ${i + 1}`} />
          ))}
        </div>
      )}
      {elsewhere.length > 0 && <ServerPhotos unit={unit} missing={elsewhere} />}
      {!unit.decision && role !== 'dock' && (
        <FindingForm askStock={rma?.remedy === 'replacement'} onRecord={(draft: FindingDraft) => bench.record(unit.unitId, draft)} />
      )}
      <DecisionCard unit={unit} />
      {unit.decision && role === 'supervisor' && (
        <SupervisorActions unit={unit} onApprove={() => bench.approve(unit.unitId)} onOverride={(o, r) => bench.override(unit.unitId, o, r)} />
      )}
      {role === 'inspector' && dispositionState(dispositionOf(unit)) === 'waiting_for_supervisor' && (
        <p className="pending">A supervisor must approve or decide this one.</p>
      )}
      {outcome === 'replace' &&
        (unit.replacement ? (
          <p data-testid="replacement-serial">
            Replacement unit <code>{unit.replacement.serial}</code> — its warranty counts from the original purchase on {unit.replacement.originalPurchasedOn}.
          </p>
        ) : (
          role !== 'dock' && (
            <form onSubmit={replace} className="scan-row">
              <label htmlFor={`${id}-rs`}>Replacement unit’s serial</label>
              <input type="text" id={`${id}-rs`} value={serial} onChange={(e) => setSerial(e.target.value)} autoComplete="off" />
              <button type="submit" disabled={!serial.trim()}>
                Record replacement
              </button>
            </form>
          )
        ))}
    </section>
  );
}
