import type { Rma } from '../../shared/rma';
import { writeMeta } from './meta';
import type { StationDb } from './schema';

export interface ImportCount {
  added: number;
  updated: number;
}

/** Rows a transaction: small enough that a scan at the dock never waits long behind one. */
export const IMPORT_CHUNK = 2000;

/**
 * Store RMAs by number: a re-import updates, never duplicates. Marks the RMA data as new, so
 * holds for unknown RMAs can be settled against it.
 */
export async function importRmas(
  db: StationDb,
  rmas: readonly Rma[],
  now: Date,
  onProgress?: (done: number) => void,
): Promise<ImportCount> {
  const receivedAt = now.toISOString();
  const before = await db.rmas.count();
  for (let i = 0; i < rmas.length; i += IMPORT_CHUNK) {
    const chunk = rmas.slice(i, i + IMPORT_CHUNK).map((r) => ({ ...r, receivedAt }));
    await db.transaction('rw', db.rmas, () => db.rmas.bulkPut(chunk));
    onProgress?.(Math.min(i + IMPORT_CHUNK, rmas.length));
  }
  await writeMeta(db, 'rmaDataAt', receivedAt);
  const added = (await db.rmas.count()) - before;
  return { added, updated: rmas.length - added };
}
