import { HEADLINE, REASON, REMEDY, warningText } from './words';
import type { Shown } from './useDock';

/** The verdict, in letters readable from two metres; a screen reader hears it too. */
export function VerdictPanel({ shown }: { shown: Shown | null }) {
  return (
    <section
      role="status"
      aria-live="assertive"
      aria-atomic="true"
      className="verdict"
      data-verdict={shown?.kind ?? 'waiting'}
      data-serial={shown?.serial ?? 0}
    >
      {shown ? (
        <>
          <p className="verdict-headline">{HEADLINE[shown.kind]}</p>
          {shown.reason && <p className="verdict-reason">{REASON[shown.reason]}</p>}
          {shown.note && <p className="verdict-note">{shown.note}</p>}
          {shown.rma && (
            <dl className="verdict-rma">
              <dt>RMA</dt>
              <dd>{shown.rma.number}</dd>
              <dt>Customer</dt>
              <dd>{shown.rma.customer}</dd>
              <dt>Remedy</dt>
              <dd>{REMEDY[shown.rma.remedy]}</dd>
              <dt>Items expected</dt>
              <dd data-testid="items-expected">{shown.rma.itemsExpected}</dd>
            </dl>
          )}
          {shown.warnings.length > 0 && (
            <ul className="verdict-warnings">
              {shown.warnings.map((w) => (
                <li key={w} data-warning={w}>
                  {warningText(w, shown.earlierPackages)}
                </li>
              ))}
            </ul>
          )}
          {!shown.rma && shown.scanned && <p className="verdict-scanned">{shown.scanned}</p>}
        </>
      ) : (
        <p className="verdict-headline">Scan a label</p>
      )}
    </section>
  );
}
