import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRmaExport } from '../../shared/rma';
import { backgroundTurn, backgroundWriteSize, inForeground, restAfterWrite } from '../../renderer/db/scanFirst';
import { StationDb } from '../../renderer/db/schema';
import { readMeta } from '../../renderer/db/meta';
import { applyPulledPage, CHANGE_PART, RMA_PART } from '../../renderer/sync/applyPull';
import { dockEvent } from './server/stores';

const { rmas } = parseRmaExport(readFileSync(new URL('../fixtures/rmas.csv', import.meta.url), 'utf8'));
const template = rmas[0]!;
// 250 RMAs from one: numbers need not pass the check digit here, nothing classifies them.
const many = Array.from({ length: 250 }, (_, i) => ({ rma: { ...template, number: `RMA2${String(i).padStart(7, '0')}` }, version: i + 1 }));
const page = { page: { changes: [], nextCursor: 250, more: false, resetRequired: false, cursorTag: 7 }, rmas: many, skipped: 0 };

let n = 0;
const opened: StationDb[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const db of opened.splice(0)) await db.delete();
});
const settle = () => new Promise((r) => setImmediate(r));

/** Lets the rests' held timers run until `work` has finished, however it finished. */
async function pastRests(work: Promise<unknown>): Promise<void> {
  const done = work.then(
    () => 'done',
    () => 'done',
  );
  while ((await Promise.race([done, settle().then(() => 'resting')])) === 'resting') await vi.runAllTimersAsync();
}

/**
 * A pull begun while someone scans, its rests' timers held, left long enough for every part to be
 * written were it not resting.
 */
async function pullWhileScanning(prepared: Parameters<typeof applyPulledPage>[1]) {
  vi.useFakeTimers({ toFake: ['setTimeout'] });
  const db = station();
  await inForeground(() => Promise.resolve());
  const pull = applyPulledPage(db, prepared, 'station-a', new Date('2026-11-28T10:00:00Z'));
  for (let k = 0; k < 500; k++) await settle();
  return { db, pull };
}

function station() {
  const db = new StationDb(`scan-first-${++n}`, { indexedDB, IDBKeyRange });
  opened.push(db);
  return db;
}

describe('scans before background writes', () => {
  it('holds the pull’s next write while a recording is in hand, and lets it go after', async () => {
    const db = station();
    let finishScan!: () => void;
    const scan = inForeground(() => new Promise<void>((resolve) => (finishScan = resolve)));
    const pull = applyPulledPage(db, page, 'station-a', new Date('2026-11-28T10:00:00Z'));
    await new Promise((r) => setTimeout(r, 50));
    expect(await db.rmas.count()).toBe(0);
    finishScan();
    await scan;
    const applied = await pull;
    expect(applied.rmas).toBe(250);
    expect(await db.rmas.count()).toBe(250);
  });

  it('lets background work through at once when nobody is recording', async () => {
    await expect(Promise.race([backgroundTurn().then(() => 'free'), new Promise((r) => setTimeout(() => r('held'), 20))])).resolves.toBe('free');
  });

  it('writes in small parts while the station is in use, large ones once it has been quiet a while', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    await inForeground(() => Promise.resolve());
    expect(backgroundWriteSize(RMA_PART)).toBe(RMA_PART.inUse);
    vi.advanceTimersByTime(6000);
    expect(backgroundWriteSize(RMA_PART)).toBe(RMA_PART.quiet);
    expect(RMA_PART.inUse).toBeLessThan(RMA_PART.quiet);
  });

  it('rests after each background write as long as it took while the station is in use, not at all once it is quiet', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout'] });
    await inForeground(() => Promise.resolve());
    let rested = false;
    const rest = restAfterWrite(8).then(() => (rested = true));
    await vi.advanceTimersByTimeAsync(7);
    expect(rested).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await rest;
    expect(rested).toBe(true);
    vi.advanceTimersByTime(6000);
    rested = false;
    await restAfterWrite(8).then(() => (rested = true));
    expect(rested).toBe(true);
  });

  it('a pull while someone scans writes a part, then rests before the next', async () => {
    const { db, pull } = await pullWhileScanning(page);
    expect(await db.rmas.count()).toBe(RMA_PART.inUse);
    await vi.runAllTimersAsync();
    for (let k = 0; k < 50 && (await db.rmas.count()) < 2 * RMA_PART.inUse; k++) await settle();
    expect(await db.rmas.count()).toBe(2 * RMA_PART.inUse);
    await pastRests(pull);
    expect((await pull).rmas).toBe(250);
  });

  // Another door's packages for one RMA, as a joining station pulls them.
  const DOOR = '0192f3a4-0000-7000-8000-0000000d0001';
  const facts = Array.from({ length: 35 }, (_, i) => dockEvent(DOOR, i + 1, 'RMA10000016'));
  const factsPage = {
    page: { changes: facts.map((event, i) => ({ serverSeq: 300 + i, kind: 'event' as const, key: event.id, deleted: false, data: { event, status: 'accepted', reason: null, stationName: 'Dock door 1' } })), nextCursor: 334, more: true, resetRequired: false, cursorTag: 7 },
    rmas: [],
    skipped: 0,
  };

  it('another station’s facts, pulled while someone scans, are stored a part at a time with their cursor after the last', async () => {
    const { db, pull } = await pullWhileScanning(factsPage);
    expect(await db.remoteEvents.count()).toBe(CHANGE_PART.inUse);
    expect(await readMeta(db, 'pullCursor')).toBe(0);
    await pastRests(pull);
    expect((await pull).events).toBe(35);
    expect(await readMeta(db, 'pullCursor')).toBe(334);
    expect((await db.rmaProgress.get('RMA10000016'))?.accepted).toBe(35);
  });

  it('a page cut off between its parts is applied again when pulled again, each fact counted once', async () => {
    const db = station();
    await inForeground(() => Promise.resolve());
    const transaction = db.transaction.bind(db);
    let parts = 0;
    // The station stops (closed, crashed) as its third part begins.
    const cut = vi.spyOn(db, 'transaction').mockImplementation(((...args: Parameters<typeof db.transaction>) => {
      if (++parts === 3) throw new Error('the station stopped');
      return (transaction as (...a: unknown[]) => unknown)(...args);
    }) as typeof db.transaction);
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const first = applyPulledPage(db, factsPage, 'station-a', new Date('2026-11-28T10:00:00Z'));
    await pastRests(first);
    await expect(first).rejects.toThrow('the station stopped');
    expect(await db.remoteEvents.count()).toBe(2 * CHANGE_PART.inUse);
    expect(await readMeta(db, 'pullCursor')).toBe(0);

    cut.mockRestore();
    vi.advanceTimersByTime(6000);
    vi.useRealTimers();
    await applyPulledPage(db, factsPage, 'station-a', new Date('2026-11-28T10:00:00Z'));
    expect(await db.remoteEvents.count()).toBe(35);
    expect((await db.rmaProgress.get('RMA10000016'))?.accepted).toBe(35);
    expect(await readMeta(db, 'pullCursor')).toBe(334);
  });
});
