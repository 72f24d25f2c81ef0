/** Why a fact could not be recorded, in words for the person at the station. */
export function describeWriteError(e: unknown): string {
  const name = (e as { name?: string; inner?: { name?: string } } | null)?.inner?.name ?? (e as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') {
    return 'This station’s storage is full, so this was NOT recorded. Call a supervisor; everything recorded before is safe.';
  }
  return `Not recorded: ${(e as Error)?.message ?? String(e)}. Scan again.`;
}
