import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../../server/app';
import { recordDockVerdict, undoVerdict } from '../../../renderer/db/dock';
import { writeMeta } from '../../../renderer/db/meta';
import { StationDb } from '../../../renderer/db/schema';
import { enrolStation } from '../../../renderer/sync/enrol';
import { SyncEngine } from '../../../renderer/sync/engine';
import { classifyLabel } from '../../../shared/labels';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { enrolmentCode, faulty, fetchInto, type Faults } from './harness';
import { boxesByRma, fixtureCsv } from './stationDays';
import { backUp, restoreFrom, STORE_KINDS } from './stores';
import { propertyRuns, timeFor } from '../properties';

/*
 * SYNC.md's fault-injection plan, drawn at random: two dock doors scan, undo and sync while
 * replies are lost, requests arrive twice, the server is unreachable or takes only small batches,
 * old pushes are delivered again late, and the server is restored from an earlier backup. Once the network is good and both have synced, the
 * server holds each fact exactly once, gap-free per station, each door has nothing pending, and
 * each agrees with the server on every RMA's boxes.
 */

const ADMIN = 'admin-secret-for-tests';
const BASE = 'http://sync.test';
const admin = { authorization: `Bearer ${ADMIN}` };
const start = new Date('2026-11-28T10:00:00Z');
/** RMA10000016's row under a number the server does not know until the day's `new_rma`. */
const lateRma = `${fixtureCsv.split('\n')[0]}\n${fixtureCsv.split('\n')[1]!.replace('RMA10000016', 'RMA10000073')}\n`;

type Fault = 'none' | 'lose_reply' | 'duplicate' | 'down' | 'small_batches';
type Action =
  | { t: 'scan'; door: 0 | 1; label: string | null }
  | { t: 'undo'; door: 0 | 1 }
  | { t: 'sync'; door: 0 | 1; fault: Fault }
  /** An old push of this door's delivered again, late: `pick` chooses which. */
  | { t: 'replay'; door: 0 | 1; pick: number }
  /** The server's database backed up, or put back as the last backup had it (the first: as linked). */
  | { t: 'backup' }
  | { t: 'restore' }
  /** A day passes: both doors' RMA data is out of date until they next sync. */
  | { t: 'next_day' }
  /** Customer service issues an RMA the doors have not heard of. */
  | { t: 'new_rma' };

const door = fc.constantFrom(0 as const, 1 as const);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('scan' as const), door, label: fc.constantFrom('RMA10000016', 'RMA10000024', 'RMA10000032', 'RMA10000073', null) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('undo' as const), door }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('sync' as const), door, fault: fc.constantFrom<Fault>('none', 'lose_reply', 'duplicate', 'down', 'small_batches') }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('replay' as const), door, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constantFrom({ t: 'backup' as const }, { t: 'restore' as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ t: 'next_day' as const }, { t: 'new_rma' as const }) },
);

