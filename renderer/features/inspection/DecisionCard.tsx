import { CUSTOMER_PAYS_WORDS, dispositionState, MISUSE_WORDS, moneyWords, OUTCOME_WORDS, REASON_WORDS } from '../../../shared/inspection';
import { CLAUSE_TEXT } from '../../../shared/policy';
import { dispositionOf } from '../../db/inspection';
import type { UnitRow } from '../../db/schema';

const STATE_WORDS = {
  not_inspected: 'Not inspected yet',
  waiting_for_supervisor: 'Waiting for a supervisor',
  decided: 'Decided by the terms',
  approved: 'Approved by a supervisor',
  overridden: 'Overridden by a supervisor',
} as const;

const when = (iso: string) => new Date(iso).toLocaleString();

/** The policy's outcome for a unit in plain words, with the clauses it rests on, quoted. */
export function DecisionCard({ unit }: { unit: UnitRow }) {
  const { decision: decided, inspection, approval, override } = unit;
  if (!decided) return null;
  const d = decided.decision;
  const state = dispositionState(dispositionOf(unit));
  const money = moneyWords(d);
  return (
    <section className="decision" aria-label="Decision" data-outcome={override?.outcome ?? d.outcome} data-state={state}>
      <p className="decision-state">{STATE_WORDS[state]}</p>
      {override && (
        <p className="decision-override" data-testid="override">
          <strong>{OUTCOME_WORDS[override.outcome]}</strong> — overridden by {override.by} ({when(override.at)}): “{override.reason}”
        </p>
      )}
      <h3 className={override ? 'struck' : undefined} data-testid="outcome">
        {OUTCOME_WORDS[d.outcome]}
      </h3>
      <p data-testid="reasons">Because: {d.reasons.map((r) => REASON_WORDS[r]).join('; ')}.</p>
      {inspection && (
        <p className="muted">
          Finding by {inspection.by}: {inspection.finding.result.replaceAll('_', ' ')}
          {inspection.finding.misuse.length > 0 && ` (${inspection.finding.misuse.map((k) => MISUSE_WORDS[k]).join(', ')})`}
          {inspection.note && ` — “${inspection.note}”`}
        </p>
      )}
      <dl className="facts">
        {money && (
          <>
            <dt>Money</dt>
            <dd data-testid="money">{money}</dd>
          </>
        )}
        {d.replacement && (
          <>
            <dt>Replacement</dt>
            <dd data-testid="replacement">
              the same item, {d.replacement.condition}
              {d.replacement.backordered && ' — backordered: not in stock now'}
            </dd>
          </>
        )}
        <dt>Shipping</dt>
        <dd data-testid="customer-pays">{CUSTOMER_PAYS_WORDS[d.customerPays]}</dd>
        <dt>Warranty</dt>
        <dd data-testid="warranty">
          {d.warranty.endsOn
            ? `${d.warranty.covered ? 'covered' : 'not covered'} — ends ${d.warranty.endsOn}, counted from the original purchase on ${decided.purchasedOn}; a replacement never restarts it`
            : 'term unknown: the catalog gives none for this product'}
        </dd>
        <dt>Ready by</dt>
        <dd>{d.turnaroundDueOn} (10 business days after receipt on {decided.receivedOn})</dd>
        {d.refundDueOn && (
          <>
            <dt>Refund by</dt>
            <dd>{d.refundDueOn}</dd>
          </>
        )}
        {d.customsByCustomer && (
          <>
            <dt>Customs</dt>
            <dd data-testid="customs">the customer pays customs, brokerage, taxes and duties</dd>
          </>
        )}
      </dl>
      {approval && <p className="saved">Approved by {approval.by} ({when(approval.at)}).</p>}
      <details className="clauses" open>
        <summary>Terms it rests on: clauses {d.clauses.join(', ')}</summary>
        {d.clauses.map((c) => (
          <blockquote key={c} data-clause={c}>
            <strong>{c}.</strong> {CLAUSE_TEXT[c]}
          </blockquote>
        ))}
      </details>
    </section>
  );
}
