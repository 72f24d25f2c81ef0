import { memo } from 'react';
import { HEADLINE, REASON } from './words';
import type { RecentRow } from './recent';

const KIND_WORD = { ...HEADLINE, tracked: 'TRACKING' } as const;

/** This shift's last verdicts, newest first. Memoised: a verdict alone does not redraw the list. */
export const RecentScans = memo(function RecentScans({ rows }: { rows: RecentRow[] }) {
  return (
    <section className="recent" aria-label="This shift's scans">
      <h2>This shift</h2>
      {rows.length === 0 ? (
        <p className="muted">No packages yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Time</th>
              <th>RMA</th>
              <th>Verdict</th>
              <th>Reason</th>
              <th>Tracking</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.eventId} data-kind={r.kind} data-undone={r.undone || undefined}>
                <td>{r.time}</td>
                <td>{r.rmaNumber ?? '—'}</td>
                <td>
                  {KIND_WORD[r.kind]}
                  {r.undone && ' (undone)'}
                  {r.settled && ' (hold settled)'}
                </td>
                <td>{r.reason ? REASON[r.reason] : ''}</td>
                <td>{r.tracking ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
});
