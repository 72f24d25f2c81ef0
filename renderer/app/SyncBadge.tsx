import { useJournalProblem, useStationRoom, useSync } from './sync';

/**
 * The last sync as the badge says it: the time alone when it was today, with its date when not —
 * a station offline since Friday must not look as if it synced this afternoon.
 */
function lastSyncWords(at: string | null, now: Date): string {
  if (!at) return 'never';
  const last = new Date(at);
  return last.toDateString() === now.toDateString() ? last.toLocaleTimeString() : last.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Online or not, what is waiting to be sent, when the last sync succeeded, and the last problem. */
export function SyncBadge() {
  const { status } = useSync();
  const journalProblem = useJournalProblem();
  const room = useStationRoom();
  if (!status) return null;
  // Said at every screen: a journal not written keeps the facts once, not twice, until it is mended
  // (Sync says how); a full station records nothing more (Settings says what to do).
  const warnings = (journalProblem ? ' · journal problem' : '') + (room?.nearlyFull ? ' · storage nearly full' : '');
  if (!status.enrolled) {
    return (
      <a className="sync-badge" href="#/sync" data-testid="sync-badge" data-state="not_enrolled" data-pending={status.pending}>
        Not linked to a sync server · {status.pending} to send{warnings}
      </a>
    );
  }
  const state = !status.online ? 'offline' : status.log.state;
  const when = lastSyncWords(status.log.lastSuccessAt, new Date());
  const syncing = status.catchingUp === null ? 'Syncing' : `Catching up with the server: ${status.catchingUp}%`;
  const words = state === 'ok' ? (status.syncing ? syncing : 'Online') : state === 'offline' ? 'Offline' : 'Sync problem';
  return (
    <a
      className="sync-badge"
      href="#/sync"
      data-testid="sync-badge"
      data-state={state}
      data-pending={status.pending}
      data-catching-up={status.catchingUp ?? undefined}
      title={status.log.lastError ?? ''}
    >
      <span className="dot" aria-hidden="true" /> {words} · {status.pending} to send · last sync {when}
      {status.rejected > 0 && ` · ${status.rejected} refused`}
      {status.exceptionsOpen > 0 && ` · ${status.exceptionsOpen} ${status.exceptionsOpen === 1 ? 'exception' : 'exceptions'} open`}
      {warnings}
    </a>
  );
}
