import type { StationEvent } from '../../shared/events';
import { readMeta, writeMeta } from './meta';
import { applyFacts } from './projections';
import { FACT_TABLES, type StationDb } from './schema';

/**
 * Put back facts from the desktop app's journal that this database does not have (it was wiped
 * or evicted): each with its own stationSeq, back in the outbox, projections applied. Facts of
 * another station's identity are left alone. Returns how many came back.
 */
export async function restoreFromJournal(db: StationDb, journal: readonly StationEvent[]): Promise<number> {
  if (journal.length === 0) return 0;
  // Other stations' facts are read too: a void names a fact, wherever it was recorded.
  return db.transaction('rw', [...FACT_TABLES, 'remoteEvents'], async () => {
    const station = await readMeta(db, 'station');
    const stationId = station?.id ?? journal[0]!.stationId;
    const mine = journal.filter((e) => e.stationId === stationId);
    const present = await db.events.bulkGet(mine.map((e) => e.id));
    const missing = mine.filter((_, i) => present[i] === undefined).sort((a, b) => a.stationSeq - b.stationSeq);
    if (missing.length === 0) return 0;
    if (!station) await writeMeta(db, 'station', { id: stationId, name: 'Restored station' });
    await db.events.bulkPut(missing);
    await db.outbox.bulkPut(missing.map((e) => ({ stationSeq: e.stationSeq, eventId: e.id })));
    await applyFacts(db, missing);
    const seq = (await readMeta(db, 'seq')) ?? 0;
    await writeMeta(db, 'seq', Math.max(seq, missing.at(-1)!.stationSeq));
    return missing.length;
  });
}
