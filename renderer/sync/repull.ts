import type { Table } from 'dexie';
import { readMeta, writeMeta } from '../db/meta';
import { backgroundTurn } from '../db/scanFirst';
import type { PulledRow, StationDb } from '../db/schema';

/**
 * Pull everything again from 0 under a new generation: the server no longer holds what this
 * station pulled (restored from a backup, or the station linked anew, perhaps to another server).
 * Versions may then count from lower than those held, so what was pulled before is replaced
 * whatever its version, and dropped once the pull is done if the server no longer has it.
 * Call inside a transaction over `meta`, so a station stopped halfway goes on with it. Returns the
 * new generation.
 */
export async function startPullingAgain(db: StationDb): Promise<number> {
  const generation = ((await readMeta(db, 'pullGeneration')) ?? 0) + 1;
  await writeMeta(db, 'pullGeneration', generation);
  await writeMeta(db, 'pullCursor', 0);
  await writeMeta(db, 'pullTag', null);
  await writeMeta(db, 'repullPending', true);
  return generation;
}

/** Rows per delete: a scan waits behind one of these at most. */
const PART = 500;

/**
 * Once everything was pulled again: drop the RMAs, catalog entries, users and exceptions pulled
 * before that the server no longer has, so the station holds what the server holds. Facts are
 * never dropped (the stations that recorded them send them again), nor RMAs a file import brought
 * (no version: they never came from a server).
 */
export async function dropWhatTheServerNoLongerHas(db: StationDb, generation: number): Promise<void> {
  const older = (row: PulledRow) => (row.pullGeneration ?? 0) < generation;
  await dropRows(db, db.rmas, (r) => r.version !== undefined && older(r));
  await dropRows(db, db.catalog, older);
  await dropRows(db, db.users, older);
  await dropRows(db, db.exceptions, older);
  await db.transaction('rw', db.meta, async () => {
    // Unless yet another start-over began meanwhile: that one drops what it must itself.
    if ((await readMeta(db, 'pullGeneration')) === generation) await writeMeta(db, 'repullPending', false);
  });
}

async function dropRows<T>(db: StationDb, table: Table<T, string>, stale: (row: T) => boolean): Promise<void> {
  const keys = await table.filter(stale).primaryKeys();
  for (let i = 0; i < keys.length; i += PART) {
    await backgroundTurn();
    // Checked again inside: a file import may have replaced a row since it was read.
    await db.transaction('rw', table, () => table.where(':id').anyOf(keys.slice(i, i + PART)).filter(stale).delete());
  }
}
