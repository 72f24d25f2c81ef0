import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readMeta, writeMeta } from '../../renderer/db/meta';
import { StationDb } from '../../renderer/db/schema';
import { SyncEngine } from '../../renderer/sync/engine';
import { parseRmaExport } from '../../shared/rma';
import type { PullAnswerBody } from '../../shared/sync';

const [first, second] = parseRmaExport(readFileSync(new URL('../fixtures/rmas.csv', import.meta.url), 'utf8')).rmas;
const STATION = '0192f3a4-0000-7000-8000-0000000c0001';
let dbs = 0;
const open: StationDb[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

/**
 * A station that pulled up to serverSeq 40 (tag 9) from a server that answers pulls with `answer`:
 * it holds `first` at version 30 and `second` at version 40, both pulled.
 */
async function stationAfterPulls(answer: (after: number, at: string | null) => Omit<PullAnswerBody, 'cursorTag'> & { cursorTag?: number | null }) {
  const db = new StationDb(`repull-${++dbs}`, { indexedDB, IDBKeyRange });
  open.push(db);
  await writeMeta(db, 'station', { id: STATION, name: 'Door' });
  await writeMeta(db, 'sync', { serverUrl: 'http://sync.test', token: 'x'.repeat(20), enrolledAt: '' });
  await writeMeta(db, 'pullCursor', 40);
  await writeMeta(db, 'pullTag', 9);
  await db.rmas.bulkPut([
    { ...first!, receivedAt: '', version: 30 },
    { ...second!, receivedAt: '', version: 40 },
  ]);
  const pulls: string[] = [];
  const fetch = (input: string) => {
    const url = new URL(input);
    if (url.pathname.endsWith('/sync/status')) return Promise.resolve(Response.json({ stationId: STATION, lastAck: 0 }));
    pulls.push(url.search);
    return Promise.resolve(Response.json({ cursorTag: null, ...answer(Number(url.searchParams.get('after')), url.searchParams.get('at')) }));
  };
  const engine = new SyncEngine({ db, fetch, now: () => new Date('2026-11-29T08:00:00Z'), random: () => 0.5, isOnline: () => true, recorder: () => Promise.resolve(null) });
  return { db, engine, pulls };
}

const reset = { changes: [], nextCursor: 0, more: false, resetRequired: true };

describe('pulling everything again after the server was restored', () => {
  it('takes the server’s RMAs whatever their versions, and drops the ones it no longer has', async () => {
    const { db, engine, pulls } = await stationAfterPulls((after) =>
      after > 0 ? reset : { changes: [{ serverSeq: 3, kind: 'rma', key: first!.number, deleted: false, data: { ...first, status: 'open' } }], nextCursor: 3, more: false, resetRequired: false, cursorTag: 5 },
    );
    await db.rmas.put({ ...first!, number: 'RMA10000099', receivedAt: '' }); // from a file: never the server's
    await engine.syncNow();
    expect(pulls).toEqual(['?after=40&at=9&limit=1000', '?after=0&limit=1000']);
    expect((await db.rmas.toArray()).map((r) => [r.number, r.version, r.pullGeneration])).toEqual([
      [first!.number, 3, 1],
      ['RMA10000099', undefined, undefined],
    ]);
    expect([await readMeta(db, 'pullCursor'), await readMeta(db, 'pullTag'), await readMeta(db, 'repullPending')]).toEqual([3, 5, false]);
    expect((await engine.status()).serverRestore).toEqual({ foundAt: '2026-11-29T08:00:00.000Z', repullDone: true });
  });

  it('told to start again twice in one cycle, it stops without dropping anything, and carries on next cycle', async () => {
    let restored = 2;
    const { db, engine } = await stationAfterPulls((after) =>
      after > 0 || restored-- > 1 ? reset : { changes: [{ serverSeq: 1, kind: 'rma', key: second!.number, deleted: false, data: second }], nextCursor: 1, more: false, resetRequired: false, cursorTag: 4 },
    );
    await engine.syncNow();
    expect((await engine.status()).log).toMatchObject({ state: 'error', lastError: expect.stringMatching(/changed while this station pulled it again/) });
    expect(await db.rmas.count()).toBe(2);
    expect(await readMeta(db, 'repullPending')).toBe(true);

    await engine.syncNow();
    expect((await engine.status()).log.state).toBe('ok');
    expect((await db.rmas.toArray()).map((r) => [r.number, r.version])).toEqual([[second!.number, 1]]);
    expect(await readMeta(db, 'pullGeneration')).toBe(1);
  });
});

describe('an exception this station resolved', () => {
  it('stays resolved when the server sends it again as raised (pulled again before the resolution reached it)', async () => {
    const raised = { id: '0192f3a4-0000-7000-8000-00000000e001', kind: 'serial_counted_twice', rmaNumber: first!.number, eventId: STATION, stationId: STATION, details: { serial: 'SN1' }, raisedSeq: 2 };
    const { db, engine } = await stationAfterPulls((after) =>
      after > 0 ? reset : { changes: [{ serverSeq: 2, kind: 'exception', key: raised.id, deleted: false, data: raised }], nextCursor: 2, more: false, resetRequired: false, cursorTag: 5 },
    );
    const resolution = { eventId: '0192f3a4-0000-7000-8000-00000000e002', by: 'Ada', note: 'Counted twice by mistake.', at: '2026-11-29T07:00:00.000Z' };
    await db.exceptions.put({ ...raised, resolution });
    await engine.syncNow();
    expect(await db.exceptions.toArray()).toEqual([{ ...raised, resolution, pullGeneration: 1 }]);
  });
});
