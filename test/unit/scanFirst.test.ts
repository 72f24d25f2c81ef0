import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRmaExport } from '../../shared/rma';
import { backgroundTurn, backgroundWriteSize, inForeground, restAfterWrite } from '../../renderer/db/scanFirst';
import { StationDb } from '../../renderer/db/schema';
import { applyPulledPage, RMA_PART } from '../../renderer/sync/applyPull';

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
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const db = station();
    await inForeground(() => Promise.resolve());
    const pull = applyPulledPage(db, page, 'station-a', new Date('2026-11-28T10:00:00Z'));
    const settle = () => new Promise((r) => setImmediate(r));
    // Long enough for every part to be written, were it not resting (the rest's timer is held).
    for (let k = 0; k < 500; k++) await settle();
    expect(await db.rmas.count()).toBe(RMA_PART.inUse);
    await vi.runAllTimersAsync();
    for (let k = 0; k < 50 && (await db.rmas.count()) < 2 * RMA_PART.inUse; k++) await settle();
    expect(await db.rmas.count()).toBe(2 * RMA_PART.inUse);
    while ((await Promise.race([pull.then(() => 'done'), settle().then(() => 'resting')])) === 'resting') await vi.runAllTimersAsync();
    expect((await pull).rmas).toBe(250);
  });
});
