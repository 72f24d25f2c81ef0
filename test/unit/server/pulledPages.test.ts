import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { writeMeta } from '../../../renderer/db/meta';
import { StationDb } from '../../../renderer/db/schema';
import { enrolStation } from '../../../renderer/sync/enrol';
import { SyncEngine } from '../../../renderer/sync/engine';
import { inlinePageReader } from '../../../renderer/sync/pageReader';
import { fetchInto } from './harness';
import { boxesByRma, factsOf, pushAsScheduled, scenarioArb, serverFor, type Server } from './stationDays';
import { STORE_KINDS } from './stores';
import { propertyRuns, timeFor } from '../properties';

/*
 * SYNC.md, invariant 7: a station applies what it pulls page by page, each page in parts, and
 * re-applying a page changes nothing. So what a station holds of other stations' work must not
 * depend on when it pulled or on the size of its pages: one that pulls after every push, a few
 * changes a page, ends holding exactly what one that pulls everything at the end holds.
 */

const BASE = 'http://sync.test';
const ADMIN = { authorization: 'Bearer admin-secret-for-tests' };
const clock = new Date('2026-11-28T18:00:00Z');

/** A third station that records nothing, linked to the server, pulling `pageSize` changes a page (or the engine's own). */
async function onlooker(server: Server, name: string, pageSize: number | null) {
  const db = new StationDb(`onlooker-${uuidv7()}`, { indexedDB, IDBKeyRange });
  await writeMeta(db, 'station', { id: uuidv7(), name });
  const fetch = fetchInto(server.app, BASE);
  const code = (await server.app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: ADMIN, payload: { name } })).json<{ enrolCode: string }>().enrolCode;
  await enrolStation(db, BASE, code, fetch, clock);
  const reader = inlinePageReader(fetch);
  const engine = new SyncEngine({
    db,
    fetch,
    now: () => clock,
    random: () => 0.5,
    isOnline: () => true,
    recorder: () => Promise.resolve(null),
    readPage: pageSize === null ? reader : (url, token, cursor) => reader(url, token, cursor, pageSize),
  });
  return { db, engine };
}

/** What a station holds of other stations' work: their facts and everything derived from them here. */
async function holds(db: StationDb) {
  const [rmas, packages, rmaProgress, units, exceptions, remoteEvents] = await Promise.all([
    db.rmas.toArray(),
    db.packages.toArray(),
    db.rmaProgress.toArray(),
    db.units.toArray(),
    db.exceptions.toArray(),
    db.remoteEvents.toArray(),
  ]);
  return { rmas, packages, rmaProgress, units, exceptions, remoteEvents };
}

describe('what a station takes in does not depend on when it pulls or how many changes a page', () => {
  it('pulling after every push, a few changes a page, ends where pulling everything once does, and where the server is', timeFor(propertyRuns(25)), async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.integer({ min: 1, max: 7 }), async (scenario, pageSize) => {
        const stationIds = [uuidv7(), uuidv7()] as const;
        const server = await serverFor(STORE_KINDS[0]!, stationIds);
        const often = await onlooker(server, 'Door 7', pageSize);
        const once = await onlooker(server, 'Door 8', null);
        try {
          await pushAsScheduled(server, factsOf(scenario.days, stationIds), scenario.pushes, { afterEachPush: () => often.engine.syncNow() });
          await often.engine.syncNow();
          await once.engine.syncNow();
          const held = await holds(once.db);
          // Every fact the server kept is here (a day may hold nothing it kept: boxes for unknown RMAs).
          const kept = await server.store.db.selectFrom('events').select('id').where('status', '=', 'accepted').orderBy('id').execute();
          expect(held.remoteEvents.map((e) => e.id).sort()).toEqual(kept.map((e) => e.id));
          expect(await holds(often.db)).toEqual(held);
          // And it agrees with the server: each RMA's boxes, and which RMAs are closed.
          const states = await server.store.db.selectFrom('rma_state').select(['number', 'packages_accepted']).execute();
          expect(boxesByRma(held.rmaProgress.map((p) => [p.rmaNumber, p.accepted]))).toEqual(boxesByRma(states.map((s) => [s.number, Number(s.packages_accepted)])));
          const serverRmas = await server.store.db.selectFrom('rmas').select(['number', 'status']).orderBy('number').execute();
          expect(held.rmas.map((r) => ({ number: r.number, status: r.status })).sort((a, b) => a.number.localeCompare(b.number))).toEqual(serverRmas);
        } finally {
          often.db.close();
          once.db.close();
          await server.close();
        }
      }),
      { numRuns: propertyRuns(25) },
    );
  });
});
