import type { StationEvent } from '../../shared/events';
import type { RememberedStation } from '../../shared/sync';
import { readMeta, writeMeta } from './meta';
import { applyFacts } from './projections';
import { FACT_TABLES, type StationDb } from './schema';

/**
 * Put back what this database lost (it was wiped or evicted) from what the desktop app keeps
 * beside it: the station's identity and sync link, remembered, and from the journal the facts it
 * does not have, each with its own stationSeq, back in the outbox, projections applied. Its
 * numbering goes on after the last fact of this station the journal holds (a journal cut at an
 * acknowledgement keeps that fact); should the server hold later ones, the first sync says so
 * (`SyncEngine`). Facts of another station's identity are left alone. Returns how many came back.
 */
export async function restoreFromJournal(db: StationDb, journal: readonly StationEvent[], remembered: RememberedStation | null = null): Promise<number> {
  if (journal.length === 0 && !remembered) return 0;
  // Other stations' facts are read too: a void names a fact, wherever it was recorded.
  return db.transaction('rw', [...FACT_TABLES, 'remoteEvents'], async () => {
    let station = await readMeta(db, 'station');
    if (!station && remembered) {
      station = remembered.station;
      await writeMeta(db, 'station', station);
      if (remembered.link && !(await readMeta(db, 'sync'))) await writeMeta(db, 'sync', remembered.link);
    }
    if (journal.length === 0) return 0;
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
