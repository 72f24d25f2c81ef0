import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../../server/app';
import { enrolStation } from '../../../renderer/sync/enrol';
import { SyncEngine } from '../../../renderer/sync/engine';
import { closingInWords } from '../../../renderer/features/inspection/closing';
import { propertyRuns, timeFor } from '../properties';
import { dayStart, stationActionArb, stationWithRmas, workTheDay } from '../stationDay';
import { enrolmentCode, fetchInto } from './harness';
import { fixtureCsv } from './stationDays';
import { STORE_KINDS } from './stores';

/*
 * Clause 11 is worked out twice: the station's RMA panel from its own projections (`closingInWords`),
 * the server from the facts it receives — and the server's word is what makes every dock refuse a
 * late box. After a day at a station and a sync, the two must say the same of every RMA.
 */

const ADMIN = 'admin-secret-for-tests';
const BASE = 'http://sync.test';
const admin = { authorization: `Bearer ${ADMIN}` };

describe('the station and the server agree on which RMAs are closed', () => {
  it('after a random day at the dock, the bench and the shipping table, synced', timeFor(propertyRuns(40)), async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stationActionArb, { minLength: 10, maxLength: 60 }), async (actions) => {
        const { store, cleanup } = await STORE_KINDS[0]!.fresh();
        const app = buildServer({ store, adminToken: ADMIN });
        const stationId = uuidv7();
        const db = await stationWithRmas(stationId);
        try {
          const fetch = fetchInto(app, BASE);
          expect((await app.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: fixtureCsv })).statusCode).toBe(200);
          await enrolStation(db, BASE, await enrolmentCode(app, admin, 'Bench 1'), fetch, dayStart);
          await workTheDay(db, stationId, actions);
          const engine = new SyncEngine({ db, fetch, now: () => dayStart, random: () => 0.5, isOnline: () => true, recorder: () => Promise.resolve(null) });
          await engine.syncNow();
          expect(await engine.status()).toMatchObject({ pending: 0, log: { state: 'ok' } });

          const closedAtServer = (await store.db.selectFrom('rmas').select('number').where('status', '=', 'closed').orderBy('number').execute()).map((r) => r.number);
          const units = await db.units.toArray();
          const closedHere = (await db.rmas.orderBy('number').toArray()).filter((rma) => closingInWords(rma, units.filter((u) => u.rmaNumber === rma.number)).startsWith('closed')).map((r) => r.number);
          expect(closedHere).toEqual(closedAtServer);
        } finally {
          db.close();
          await app.close();
          await store.close();
          await cleanup();
        }
      }),
      { numRuns: propertyRuns(40) },
    );
  });
});
