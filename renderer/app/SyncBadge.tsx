import { useSync } from './sync';

/** Online or not, what is waiting to be sent, when the last sync succeeded, and the last problem. */
export function SyncBadge() {
  const { status } = useSync();
  if (!status) return null;
  if (!status.enrolled) {
    return (
      <a className="sync-badge" href="#/sync" data-testid="sync-badge" data-state="not_enrolled" data-pending={status.pending}>
        Not linked to a sync server · {status.pending} to send
      </a>
    );
  }
  const state = !status.online ? 'offline' : status.log.state;
  const when = status.log.lastSuccessAt ? new Date(status.log.lastSuccessAt).toLocaleTimeString() : 'never';
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
    </a>
  );
}
