import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { recordDockVerdict } from '../../renderer/db/dock';
import { readMeta, writeMeta } from '../../renderer/db/meta';
import type { StationDb } from '../../renderer/db/schema';
import type { Journal, StationMemory } from '../../renderer/platform';
import type { RememberedStation } from '../../shared/sync';
import { JournalKeeper } from '../../renderer/sync/journalKeeper';
import type { StationEvent } from '../../shared/events';
import { classifyLabel } from '../../shared/labels';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { stationWithRmas } from './stationDay';
import { dockEvent } from './server/stores';

/**
 * The main process's journal as the bridge offers it: each fact once by stationSeq, cut at an
 * acknowledgement but for the fact acknowledged (`EventJournal`); `failing` makes a call fail as a
 * full disk would.
 */
function journalFile() {
  const held = new Map<number, StationEvent>();
  const calls: string[] = [];
  const failing = { read: false, append: false };
  const journal: Journal = {
    read: () => {
      calls.push('read');
      return failing.read ? Promise.reject(new Error('journal:read: EACCES: permission denied')) : Promise.resolve([...held.values()]);
    },
    append: (events) => {
      calls.push(`append ${events.map((e) => e.stationSeq).join(',')}`);
      if (failing.append) return Promise.reject(new Error('journal:append: ENOSPC: no space left on device, write'));
      for (const e of events) held.set(e.stationSeq, e);
      return Promise.resolve();
    },
    acknowledge: (ack) => {
      calls.push(`acknowledge ${ack}`);
      for (const seq of held.keys()) if (seq < ack) held.delete(seq);
      return Promise.resolve();
    },
  };
  return { journal, held: () => [...held.keys()].sort((a, b) => a - b), calls, failing };
}

/** The main process's copy of the station's identity and link, as the bridge offers it; `failing` makes a call fail. */
function memoryFile() {
  let kept: RememberedStation | null = null;
  const failing = { recall: false, remember: false };
  let writes = 0;
  const memory: StationMemory = {
    recall: () => (failing.recall ? Promise.reject(new Error('station:recall: /userData/journal/station.json is damaged (not JSON)')) : Promise.resolve(kept)),
    remember: (station) => {
      if (failing.remember) return Promise.reject(new Error('station:remember: ENOSPC: no space left on device, write'));
      writes++;
      kept = structuredClone(station);
      return Promise.resolve();
    },
  };
  return { memory, kept: () => kept, writes: () => writes, failing };
}

/** As the station's reload calls it: with the identity and link the database has now. */
const rememberFrom = async (keeper: JournalKeeper, db: StationDb) => keeper.remember((await readMeta(db, 'station')) ?? null, (await readMeta(db, 'sync')) ?? null);

