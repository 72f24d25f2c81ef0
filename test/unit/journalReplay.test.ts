import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { decideHold, recordDockVerdict, recordTracking, undoVerdict } from '../../renderer/db/dock';
import { approveDecision, assignReplacement, closeBox, logItem, overrideDecision, recordFinding, uncountItem } from '../../renderer/db/inspection';
import { writeMeta } from '../../renderer/db/meta';
import { restoreFromJournal } from '../../renderer/db/restore';
import { importRmas } from '../../renderer/db/rmaImport';
import { StationDb } from '../../renderer/db/schema';
import { recordShipment, recordSlipOutput, slipsWaiting } from '../../renderer/db/slips';
import { RefusalError } from '../../renderer/db/writeErrors';
import { usFederalCalendar } from '../../shared/dates';
import { classifyLabel } from '../../shared/labels';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { finding, photo, recordersAt, rmas, ups } from './atTheBench';
import { propertyRuns, timeFor } from './properties';

/*
 * A fact recorded at a station updates its projections in the same transaction, by shortcuts of
 * its own (what the verdict already read). A station wiped and restored from the desktop app's
 * journal rebuilds them by replaying the facts (`restoreFromJournal`). Both must end with the same
 * rows, whatever a day at the dock, the bench and the shipping table recorded.
 */

const stationId = uuidv7();
const people = recordersAt(stationId);
const start = new Date('2026-11-24T15:00:00Z');

type Action =
  | { t: 'scan'; label: string | null; tracked: boolean }
  | { t: 'track' }
  | { t: 'undo' }
  | { t: 'decide_hold'; pick: number; accept: boolean }
  | { t: 'count'; pick: number; sku: string; serial: string | null }
  | { t: 'uncount'; pick: number }
  | { t: 'inspect'; pick: number; result: 'defective' | 'no_fault_found' | 'misuse'; inStock: boolean }
  | { t: 'approve'; pick: number }
  | { t: 'override'; pick: number; outcome: 'refund' | 'replace' | 'return_to_customer' }
  | { t: 'replacement'; pick: number }
  | { t: 'close_box'; pick: number }
  | { t: 'print_slip'; pick: number }
  | { t: 'ship'; pick: number };

