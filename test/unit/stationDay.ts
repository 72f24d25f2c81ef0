import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { decideHold, recordDockVerdict, recordTracking, undoVerdict } from '../../renderer/db/dock';
import { approveDecision, assignReplacement, closeBox, logItem, overrideDecision, recordFinding, uncountItem } from '../../renderer/db/inspection';
import { writeMeta } from '../../renderer/db/meta';
import { isVerdictEvent } from '../../renderer/db/projections';
import { importRmas } from '../../renderer/db/rmaImport';
import { StationDb } from '../../renderer/db/schema';
import { recordShipment, recordSlipOutput, slipsWaiting } from '../../renderer/db/slips';
import { RefusalError } from '../../renderer/db/writeErrors';
import { usFederalCalendar } from '../../shared/dates';
import { classifyLabel } from '../../shared/labels';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { finding, photo, recordersAt, rmas, ups } from './atTheBench';

/*
 * A random day at one station, worked through the functions its screens call: dock verdicts,
 * undos, holds decided, counts, findings with photos, approvals, overrides, replacements, closed
 * boxes, slips and shipments. Each action picks among what the station holds at that moment.
 */

/** When the day begins: the RMAs were imported then, fresh for the whole day. */
export const dayStart = new Date('2026-11-24T15:00:00Z');

export type StationAction =
  | { t: 'scan'; label: string | null; tracked: boolean }
  | { t: 'track' }
  | { t: 'undo' }
  | { t: 'decide_hold'; pick: number; accept: boolean }
  /** A unit of one of the box's RMA lines (its listed serial, none, or another), or an item not on it. */
  | { t: 'count'; pick: number; line: number | null; serial: 'listed' | 'none' | 'other' }
  | { t: 'uncount'; pick: number }
  | { t: 'inspect'; pick: number; result: 'defective' | 'no_fault_found' | 'misuse'; inStock: boolean }
  | { t: 'approve'; pick: number }
  | { t: 'override'; pick: number; outcome: 'refund' | 'replace' | 'return_to_customer' }
  | { t: 'replacement'; pick: number }
  | { t: 'close_box'; pick: number }
  | { t: 'print_slip'; pick: number }
  | { t: 'ship'; pick: number };

const pick = fc.nat();
export const stationActionArb: fc.Arbitrary<StationAction> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('scan' as const),
      // Open RMAs of one unit (a refund, a replacement abroad) and of three, cancelled, unknown, not a label, no label.
      label: fc.constantFrom('RMA10000016', 'RMA10000016', 'RMA10000065', 'RMA10000024', 'RMA10000032', 'RMA99999990', 'not a label', null),
      tracked: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom({ t: 'track' as const }, { t: 'undo' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('decide_hold' as const), pick, accept: fc.boolean() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('count' as const),
      pick,
      line: fc.option(fc.nat(), { freq: 5 }),
      serial: fc.constantFrom('listed' as const, 'none' as const, 'other' as const),
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

/** A station of its own id, the fixture's RMAs imported at the day's start. */
export async function stationWithRmas(stationId: string): Promise<StationDb> {
  const db = new StationDb(`station-day-${uuidv7()}`, { indexedDB, IDBKeyRange });
  await writeMeta(db, 'station', { id: stationId, name: 'Door and bench' });
  await importRmas(db, rmas, dayStart);
  return db;
}

/** One action as the screens take it. */
async function perform(db: StationDb, a: StationAction, at: Date, people: ReturnType<typeof recordersAt>): Promise<void> {
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
      const verdicts = (await db.events.orderBy('stationSeq').reverse().toArray()).filter(isVerdictEvent);
      const boxes = await db.packages.bulkGet(verdicts.map((e) => e.payload.packageId));
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
      const rma = box?.rmaNumber ? await db.rmas.get(box.rmaNumber) : undefined;
      const line = a.line === null || !rma ? undefined : chosen(rma.lines, a.line);
      const serial = a.serial === 'listed' ? (line?.serials[(a.line ?? 0) % Math.max(1, line.serials.length)] ?? null) : a.serial === 'other' ? `SN-${a.pick % 7}` : null;
      if (box) await logItem(db, { packageId: box.id, sku: line?.sku ?? 'NOT-ON-RMA', serial }, people.inspector, at);
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

/** The day's actions, a minute apart, at the station whose id `db` holds; a refusal the screen would show is not an error here. */
export async function workTheDay(db: StationDb, stationId: string, actions: readonly StationAction[]): Promise<void> {
  const people = recordersAt(stationId);
  for (const [i, a] of actions.entries()) {
    try {
      await perform(db, a, new Date(dayStart.getTime() + i * 60_000), people);
    } catch (e) {
      if (!(e instanceof RefusalError)) throw e;
    }
  }
}
