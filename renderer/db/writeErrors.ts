/**
 * A refusal written for the person at the station (a missing photo, a role that may not record
 * something): its message is said as it is, and nothing was written.
 */
export class RefusalError extends Error {}

/**
 * Chromium's ways of saying its disk is full under IndexedDB, seen on a real full disk
 * (smallDisk.spec.ts): a write's transaction aborted at commit with no error of ours inside it, or
 * "Internal error opening backing store" once it has closed the database. After one, Chromium lost
 * the whole database at its next start, so what is not yet on the server must get there first.
 */
function storageFailed(e: unknown): boolean {
  const error = e as { name?: string; message?: string; inner?: { name?: string } | null } | null;
  const abortedByTheBrowser = error?.name === 'AbortError' && (!error.inner || error.inner.name === 'AbortError');
  return abortedByTheBrowser || /backing store/i.test(String(error?.message));
}

/** Why a fact could not be recorded, in words for the person at the station. */
export function describeWriteError(e: unknown): string {
  const name = (e as { name?: string; inner?: { name?: string } } | null)?.inner?.name ?? (e as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') {
    return 'This station’s storage is full, so this was NOT recorded. Call a supervisor; everything recorded before is safe.';
  }
  if (storageFailed(e)) {
    return 'This station could not write to its storage (its disk may be full), so this was NOT recorded. Call a supervisor: make room on this computer’s disk, and let the station sync before the app is closed.';
  }
  if (e instanceof RefusalError) return e.message;
  return `Not recorded: ${String((e as Error)?.message ?? e).replace(/\.$/, '')}. Scan again.`;
}