const pick = fc.nat();
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('scan' as const), label: fc.constantFrom('RMA10000016', 'RMA10000024', 'RMA10000065', 'RMA10000032', 'RMA99999990', 'not a label', null), tracked: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constantFrom({ t: 'track' as const }, { t: 'undo' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('decide_hold' as const), pick, accept: fc.boolean() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('count' as const),
      pick,
      sku: fc.constantFrom('IP8M-2496EB', 'NV4108E-HS', 'PS12V2A', 'IP5M-T1179EW', 'NOT-ON-RMA'),
      serial: fc.constantFrom(null, 'AMC0A1B2C3D4E5', 'AMC9Z8Y7X6W5V4', 'AMCTURRET00077', 'SN-OTHER'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('uncount' as const), pick }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('inspect' as const), pick, result: fc.constantFrom('defective' as const, 'no_fault_found' as const, 'misuse' as const), inStock: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('approve' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('override' as const), pick, outcome: fc.constantFrom('refund' as const, 'replace' as const, 'return_to_customer' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('replacement' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('close_box' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('print_slip' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('ship' as const), pick }) },
);

const chosen = <T>(among: readonly T[], n: number): T | undefined => among[n % Math.max(1, among.length)];

async function stationWithRmas(): Promise<StationDb> {
  const db = new StationDb(`replay-${uuidv7()}`, { indexedDB, IDBKeyRange });
  await writeMeta(db, 'station', { id: stationId, name: 'Door and bench' });
  await importRmas(db, rmas, start);
  return db;
}

/** One action as the screens take it; a refusal the screen would show is not an error here. */
async function perform(db: StationDb, a: Action, at: Date): Promise<void> {
  const units = await db.units.toArray();
  const live = units.filter((u) => !u.voided);
  const decided = live.filter((u) => u.decision);
  const openBoxes = (await db.packages.toArray()).filter((p) => p.verdict === 'accept' && !p.voided && !p.closed);
  switch (a.t) {
    case 'scan':
      await recordDockVerdict(db, { label: a.label === null ? null : classifyLabel(a.label), tracking: a.tracked ? ups : null, by: people.dock, settings: DEFAULT_SETTINGS, now: at });
      return;
    case 'track': {
      const last = await db.packages.orderBy('id').last();
      if (last) await recordTracking(db, last.id, ups, people.dock, at);
      return;
    }
    case 'undo': {
      const verdicts = (await db.events.orderBy('stationSeq').reverse().toArray()).filter((e) => ['package_accepted', 'package_refused', 'package_held'].includes(e.type));
      const boxes = await db.packages.bulkGet(verdicts.map((e) => (e.payload as { packageId: string }).packageId));
      const last = verdicts.find((e, i) => boxes[i]?.eventId === e.id && !boxes[i].voided);
      if (last) await undoVerdict(db, last.id, people.dock, at);
      return;
    }
    case 'decide_hold': {
      const held = chosen((await db.packages.toArray()).filter((p) => p.verdict === 'hold' && !p.voided), a.pick);
      if (held) await decideHold(db, { packageId: held.id, decision: a.accept ? 'accept' : 'refuse' }, people.supervisor, at);
      return;
    }
    case 'count': {
      const box = chosen(openBoxes, a.pick);
      if (box) await logItem(db, { packageId: box.id, sku: a.sku, serial: a.serial }, people.inspector, at);
      return;
    }
    case 'uncount': {
      const unit = chosen(live, a.pick);
      if (unit) await uncountItem(db, unit.unitId, people.inspector, at);
      return;
    }
    case 'inspect': {
      const unit = chosen(live, a.pick);
      // Photographed always: a unit not on the RMA needs it whatever the finding.
      const photos = [photo];
      if (unit) await recordFinding(db, { unitId: unit.unitId, finding: finding(a.result, a.result === 'misuse' ? ['abuse'] : []), note: '', photos, inStock: a.inStock }, people.inspector, at, usFederalCalendar);
      return;
    }
    case 'approve': {
      const unit = chosen(decided, a.pick);
      if (unit) await approveDecision(db, unit.unitId, people.supervisor, at);
      return;
    }
    case 'override': {
      const unit = chosen(decided, a.pick);
      if (unit) await overrideDecision(db, { unitId: unit.unitId, outcome: a.outcome, reason: 'Customer sent proof of the fault.' }, people.supervisor, at);
      return;
    }
    case 'replacement': {
      const unit = chosen(decided, a.pick);
      if (unit) await assignReplacement(db, unit.unitId, `RPL-${a.pick % 1000}`, people.inspector, at);
      return;
    }
    case 'close_box': {
      const box = chosen(openBoxes, a.pick);
      if (box) await closeBox(db, box.id, people.inspector, at);
      return;
    }
    case 'print_slip': {
      const group = chosen(await slipsWaiting(db), a.pick);
      if (group) {
        const input = { slipId: group.slip?.slipId ?? null, rmaNumber: group.rmaNumber, kind: group.kind, unitIds: group.units.map((u) => u.unitId), pageSize: 'letter' as const, output: 'download' as const };
        await recordSlipOutput(db, input, people.inspector, at);
      }
      return;
    }
    case 'ship': {
      const slip = chosen((await db.slips.toArray()).filter((s) => !s.shipment), a.pick);
      if (slip) await recordShipment(db, slip.slipId, ups, people.dock, at);
      return;
    }
  }
}

async function projections(db: StationDb) {
  const [packages, rmaProgress, units, slips, rmaRows] = await Promise.all([db.packages.toArray(), db.rmaProgress.toArray(), db.units.toArray(), db.slips.toArray(), db.rmas.toArray()]);
  return { packages, rmaProgress, units, slips, rmas: rmaRows.map((r) => ({ number: r.number, status: r.status })) };
}

describe('a station restored from its journal', () => {
  it('rebuilds exactly the rows its screens left, whatever the day recorded', timeFor(propertyRuns(60)), async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 10, maxLength: 60 }), async (actions) => {
        const worked = await stationWithRmas();
        const restored = await stationWithRmas();
        try {
          for (const [i, a] of actions.entries()) {
            try {
              await perform(worked, a, new Date(start.getTime() + i * 60_000));
            } catch (e) {
              if (!(e instanceof RefusalError)) throw e;
            }
          }
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