async function dockDoors(actions: readonly Action[]): Promise<void> {
  const { store, cleanup } = await STORE_KINDS[0]!.fresh();
  let clock = start;
  const app = buildServer({ store, adminToken: ADMIN });
  const doors = await Promise.all(
    [0, 1].map(async (n) => {
      const db = new StationDb(`door-${uuidv7()}`, { indexedDB, IDBKeyRange });
      const id = uuidv7();
      const by = { stationId: id, actor: { name: `Dana ${n}`, role: 'dock' as const } };
      await writeMeta(db, 'station', { id, name: `Door ${n}` });
      await writeMeta(db, 'session', { user: by.actor, signedInAt: '', shiftStartSeq: 0 });
      const faults: Faults = { recorded: [] };
      const fetch = faulty(fetchInto(app, BASE), faults);
      const engine = new SyncEngine({ db, fetch, now: () => clock, random: () => 0.5, isOnline: () => !faults.down, recorder: () => Promise.resolve(by) });
      return { id, db, by, faults, engine };
    }),
  );
  try {
    expect((await app.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: fixtureCsv })).statusCode).toBe(200);
    for (const d of doors) {
      await enrolStation(d.db, BASE, await enrolmentCode(app, admin, d.id), faulty(fetchInto(app, BASE), {}), clock);
      await d.engine.syncNow();
    }

    let backup = await backUp(store);
    for (const a of actions) {
      if (a.t === 'backup') backup = await backUp(store);
      else if (a.t === 'restore') await restoreFrom(store, backup);
      else if (a.t === 'next_day') clock = new Date(clock.getTime() + 25 * 3_600_000);
      else if (a.t === 'new_rma') await app.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: lateRma });
      if (a.t === 'backup' || a.t === 'restore' || a.t === 'next_day' || a.t === 'new_rma') continue;
      const d = doors[a.door]!;
      if (a.t === 'scan') {
        await recordDockVerdict(d.db, { label: a.label === null ? null : classifyLabel(a.label), tracking: null, by: d.by, settings: DEFAULT_SETTINGS, now: clock });
      } else if (a.t === 'undo') {
        // The door's own last verdict still in force, as *Undo last verdict* takes it.
        const verdicts = (await d.db.events.orderBy('stationSeq').reverse().toArray()).filter((e) => ['package_accepted', 'package_refused', 'package_held'].includes(e.type));
        const boxes = await d.db.packages.bulkGet(verdicts.map((e) => (e.payload as { packageId: string }).packageId));
        const last = verdicts.find((e, i) => boxes[i]?.eventId === e.id && !boxes[i].voided);
        if (last) await undoVerdict(d.db, last.id, d.by, clock);
      } else if (a.t === 'replay') {
        const old = d.faults.recorded!;
        if (!old.length) continue;
        const { input, init } = old[a.pick % old.length]!;
        // A late copy is answered as a duplicate, or as a gap if it was never acknowledged: never stored twice.
        expect([200, 409]).toContain((await fetchInto(app, BASE)(input, init)).status);
      } else {
        Object.assign(d.faults, {
          loseReplyOnce: a.fault === 'lose_reply' ? (url: string) => url.includes('/sync/push') : undefined,
          duplicate: a.fault === 'duplicate',
          down: a.fault === 'down',
          maxEvents: a.fault === 'small_batches' ? 2 : undefined,
        });
        await d.engine.syncNow();
      }
    }

    for (const d of doors) Object.assign(d.faults, { loseReplyOnce: undefined, duplicate: false, down: false, maxEvents: undefined });
    // Twice round: the second pull brings each door what the other sent after it last pulled.
    for (let round = 0; round < 2; round++) for (const d of doors) await d.engine.syncNow();

    const stored = await store.db.selectFrom('events').select(['id', 'station_id', 'station_seq']).orderBy('server_seq').execute();
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
    for (const d of doors) {
      const own = await d.db.events.orderBy('stationSeq').toArray();
      const there = stored.filter((e) => e.station_id === d.id).sort((a, b) => Number(a.station_seq) - Number(b.station_seq));
      expect(there.map((e) => [e.id, Number(e.station_seq)])).toEqual(own.map((e) => [e.id, e.stationSeq]));
      expect(await d.engine.status()).toMatchObject({ pending: 0, log: { state: 'ok', lastError: null } });
    }
    // A box held while the door's RMA data was out of date is decided by that door, once, when it is
    // back in touch with the server — whether the RMA arrived or is still unknown.
    for (const d of doors) {
      const own = await d.db.events.toArray();
      const holds = own.filter((e) => e.type === 'package_held' && e.payload.reason === 'unknown_rma_unverified').map((e) => (e.payload as { packageId: string }).packageId);
      const rows = await d.db.packages.bulkGet(holds);
      expect(rows.filter((p) => p && !p.voided && p.verdict === 'hold').map((p) => p!.rmaNumber)).toEqual([]);
    }
    const settling = (await Promise.all(doors.map((d) => d.db.events.toArray()))).flat().flatMap((e) => ((e.payload as { settlesHold?: string | null }).settlesHold ? [(e.payload as { settlesHold: string }).settlesHold] : []));
    expect(settling.length).toBe(new Set(settling).size);
    const states = await store.db.selectFrom('rma_state').select(['number', 'packages_accepted']).execute();
    // A fact the server refused (a box accepted for an RMA the server lost with a restore) is listed
    // at its door for a supervisor, and counts only there: its RMA is left out of the comparison.
    const refused = await store.db.selectFrom('events').select(['id', 'station_id', 'rma_number']).where('status', '=', 'rejected').execute();
    for (const r of refused) expect(await doors.find((d) => d.id === r.station_id)!.db.rejections.get(r.id)).toBeDefined();
    const disputed = new Set(refused.map((r) => r.rma_number));
    const atServer = boxesByRma(states.map((s) => [s.number, Number(s.packages_accepted)]), disputed);
    for (const d of doors) expect(boxesByRma((await d.db.rmaProgress.toArray()).map((p) => [p.rmaNumber, p.accepted]), disputed)).toEqual(atServer);
  } finally {
    for (const d of doors) {
      d.engine.stop();
      d.db.close();
    }
    await app.close();
    await store.close();
    await cleanup();
  }
}

describe('two dock doors syncing through random faults', () => {
  it('lose nothing, store nothing twice, and end agreeing with the server', timeFor(propertyRuns(25)), async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 30 }), (actions) => dockDoors(actions)),
      // Found by this property: a box held while the door's data was a day old stayed held after the
      // door synced, because the sync brought nothing new; and a box accepted for an RMA the server
      // then lost with a restore (refused there, listed at the door).
      { numRuns: propertyRuns(25), examples: [[[{ t: 'next_day' }, { t: 'scan', door: 0, label: 'RMA10000073' }, { t: 'sync', door: 0, fault: 'none' }]], [[{ t: 'new_rma' }, { t: 'sync', door: 0, fault: 'none' }, { t: 'scan', door: 0, label: 'RMA10000073' }, { t: 'restore' }]]] },
    );
  });
});
