import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { v7 as uuidv7 } from 'uuid';
import { EventJournal } from '../electron/journal';
import { StationDb } from '../renderer/db/schema';
import { JournalKeeper } from '../renderer/sync/journalKeeper';
import type { StationEvent } from '../shared/events';

/** A week offline at a busy door: the backlog the fault-injection plan names. */
const BACKLOG = 50_000;
const PUSH = 500;

function backlog(stationId: string): StationEvent[] {
  return Array.from({ length: BACKLOG }, (_, i) => ({
    id: uuidv7(),
    stationSeq: i + 1,
    stationId,
    actor: { name: 'Bench', role: 'dock' },
    clientTs: new Date(Date.UTC(2026, 10, 20) + i * 10_000).toISOString(),
    schemaVersion: 1,
    type: 'package_accepted',
    rmaNumber: 'RMA10000016',
    payload: { packageId: uuidv7(), tracking: null, warnings: [], earlierPackages: 0, clauses: [6, 11], settlesHold: null },
  }));
}

/** The journal as the desktop app's main process keeps it, holding the backlog. */
async function journalHolding(dir: string, name: string, events: readonly StationEvent[]): Promise<EventJournal> {
  const journal = new EventJournal(join(dir, name, 'unacknowledged.ndjson'));
  await journal.append(events);
  return journal;
}

/**
 * The backlog sent 500 a push, each acknowledgement taken as the station takes it: the journal
 * cut at every one (as it was), and as the journal keeper cuts it; beside the floor, the backlog
 * written to the journal once.
 */
export async function runJournalBench(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rd-journal-bench-'));
  const stationId = uuidv7();
  const events = backlog(stationId);
  try {
    let t = performance.now();
    await journalHolding(dir, 'raw', events);
    const rawMs = performance.now() - t;

    const everyAck = await journalHolding(dir, 'every', events);
    t = performance.now();
    for (let ack = PUSH; ack <= BACKLOG; ack += PUSH) await everyAck.acknowledge(ack);
    const everyMs = performance.now() - t;

    const file = await journalHolding(dir, 'keeper', events);
    const db = new StationDb(`journal-bench-${stationId}`, { indexedDB, IDBKeyRange });
    await db.outbox.bulkPut(events.map((e) => ({ stationSeq: e.stationSeq, eventId: e.id })));
    let cuts = 0;
    const keeper = new JournalKeeper(
      {
        read: () => file.read(),
        append: async (e) => void (await file.append(e)),
        acknowledge: async (a) => void (cuts++, await file.acknowledge(a)),
      },
      db,
    );
    t = performance.now();
    for (let ack = PUSH; ack <= BACKLOG; ack += PUSH) {
      // As the sync engine does: the outbox lets go of them, then the journal is told.
      await db.outbox.where('stationSeq').belowOrEqual(ack).delete();
      await keeper.acknowledged(ack);
    }
    const keeperMs = performance.now() - t;
    const left = (await file.read()).map((e) => e.stationSeq);
    db.close();
    // Every fact acknowledged: the journal keeps the last only, for the station's numbering.
    if (left.length !== 1 || left[0] !== BACKLOG) throw new Error(`the journal still holds facts ${left.slice(0, 5).join(', ')}`);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return [
      `a ${BACKLOG.toLocaleString('en-US')}-fact backlog acknowledged ${PUSH} a push: the journal cut at every acknowledgement ${s(everyMs)} (${(everyMs / rawMs).toFixed(1)}× raw); ` +
        `cut once as many were acknowledged as still wait (JournalKeeper) ${s(keeperMs)}, ${cuts} cuts (${(keeperMs / rawMs).toFixed(1)}× raw, outbox bookkeeping included); ` +
        `raw: the backlog written to the journal once, ${s(rawMs)}`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
