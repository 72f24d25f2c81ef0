import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { usFederalCalendar } from '../../shared/dates';
import { mayRecord, notAllowedMessage, stationEventSchema } from '../../shared/events';
import { rmaClosesByFacts, turnaroundFor } from '../../shared/inspection';
import { classifyLabel } from '../../shared/labels';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { recordDockVerdict } from '../../renderer/db/dock';
import { NotAllowedError } from '../../renderer/db/facts';
import {
  approveDecision,
  assignReplacement,
  closeBox,
  InspectionError,
  logItem,
  overrideDecision,
  recordFinding,
  uncountItem,
} from '../../renderer/db/inspection';
import { restoreFromJournal } from '../../renderer/db/restore';
import { recordShipment, recordSlipOutput, slipGroups, slipsWaiting } from '../../renderer/db/slips';
import { closingInWords, everyUnitDone } from '../../renderer/features/inspection/closing';
import { importRmas } from '../../renderer/db/rmaImport';
import { StationDb } from '../../renderer/db/schema';
import { finding, now, photo, recordersAt, rmas, ups } from './atTheBench';

const station = '0192f3a4-0000-7000-8000-000000000001';
const { dock, inspector, supervisor } = recordersAt(station);

let count = 0;
const open: StationDb[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

/** A station with the fixture RMAs and one accepted box for RMA10000024 (replacement, NVR + 2 PSUs). */
async function boxAtBench() {
  const db = new StationDb(`inspection-${++count}`, { indexedDB, IDBKeyRange });
  open.push(db);
  await importRmas(db, rmas, now);
  const { event } = await recordDockVerdict(db, { label: classifyLabel('RMA10000024'), tracking: null, by: dock, settings: DEFAULT_SETTINGS, now });
  return { db, packageId: event!.payload.packageId };
}


describe('inspection facts and their projections', () => {
  it('puts an accepted box in the queue and takes it out when closed', async () => {
    const { db, packageId } = await boxAtBench();
    expect((await db.packages.orderBy('queuedAt').toArray()).map((p) => p.id)).toEqual([packageId]);
    await logItem(db, { packageId, sku: 'ps12v2a', serial: null }, inspector, now);
    const closed = await closeBox(db, packageId, inspector, now);
    expect(closed.closed).toMatchObject({
      units: 1,
      lines: [
        { sku: 'NV4108E-HS', authorised: 1, received: 0, missing: 1 },
        { sku: 'PS12V2A', authorised: 2, received: 1, missing: 1 },
      ],
    });
    expect(await db.packages.orderBy('queuedAt').count()).toBe(0);
    await expect(logItem(db, { packageId, sku: 'PS12V2A', serial: null }, inspector, now)).rejects.toThrow('That box is closed');
  });

  it('places each unit by the blind count, and a listed serial counted later claims its line', async () => {
    const { db, packageId } = await boxAtBench();
    const first = await logItem(db, { packageId, sku: 'NV4108E-HS', serial: 'AMC000WRONG01' }, inspector, now);
    expect((await db.units.get(first.unitId))!.match).toBe('serial_mismatch');
    const listed = await logItem(db, { packageId, sku: 'NV4108E-HS', serial: 'amc9z8y7x6w5v4' }, inspector, now);
    expect((await db.units.get(listed.unitId))!.match).toBe('matched');
    expect((await db.units.get(first.unitId))!.match).toBe('over_quantity');
    const stranger = await logItem(db, { packageId, sku: 'HDMI-6FT', serial: 'CBL12345' }, inspector, now);
    expect(stranger.match).toBe('not_on_rma');
    expect((await db.rmaProgress.get('RMA10000024'))!.unitsLogged).toBe(3);

    await expect(logItem(db, { packageId, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, inspector, now)).rejects.toThrow('already counted');
    // Taking the listed one off the count gives its line back to the first.
    await uncountItem(db, listed.unitId, inspector, now);
    expect((await db.units.get(first.unitId))!.match).toBe('serial_mismatch');
    expect((await db.rmaProgress.get('RMA10000024'))!.unitsLogged).toBe(2);
  });

  it("counts a unit scanned by its UPC under the SKU the catalog gives it, so the RMA's item is on the RMA", async () => {
    const { db, packageId } = await boxAtBench();
    const mark = { version: 1 };
    await db.catalog.bulkPut([
      { sku: 'NV4108E-HS', description: 'NVR', kind: 'product', warrantyMonths: 24, barcodes: ['693927800459', '0693927800787'], ...mark },
      { sku: 'HDMI-6FT', description: 'HDMI cable', kind: 'accessory', warrantyMonths: undefined, barcodes: ['693927801234'], ...mark },
    ]);
    const nvr = await logItem(db, { packageId, sku: '693927800459', serial: 'AMC9Z8Y7X6W5V4' }, inspector, now);
    expect(nvr).toMatchObject({ sku: 'NV4108E-HS', match: 'matched' });
    // The same GTIN written with another number of leading zeros than the catalog's.
    const again = await logItem(db, { packageId, sku: '00693927800787', serial: 'AMC000SECOND1' }, inspector, now);
    expect(again).toMatchObject({ sku: 'NV4108E-HS', match: 'over_quantity' });
    const cable = await logItem(db, { packageId, sku: '693927801234', serial: null }, inspector, now);
    expect(cable).toMatchObject({ sku: 'HDMI-6FT', match: 'not_on_rma' });
    // A code the catalog does not list is counted as scanned.
    const unknown = await logItem(db, { packageId, sku: '036000291452', serial: null }, inspector, now);
    expect(unknown).toMatchObject({ sku: '036000291452', match: 'not_on_rma' });
    const facts = await db.events.where('stationSeq').above(1).toArray();
    expect(facts.map((e) => (e.type === 'item_logged' ? e.payload.sku : null))).toEqual(['NV4108E-HS', 'NV4108E-HS', 'HDMI-6FT', '036000291452']);
  });

  it('decides each unit by the terms and records the finding, photos and decision together', async () => {
    const { db, packageId } = await boxAtBench();
    const nvr = await logItem(db, { packageId, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, inspector, now);
    const psu = await logItem(db, { packageId, sku: 'PS12V2A', serial: 'PSU00042' }, inspector, now);
    const cable = await logItem(db, { packageId, sku: 'HDMI-6FT', serial: null }, inspector, now);

    const replace = await recordFinding(db, { unitId: nvr.unitId, finding: finding('defective'), note: 'no video out', photos: [], inStock: true }, inspector, now, usFederalCalendar);
    expect(replace).toMatchObject({ outcome: 'replace', replacement: { condition: 'refurbished', backordered: false }, clauses: [3, 8, 10], warranty: { endsOn: '2028-06-10' } });
    const nff = await recordFinding(db, { unitId: psu.unitId, finding: finding('no_fault_found'), note: '', photos: [], inStock: true }, inspector, now, usFederalCalendar);
    expect(nff).toMatchObject({ outcome: 'return_to_customer', reasons: ['no_fault_found'], customerPays: 'return_shipping' });

    await expect(recordFinding(db, { unitId: cable.unitId, finding: finding('defective'), note: '', photos: [], inStock: true }, inspector, now, usFederalCalendar)).rejects.toThrow(
      'photograph it',
    );
    const back = await recordFinding(db, { unitId: cable.unitId, finding: finding('defective'), note: '', photos: [photo], inStock: true }, inspector, now, usFederalCalendar);
    expect(back).toMatchObject({ outcome: 'return_to_customer', reasons: ['not_on_rma'], clauses: [11] });

    const events = await db.events.orderBy('stationSeq').toArray();
    expect(events.map((e) => e.type).slice(-2)).toEqual(['item_inspected', 'disposition_decided']);
    for (const e of events) expect(stationEventSchema.parse(e)).toEqual(e);
    expect(await db.photos.where('unitId').equals(cable.unitId).count()).toBe(1);
    expect((await db.units.get(cable.unitId))!.inspection!.photos).toEqual([{ id: expect.any(String), bytes: 2048, type: 'image/jpeg' }]);
    expect(await db.outbox.count()).toBe(events.length);
  });

  it('refuses misuse without a kind or a photo, and writes nothing', async () => {
    const { db, packageId } = await boxAtBench();
    const nvr = await logItem(db, { packageId, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, inspector, now);
    const before = await db.events.count();
    await expect(recordFinding(db, { unitId: nvr.unitId, finding: finding('misuse', ['abuse']), note: '', photos: [], inStock: true }, inspector, now, usFederalCalendar)).rejects.toThrow(
      'needs at least one photo',
    );
    await expect(recordFinding(db, { unitId: nvr.unitId, finding: finding('misuse', []), note: '', photos: [photo], inStock: true }, inspector, now, usFederalCalendar)).rejects.toThrow(
      InspectionError,
    );
    expect(await db.events.count()).toBe(before);
    expect(await db.photos.count()).toBe(0);
  });

  it('lets a supervisor approve an offer and override with a reason; the replacement carries the first purchase date', async () => {
    const { db, packageId } = await boxAtBench();
    const nvr = await logItem(db, { packageId, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, inspector, now);
    const offer = await recordFinding(db, { unitId: nvr.unitId, finding: finding('misuse', ['abuse', 'accident']), note: 'cracked case', photos: [photo], inStock: true }, inspector, now, usFederalCalendar);
    expect(offer).toMatchObject({ outcome: 'paid_repair_offer', repairFee: 45, clauses: [8, 12] });

    await expect(approveDecision(db, nvr.unitId, inspector, now)).rejects.toThrow(NotAllowedError);
    await expect(approveDecision(db, nvr.unitId, inspector, now)).rejects.toThrow('Only supervisors may record approvals; you are signed in as an inspector.');
    await approveDecision(db, nvr.unitId, supervisor, now);
    expect((await db.units.get(nvr.unitId))!.approval).toMatchObject({ by: 'Sam' });

    await expect(overrideDecision(db, { unitId: nvr.unitId, outcome: 'replace', reason: 'ok' }, supervisor, now)).rejects.toThrow('at least 10 characters');
    await overrideDecision(db, { unitId: nvr.unitId, outcome: 'replace', reason: 'Crack is from shipping, carrier claim filed' }, supervisor, now);
    expect((await db.units.get(nvr.unitId))!.override).toMatchObject({ outcome: 'replace', by: 'Sam' });

    await assignReplacement(db, nvr.unitId, 'amcR3PLACE001', inspector, now);
    expect(await db.units.where('replacementSerial').equals('AMCR3PLACE001').first()).toMatchObject({ replacement: { originalPurchasedOn: '2026-06-10' } });

    // A station restored from its journal rebuilds the same rows from the facts.
    const restored = new StationDb(`inspection-${++count}`, { indexedDB, IDBKeyRange });
    open.push(restored);
    await importRmas(restored, rmas, now);
    await restoreFromJournal(restored, await db.events.orderBy('stationSeq').toArray());
    expect(await restored.units.toArray()).toEqual(await db.units.toArray());
  });

  it('a later claim on a replacement unit counts its warranty from the first purchase (clause 3)', async () => {
    const { db, packageId } = await boxAtBench();
    const nvr = await logItem(db, { packageId, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, inspector, now);
    await recordFinding(db, { unitId: nvr.unitId, finding: finding('defective'), note: '', photos: [], inStock: true }, inspector, now, usFederalCalendar);
    await assignReplacement(db, nvr.unitId, 'AMCR3PLACE001', inspector, now);

    // The customer's new RMA gives the replacement's delivery as the purchase date; the terms do not.
    const [first] = rmas.filter((r) => r.number === 'RMA10000024');
    const later = { ...first!, number: 'RMA10000057', issuedOn: '2028-07-01', purchasedOn: '2026-12-01', deliveredOn: '2026-12-04', lines: [{ ...first!.lines[0]!, serials: ['AMCR3PLACE001'] }] };
    await importRmas(db, [later], now);
    const { event } = await recordDockVerdict(db, { label: classifyLabel('RMA10000057'), tracking: null, by: dock, settings: DEFAULT_SETTINGS, now });
    const unit = await logItem(db, { packageId: event!.payload.packageId, sku: 'NV4108E-HS', serial: 'AMCR3PLACE001' }, inspector, now);
    const decision = await recordFinding(db, { unitId: unit.unitId, finding: finding('defective'), note: '', photos: [], inStock: true }, inspector, now, usFederalCalendar);
    // 24 months from 2026-06-10 ends 2028-06-10, before the new RMA's issue date: out of warranty.
    expect(decision).toMatchObject({ outcome: 'return_to_customer', reasons: ['out_of_warranty'], warranty: { covered: false, endsOn: '2028-06-10' } });
    expect((await db.units.get(unit.unitId))!.decision).toMatchObject({ purchasedOn: '2026-06-10' });
  });

  it('groups what ships by RMA and slip, records every output, and closes the RMA once all of it shipped', async () => {
    const { db, packageId } = await boxAtBench();
    const rma = (await db.rmas.get('RMA10000024'))!;
    const nvr = await logItem(db, { packageId, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, inspector, now);
    const psus = [await logItem(db, { packageId, sku: 'PS12V2A', serial: 'PSU1' }, inspector, now), await logItem(db, { packageId, sku: 'PS12V2A', serial: 'PSU2' }, inspector, now)];
    // Counted, not decided: nothing waits to leave yet.
    expect(await slipsWaiting(db)).toEqual([]);
    await recordFinding(db, { unitId: nvr.unitId, finding: finding('defective'), note: '', photos: [], inStock: true }, inspector, now, usFederalCalendar);
    for (const p of psus) await recordFinding(db, { unitId: p.unitId, finding: finding('no_fault_found'), note: '', photos: [], inStock: true }, inspector, now, usFederalCalendar);
    const groups = await slipsWaiting(db);
    expect(groups).toEqual(slipGroups(await db.units.toArray(), []));
    expect(groups.map((g) => [g.kind, g.units.length])).toEqual([
      ['replacement', 1],
      ['return_to_customer', 2],
    ]);
    expect(everyUnitDone(rma, await db.units.toArray())).toBe(false);
    expect(rmaClosesByFacts(rma, await db.events.orderBy('stationSeq').toArray())).toBe(false);

    await expect(recordShipment(db, '0192f3a4-0000-7000-8000-0000000000aa', ups, inspector, now)).rejects.toThrow('Print the slip before shipping');
    for (const g of groups) {
      const slipId = await recordSlipOutput(db, { slipId: null, rmaNumber: g.rmaNumber, kind: g.kind, unitIds: g.units.map((u) => u.unitId), pageSize: 'letter', output: 'download' }, inspector, now);
      await recordSlipOutput(db, { slipId, rmaNumber: g.rmaNumber, kind: g.kind, unitIds: [], pageSize: 'letter', output: 'download' }, inspector, now);
      expect((await db.slips.get(slipId))!.outputs.map((o) => o.reprint)).toEqual([false, true]);
      // Printed, not shipped: still waiting, now with its slip.
      expect((await slipsWaiting(db)).find((w) => w.slip?.slipId === slipId)?.units.map((u) => u.unitId)).toEqual(g.units.map((u) => u.unitId));
      await recordShipment(db, slipId, ups, inspector, now);
      await expect(recordShipment(db, slipId, ups, inspector, now)).rejects.toThrow('already shipped');
    }
    expect(everyUnitDone(rma, await db.units.toArray())).toBe(true);
    expect(await slipsWaiting(db)).toEqual([]);
    expect(await db.units.where('toShip').equals(1).count()).toBe(0);
    // The server's fold over the facts agrees with the station's projections.
    expect(rmaClosesByFacts(rma, await db.events.orderBy('stationSeq').toArray())).toBe(true);
    expect((await db.events.toArray()).filter((e) => e.type === 'shipment_sent')).toHaveLength(2);
    expect(closingInWords(rma, await db.units.toArray())).toBe('closed');
  });

  it('an RMA the server closed stays closed on the panel, which says what a unit counted since still needs', async () => {
    const { db, packageId } = await boxAtBench();
    const rma = (await db.rmas.get('RMA10000024'))!;
    expect(closingInWords(rma, [])).toBe('open: closes when every unit is final and shipped');
    // Closed at the server (pulled as closed), then an item not on the RMA found in the box.
    const closed = { ...rma, status: 'closed' as const };
    const stray = await logItem(db, { packageId, sku: 'NOT-ON-RMA', serial: null }, inspector, now);
    expect(everyUnitDone(closed, [stray])).toBe(false);
    expect(closingInWords(closed, [stray])).toBe('closed: late boxes are refused; units counted since still need their outcome and shipping');
  });

  it('keeps dock workers from recording findings', async () => {
    const { db, packageId } = await boxAtBench();
    await expect(logItem(db, { packageId, sku: 'PS12V2A', serial: null }, dock, now)).rejects.toThrow('Only inspectors and supervisors may record items taken out of a box; you are signed in as a dock worker.');
    expect(mayRecord('dock', 'item_inspected')).toBe(false);
    expect(mayRecord('inspector', 'override_recorded')).toBe(false);
    expect(mayRecord('supervisor', 'override_recorded')).toBe(true);
    expect(notAllowedMessage('inspector', 'override_recorded')).toContain('Only supervisors');
  });
});

describe('turnaround (clause 7)', () => {
  it('counts 10 business days after receipt, holidays out, and says when a box is overdue', () => {
    // Received Tuesday 24 Nov 2026; Thanksgiving (26th) is not a business day.
    expect(turnaroundFor('2026-11-24', '2026-11-24', usFederalCalendar)).toEqual({ dueOn: '2026-12-09', businessDaysLeft: 10, overdue: false });
    expect(turnaroundFor('2026-11-24', '2026-12-09', usFederalCalendar)).toMatchObject({ businessDaysLeft: 0, overdue: false });
    expect(turnaroundFor('2026-11-24', '2026-12-11', usFederalCalendar)).toMatchObject({ businessDaysLeft: -2, overdue: true });
  });
});
