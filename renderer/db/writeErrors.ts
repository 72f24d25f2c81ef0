/**
 * A refusal written for the person at the station (a missing photo, a role that may not record
 * something): its message is said as it is, and nothing was written.
 */
export class RefusalError extends Error {}

/** Why a fact could not be recorded, in words for the person at the station. */
export function describeWriteError(e: unknown): string {
  const name = (e as { name?: string; inner?: { name?: string } } | null)?.inner?.name ?? (e as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') {
    return 'This station’s storage is full, so this was NOT recorded. Call a supervisor; everything recorded before is safe.';
  }
  if (e instanceof RefusalError) return e.message;
  return `Not recorded: ${(e as Error)?.message ?? String(e)}. Scan again.`;
}
