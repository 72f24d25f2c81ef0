import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { restoreFromJournal } from '../../renderer/db/restore';
import { propertyRuns, timeFor } from './properties';
import { stationActionArb, stationWithRmas, workTheDay } from './stationDay';
import type { StationDb } from '../../renderer/db/schema';

/*
 * A fact recorded at a station updates its projections in the same transaction, by shortcuts of
 * its own (what the verdict already read). A station wiped and restored from the desktop app's
 * journal rebuilds them by replaying the facts (`restoreFromJournal`). Both must end with the same
 * rows, whatever a day at the dock, the bench and the shipping table recorded.
 */

async function projections(db: StationDb) {
  const [packages, rmaProgress, units, slips, rmaRows] = await Promise.all([db.packages.toArray(), db.rmaProgress.toArray(), db.units.toArray(), db.slips.toArray(), db.rmas.toArray()]);
  return { packages, rmaProgress, units, slips, rmas: rmaRows.map((r) => ({ number: r.number, status: r.status })) };
}

describe('a station restored from its journal', () => {
  it('rebuilds exactly the rows its screens left, whatever the day recorded', timeFor(propertyRuns(60)), async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stationActionArb, { minLength: 10, maxLength: 60 }), async (actions) => {
        const stationId = uuidv7();
        const worked = await stationWithRmas(stationId);
        const restored = await stationWithRmas(stationId);
        try {
          await workTheDay(worked, stationId, actions);
          const journal = await worked.events.orderBy('stationSeq').toArray();
          expect(await restoreFromJournal(restored, journal)).toBe(journal.length);
          expect(await projections(restored)).toEqual(await projections(worked));
        } finally {
          worked.close();
          restored.close();
        }
      }),
      { numRuns: propertyRuns(60) },
    );
  });
});