const stationId = uuidv7();
const dana = { stationId, actor: { name: 'Dana', role: 'dock' as const } };
const open: StationDb[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

async function station(): Promise<StationDb> {
  const db = await stationWithRmas(stationId);
  open.push(db);
  await writeMeta(db, 'session', { user: dana.actor, signedInAt: '', shiftStartSeq: 0 });
  return db;
}

/** The server's acknowledgement as the sync engine takes it: out of the outbox, then the journal told. */
async function serverAcknowledged(db: StationDb, keeper: JournalKeeper, ack: number): Promise<void> {
  await db.outbox.where('stationSeq').belowOrEqual(ack).delete();
  await keeper.acknowledged(ack);
}

/** A box scanned at the door: the fact as the database committed it. */
async function scan(db: StationDb): Promise<StationEvent> {
  await recordDockVerdict(db, { label: classifyLabel('RMA10000024'), tracking: null, by: dana, settings: DEFAULT_SETTINGS, now: new Date('2026-11-28T10:00:00Z') });
  return (await db.events.orderBy('stationSeq').last())!;
}

describe('the desktop app’s journal, kept from the station', () => {
  it('after a failed write, the next fact sends every fact not yet acknowledged, so no gap is left, and the problem is said until then', async () => {
    const db = await station();
    const file = journalFile();
    const keeper = new JournalKeeper(file.journal, db);
    const said: (string | null)[] = [];
    keeper.subscribe((p) => said.push(p));
    await keeper.open();
    await keeper.recorded(await scan(db));
    file.failing.append = true;
    await keeper.recorded(await scan(db));
    expect(said.at(-1)).toBe(
      'This station’s journal (the desktop app’s second copy of the facts not yet sent) could not be written: journal:append: ENOSPC: no space left on device, write. The facts recorded here are kept in its database; the journal is tried again with the next fact.',
    );
    expect(file.held()).toEqual([1]);

    file.failing.append = false;
    await keeper.recorded(await scan(db));
    expect(file.held()).toEqual([1, 2, 3]);
    expect(said.at(-1)).toBeNull();
    // Whole again, it goes back to one fact a write.
    await keeper.recorded(await scan(db));
    expect(file.calls.slice(-2)).toEqual(['append 1,2,3', 'append 4']);

    await serverAcknowledged(db, keeper, 3);
    expect(file.held()).toEqual([3, 4]);
  });

  it('is cut once as many facts were acknowledged since its last cut as still wait: a backlog is not rewritten at every acknowledgement', async () => {
    const db = await station();
    const file = journalFile();
    const keeper = new JournalKeeper(file.journal, db);
    await keeper.open();
    const seqs = Array.from({ length: 2_000 }, (_, i) => i + 1);
    // A week offline: the facts were recorded, and the journal was given them, one by one.
    await db.events.bulkPut(seqs.map((n) => dockEvent(stationId, n, null, 'package_refused')));
    await db.outbox.bulkPut((await db.events.toArray()).map((e) => ({ stationSeq: e.stationSeq, eventId: e.id })));
    await file.journal.append(await db.events.toArray());
    expect(file.held()).toEqual(seqs);

    for (const ack of [500, 1_000, 1_250, 1_500, 2_000]) await serverAcknowledged(db, keeper, ack);
    expect(file.calls.filter((c) => c.startsWith('acknowledge'))).toEqual(['acknowledge 1000', 'acknowledge 1500', 'acknowledge 2000']);
    expect(file.held()).toEqual([2_000]);
  });

  it('takes again the facts a restored server lost, which it had let go of', async () => {
    const db = await station();
    const file = journalFile();
    const keeper = new JournalKeeper(file.journal, db);
    await keeper.open();
    for (let i = 0; i < 3; i++) await keeper.recorded(await scan(db));
    await serverAcknowledged(db, keeper, 3);
    expect(file.held()).toEqual([3]);
    // The server went back to a backup taken after fact 1: the engine queues 2 and 3 again.
    const lost = await db.events.where('stationSeq').above(1).toArray();
    await db.outbox.bulkAdd(lost.map((e) => ({ stationSeq: e.stationSeq, eventId: e.id })));
    await keeper.requeued();
    expect(file.held()).toEqual([2, 3]);
  });

  it('at start, puts back what the database lost and gives the journal what it lacks', async () => {
    const db = await station();
    const file = journalFile();
    const first = new JournalKeeper(file.journal, db);
    await first.open();
    await first.recorded(await scan(db));
    // The app stopped between the database's commit and the journal's write.
    await scan(db);
    expect(file.held()).toEqual([1]);
    await new JournalKeeper(file.journal, db).open();
    expect(file.held()).toEqual([1, 2]);

    // A wiped database gets both back from the journal.
    const wiped = await station();
    expect(await new JournalKeeper(file.journal, wiped).open()).toBe(2);
    expect((await wiped.outbox.toArray()).map((o) => o.stationSeq)).toEqual([1, 2]);
  });

  it('a journal that cannot be read leaves the station working, and says so', async () => {
    const db = await station();
    const file = journalFile();
    file.failing.read = true;
    const keeper = new JournalKeeper(file.journal, db);
    const said: (string | null)[] = [];
    keeper.subscribe((p) => said.push(p));
    expect(await keeper.open()).toBe(0);
    expect(said.at(-1)).toBe(
      'This station’s journal (the desktop app’s second copy of the facts not yet sent) could not be read: journal:read: EACCES: permission denied. The facts recorded here are kept in its database as always.',
    );
    await scan(db);
    await keeper.recorded(await scan(db));
    // Not known to be whole, it is sent every fact not yet acknowledged.
    expect(file.held()).toEqual([1, 2]);
    expect(said.at(-1)).toBeNull();
  });

  it('a database that lost the station takes back its name, its link and its numbering from what the desktop app kept', async () => {
    const db = await station();
    const link = { serverUrl: 'http://10.0.0.5:8787', token: 'a'.repeat(43), enrolledAt: '2026-11-28T09:00:00.000Z' };
    await writeMeta(db, 'sync', link);
    const file = journalFile();
    const kept = memoryFile();
    const keeper = new JournalKeeper(file.journal, db, kept.memory);
    await keeper.open();
    await rememberFrom(keeper, db);
    expect(kept.kept()).toEqual({ station: { id: stationId, name: 'Door and bench' }, link });
    for (let i = 0; i < 3; i++) await keeper.recorded(await scan(db));
    // Every fact acknowledged: the journal keeps only the last, for the numbering.
    await serverAcknowledged(db, keeper, 3);
    expect(file.held()).toEqual([3]);

    const wiped = await station();
    await wiped.meta.delete('station');
    expect(await new JournalKeeper(file.journal, wiped, kept.memory).open()).toBe(1);
    expect(await readMeta(wiped, 'station')).toEqual({ id: stationId, name: 'Door and bench' });
    expect(await readMeta(wiped, 'sync')).toEqual(link);
    expect(await readMeta(wiped, 'seq')).toBe(3);
    expect((await scan(wiped)).stationSeq).toBe(4);
  });

  it('keeps the identity beside the journal when it changes, not otherwise; a copy it cannot write or read is said', async () => {
    const db = await station();
    const file = journalFile();
    const kept = memoryFile();
    const keeper = new JournalKeeper(file.journal, db, kept.memory);
    const said: (string | null)[] = [];
    keeper.subscribe((p) => said.push(p));
    await keeper.open();
    await rememberFrom(keeper, db);
    await rememberFrom(keeper, db);
    expect(kept.writes()).toBe(1);

    kept.failing.remember = true;
    await writeMeta(db, 'station', { id: stationId, name: 'Door 2' });
    await rememberFrom(keeper, db);
    expect(said.at(-1)).toBe(
      'This station’s name and sync link, as the desktop app keeps them beside its journal, could not be written: station:remember: ENOSPC: no space left on device, write. Should its database be lost, a supervisor’s code links it again; this is tried again at the next change.',
    );
    kept.failing.remember = false;
    await rememberFrom(keeper, db);
    expect(kept.kept()?.station.name).toBe('Door 2');
    expect(said.at(-1)).toBeNull();

    // A damaged copy is said at start; the station opens as it is, and the copy is written anew.
    kept.failing.recall = true;
    const next = new JournalKeeper(file.journal, db, kept.memory);
    const heard: (string | null)[] = [];
    next.subscribe((p) => heard.push(p));
    await next.open();
    expect(heard.at(-1)).toBe(
      'This station’s name and sync link, as the desktop app keeps them beside its journal, could not be read: station:recall: /userData/journal/station.json is damaged (not JSON). They are written again from its database.',
    );
    expect(await readMeta(db, 'station')).toEqual({ id: stationId, name: 'Door 2' });
    await rememberFrom(next, db);
    expect(heard.at(-1)).toBeNull();
    expect(kept.writes()).toBe(3);

    // Read whole at the next start, an unchanged identity is not written again.
    kept.failing.recall = false;
    const after = new JournalKeeper(file.journal, db, kept.memory);
    await after.open();
    await rememberFrom(after, db);
    expect(kept.writes()).toBe(3);
  });
});
