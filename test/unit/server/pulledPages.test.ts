import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { StationDb } from '../../../renderer/db/schema';
import { boxesByRma, factsOf, onlooker, pushAsScheduled, scenarioArb, serverFor } from './stationDays';
import { STORE_KINDS } from './stores';
import { propertyRuns, timeFor } from '../properties';

/*
 * SYNC.md, invariant 7: a station applies what it pulls page by page, each page in parts, and
 * re-applying a page changes nothing. So what a station holds of other stations' work must not
 * depend on when it pulled or on the size of its pages: one that pulls after every push, a few
 * changes a page, ends holding exactly what one that pulls everything at the end holds.
 */

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
