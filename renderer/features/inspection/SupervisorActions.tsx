import { useId, useState, type FormEvent } from 'react';
import { OUTCOME_WORDS } from '../../../shared/inspection';
import { OUTCOMES, type Outcome } from '../../../shared/policy';
import type { UnitRow } from '../../db/schema';

type Final = Exclude<Outcome, 'supervisor_review'>;
const CHOICES = OUTCOMES.filter((o): o is Final => o !== 'supervisor_review');

/** Approve what waits for a supervisor, or override any outcome with a written reason. */
export function SupervisorActions({ unit, onApprove, onOverride }: { unit: UnitRow; onApprove: () => Promise<unknown>; onOverride: (outcome: Final, reason: string) => Promise<boolean> }) {
  const id = useId();
  const [outcome, setOutcome] = useState<Final | ''>('');
  const [reason, setReason] = useState('');
  const decided = unit.decision?.decision.outcome;
  if (!decided) return null;
  const canApprove = decided === 'paid_repair_offer' && !unit.approval && !unit.override;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!outcome) return;
    // What was typed stays on the screen when the override is refused, to be put right.
    void onOverride(outcome, reason).then((recorded) => {
      if (!recorded) return;
      setOutcome('');
      setReason('');
    });
  }

  return (
    <section className="supervisor" aria-label="Supervisor">
      {canApprove && (
        <button type="button" className="primary" onClick={() => void onApprove()}>
          Approve the repair offer
        </button>
      )}
      <form onSubmit={submit} className="stack">
        <label htmlFor={`${id}-o`}>Override the outcome</label>
        <select id={`${id}-o`} value={outcome} onChange={(e) => setOutcome(e.target.value as Final)}>
          <option value="">Choose an outcome…</option>
          {CHOICES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_WORDS[o]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-r`}>Reason (required, kept with the record)</label>
        <textarea id={`${id}-r`} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
        <button type="submit" disabled={!outcome}>
          Record override
        </button>
      </form>
    </section>
  );
}
