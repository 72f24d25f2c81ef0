import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stationEventSchema } from '../../shared/events';
import { classifyLabel } from '../../shared/labels';
import { parseRmaExport } from '../../shared/rma';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { decideHold, heldPackages, recordDockVerdict, recordTracking, settleHolds, undoVerdict } from '../../renderer/db/dock';
import { logItem } from '../../renderer/db/inspection';
import { readMeta, writeMeta } from '../../renderer/db/meta';
import { restoreFromJournal } from '../../renderer/db/restore';
import { importRmas } from '../../renderer/db/rmaImport';
import { describeWriteError } from '../../renderer/db/writeErrors';
import { SCHEMA_VERSIONS, StationDb, withOpenKey, type ExceptionRow, type UnitRow } from '../../renderer/db/schema';
import { exceptionsForSupervisor, openExceptionCount, openExceptionsOf, resolveException } from '../../renderer/db/exceptions';

const by = { stationId: '0192f3a4-0000-7000-8000-000000000001', actor: { name: 'Dana', role: 'dock' as const } };
const now = new Date('2026-11-28T10:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const ups = { value: '1Z5R89390357567127', carrier: 'ups' as const };
const { rmas } = parseRmaExport(readFileSync(new URL('../fixtures/rmas.csv', import.meta.url), 'utf8'));

let count = 0;
const open: StationDb[] = [];
function freshDb(name = `station-${++count}`): StationDb {
  const db = new StationDb(name, { indexedDB, IDBKeyRange });
  open.push(db);
  return db;
}
afterEach(() => open.splice(0).forEach((db) => db.close()));

async function stocked() {
  const db = freshDb();
  await importRmas(db, rmas, now);
  return db;
}

const scan = (db: StationDb, text: string | null, tracking: typeof ups | null = ups, at = now) =>
  recordDockVerdict(db, { label: text === null ? null : classifyLabel(text), tracking, by, settings: DEFAULT_SETTINGS, now: at });

describe('a dock verdict is one fact with its outbox entry and projections', () => {
  it('accepts an open RMA and records it', async () => {
    const db = await stocked();
    const { verdict, event, rma } = await scan(db, 'RMA10000016');
    expect(verdict.verdict).toBe('accept');
    expect(rma?.customer.name).toBe('Maria Garcia');
    expect(stationEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ type: 'package_accepted', stationSeq: 1, rmaNumber: 'RMA10000016', actor: by.actor, payload: { tracking: ups, warnings: [] } });
    expect(await db.outbox.toArray()).toEqual([{ stationSeq: 1, eventId: event!.id }]);
    expect(await db.packages.get(event!.payload.packageId)).toMatchObject({ verdict: 'accept', tracking: ups, voided: false });
    expect(await db.rmaProgress.get('RMA10000016')).toMatchObject({ accepted: 1, refused: 0, held: 0 });
  });

  it('warns of a second package and of a missing tracking number', async () => {
    const db = await stocked();
    await scan(db, 'RMA10000024');
    const second = await scan(db, 'RMA10000024', null);
    expect(second.verdict).toMatchObject({ verdict: 'accept', warnings: ['additional_package', 'untraceable_shipment'], earlierPackages: 1 });
    // The tracking number scanned afterwards pairs with the package and clears the warning.
    await recordTracking(db, second.event!.payload.packageId, ups, by, later(1));
    expect(await db.packages.get(second.event!.payload.packageId)).toMatchObject({ tracking: ups, warnings: ['additional_package'] });
  });

  it('refuses: no RMA on the package, cancelled, closed, expired, unknown', async () => {
    const db = await stocked();
    expect((await scan(db, null)).event).toMatchObject({ type: 'package_refused', rmaNumber: null, payload: { reason: 'no_rma_on_package' } });
    expect((await scan(db, 'RMA10000032')).verdict.reason).toBe('rma_cancelled');
    expect((await scan(db, 'RMA10000040')).verdict.reason).toBe('rma_closed');
    expect((await scan(db, 'RMA10000057')).verdict.reason).toBe('rma_expired');
    expect((await scan(db, 'RMA10000073')).verdict.reason).toBe('unknown_rma');
    expect(await db.rmaProgress.get('RMA10000032')).toMatchObject({ refused: 1 });
  });

  it('asks for a re-scan and records nothing for a bad read', async () => {
    const db = await stocked();
    for (const text of ['RMA10000017', 'hello', '1Z5R89390357567127']) {
      const r = await scan(db, text);
      expect(r.verdict.verdict).toBe('rescan');
      expect(r.event).toBeNull();
    }
    expect(await db.events.count()).toBe(0);
    expect(await readMeta(db, 'seq')).toBe(0);
  });

  it('holds an unknown RMA while the copy is stale or never synced, then settles it when data arrives', async () => {
    const db = freshDb();
    const held = await scan(db, 'RMA10000016');
    expect(held.event).toMatchObject({ type: 'package_held', payload: { reason: 'unknown_rma_unverified' } });
    const unknown = await scan(db, 'RMA10000073');
    expect(unknown.verdict.verdict).toBe('hold');

    await importRmas(db, rmas, later(5));
    const settled = await settleHolds(db, by, DEFAULT_SETTINGS, later(5));
    expect(settled.map((e) => [e.type, e.rmaNumber, e.payload.settlesHold])).toEqual([
      ['package_accepted', 'RMA10000016', held.event!.id],
      ['package_refused', 'RMA10000073', unknown.event!.id],
    ]);
    expect(settled[0]!.payload.packageId).toBe(held.event!.payload.packageId);
    expect(await db.packages.get(held.event!.payload.packageId)).toMatchObject({ verdict: 'accept', tracking: ups });
    expect(await db.rmaProgress.get('RMA10000016')).toMatchObject({ accepted: 1, held: 0 });
    expect(await settleHolds(db, by, DEFAULT_SETTINGS, later(6))).toEqual([]);
  });

  it('counts a copy older than the staleness setting as stale', async () => {
    const db = await stocked();
    const stale = await scan(db, 'RMA10000073', ups, later(DEFAULT_SETTINGS.rmaStaleAfterHours * 60 + 1));
    expect(stale.verdict).toMatchObject({ verdict: 'hold', reason: 'unknown_rma_unverified' });
    expect((await scan(db, 'RMA10000073', ups, later(60))).verdict.reason).toBe('unknown_rma');
  });

  it('undoes a verdict with a voiding fact, never a delete', async () => {
    const db = await stocked();
    const { event } = await scan(db, 'RMA10000016');
    const voiding = await undoVerdict(db, event!.id, by, later(0.1));
    expect(voiding).toMatchObject({ type: 'event_voided', stationSeq: 2, payload: { eventId: event!.id } });
    expect(await db.events.count()).toBe(2);
    expect(await db.packages.get(event!.payload.packageId)).toMatchObject({ voided: true });
    expect(await db.rmaProgress.get('RMA10000016')).toMatchObject({ accepted: 0 });
    // Said to the dock worker as it is: a refusal, not a failure to save.
    const again = await undoVerdict(db, event!.id, by, later(0.2)).catch((e: unknown) => e);
    expect(describeWriteError(again)).toBe('That verdict was already undone or settled.');
    const late = await recordTracking(db, event!.payload.packageId, ups, by, later(0.3)).catch((e: unknown) => e);
    expect(describeWriteError(late)).toBe('That package’s verdict was undone: scan its label again.');
    expect(await db.events.count()).toBe(2);
    // The next package for that RMA is then not an additional one.
    expect((await scan(db, 'RMA10000016')).verdict.warnings).toEqual([]);
  });

  it('writes nothing when a fact cannot be recorded', async () => {
    const db = await stocked();
    await scan(db, 'RMA10000016');
    const nobody = { ...by, actor: { name: '', role: 'dock' as const } };
    await expect(recordDockVerdict(db, { label: classifyLabel('RMA10000024'), tracking: null, by: nobody, settings: DEFAULT_SETTINGS, now })).rejects.toThrow();
    expect(await db.events.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect(await readMeta(db, 'seq')).toBe(1);
    expect(await db.rmaProgress.get('RMA10000024')).toBeUndefined();
  });

  it('keeps stationSeq gap-free, every event in the outbox, and projections rebuildable', async () => {
    const db = await stocked();
    const texts = ['RMA10000016', null, 'RMA10000024', 'RMA10000024', 'junk', 'RMA10000032', 'RMA10000099', 'RMA10000065'];
    for (const [i, t] of texts.entries()) {
      const r = await scan(db, t, i % 2 ? null : ups);
      if (i === 3 && r.event) await undoVerdict(db, r.event.id, by, now);
    }
    const events = await db.events.orderBy('stationSeq').toArray();
    expect(events.map((e) => e.stationSeq)).toEqual(events.map((_, i) => i + 1));
    expect((await db.outbox.toArray()).map((o) => o.stationSeq)).toEqual(events.map((e) => e.stationSeq));

    // A station restored from its journal rebuilds the same rows from the facts.
    const restored = await stocked();
    await restoreFromJournal(restored, events);
    expect({ packages: await restored.packages.toArray(), progress: await restored.rmaProgress.toArray() }).toEqual({ packages: await db.packages.toArray(), progress: await db.rmaProgress.toArray() });
  });
});

describe('a held package decided by a supervisor', () => {
  const supervisor = { ...by, actor: { name: 'Sam', role: 'supervisor' as const } };
  const inspector = { ...by, actor: { name: 'Ines', role: 'inspector' as const } };

  /** RMA10000016's one authorised unit counted at the bench; then another box arrives for it. */
  async function heldForSupervisor() {
    const db = await stocked();
    const first = await scan(db, 'RMA10000016');
    await logItem(db, { packageId: first.event!.payload.packageId, sku: 'IP8M-2496EB', serial: 'AMC0A1B2C3D4E5' }, inspector, later(1));
    const held = await scan(db, 'RMA10000016', null, later(2));
    expect(held.verdict).toMatchObject({ verdict: 'hold', reason: 'rma_already_received' });
    return { db, held: held.event! };
  }

  it('lets it in with a fact naming the hold, and the box joins the inspection queue', async () => {
    const { db, held } = await heldForSupervisor();
    expect((await heldPackages(db)).map((p) => p.id)).toEqual([held.payload.packageId]);
    const event = await decideHold(db, { packageId: held.payload.packageId, decision: 'accept' }, supervisor, later(3));
    expect(event).toMatchObject({ type: 'package_accepted', rmaNumber: 'RMA10000016', actor: supervisor.actor, payload: { packageId: held.payload.packageId, settlesHold: held.id, warnings: ['additional_package', 'untraceable_shipment'], earlierPackages: 1 } });
    expect(await db.packages.get(held.payload.packageId)).toMatchObject({ verdict: 'accept', eventId: event.id, queuedAt: event.clientTs });
    expect(await db.rmaProgress.get('RMA10000016')).toMatchObject({ accepted: 2, held: 0 });
    expect(await heldPackages(db)).toEqual([]);
    await expect(decideHold(db, { packageId: held.payload.packageId, decision: 'refuse' }, supervisor, later(4))).rejects.toThrow('That package is no longer held');
  });

  it('is for a supervisor only, and writes nothing otherwise', async () => {
    const { db, held } = await heldForSupervisor();
    const facts = await db.events.count();
    await expect(decideHold(db, { packageId: held.payload.packageId, decision: 'refuse' }, by, later(3))).rejects.toThrow('Only a supervisor decides a held package; you are signed in as a dock worker.');
    await expect(decideHold(db, { packageId: held.payload.packageId, decision: 'accept' }, inspector, later(3))).rejects.toThrow('you are signed in as an inspector.');
    expect(await db.events.count()).toBe(facts);
    const refused = await decideHold(db, { packageId: held.payload.packageId, decision: 'refuse' }, supervisor, later(3));
    expect(refused).toMatchObject({ type: 'package_refused', payload: { reason: 'rma_already_received', settlesHold: held.id } });
    expect(await db.rmaProgress.get('RMA10000016')).toMatchObject({ accepted: 1, refused: 1, held: 0 });
  });
});

describe('a full disk', () => {
  it('fails the write loudly, keeps the outbox, and records again once there is room', async () => {
    const db = await stocked();
    await scan(db, 'RMA10000016');
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    db.events.hook('creating', full);
    const failed = await scan(db, 'RMA10000024').catch((e: unknown) => e);
    expect(describeWriteError(failed)).toMatch(/storage is full, so this was NOT recorded/);
    expect(await db.outbox.count()).toBe(1);
    expect(await readMeta(db, 'seq')).toBe(1);
    db.events.hook('creating').unsubscribe(full);
    expect((await scan(db, 'RMA10000024')).event?.stationSeq).toBe(2);
  });

  it('says a write the browser aborted at commit (Chromium on a full disk) as storage that could not be written, not as "scan again"', () => {
    const couldNotWrite = /^This station could not write to its storage \(its disk may be full\), so this was NOT recorded\./;
    const aborted = new DOMException('The transaction was aborted, so the request cannot be fulfilled.', 'AbortError');
    expect(describeWriteError(new Dexie.AbortError('AbortError: The transaction was aborted', aborted))).toMatch(couldNotWrite);
    expect(describeWriteError(aborted)).toMatch(couldNotWrite);
    expect(describeWriteError(new Dexie.OpenFailedError('UnknownError Internal error opening backing store for indexedDB.open.'))).toMatch(couldNotWrite);
    // Aborted by an error of the write's own: said as that error.
    expect(describeWriteError(new Dexie.AbortError('Transaction aborted', new TypeError('a bug')))).toMatch(/^Not recorded: Transaction aborted[\s\S]*TypeError: a bug\. Scan again\.$/);
  });
});

describe('RMA import', () => {
  it('updates on re-import, never duplicates', async () => {
    const db = freshDb();
    expect(await importRmas(db, rmas, now)).toEqual({ added: 6, updated: 0, fromServer: 0 });
    const changed = rmas.map((r) => (r.number === 'RMA10000032' ? { ...r, status: 'open' as const } : r));
    expect(await importRmas(db, changed, later(1))).toEqual({ added: 0, updated: 6, fromServer: 0 });
    expect(await db.rmas.count()).toBe(6);
    expect((await db.rmas.get('RMA10000032'))?.status).toBe('open');
    expect(await readMeta(db, 'rmaDataAt')).toBe(later(1).toISOString());
  });

  it('never overrides an RMA the sync server sent: an older file does not reopen what the server cancelled', async () => {
    const db = freshDb();
    await writeMeta(db, 'sync', { serverUrl: 'http://sync.test', token: 'x'.repeat(20), enrolledAt: now.toISOString() });
    const cancelled = { ...rmas[0]!, status: 'cancelled' as const };
    await db.rmas.put({ ...cancelled, receivedAt: now.toISOString(), version: 41 });
    const older = rmas.map((r) => (r.number === cancelled.number ? { ...r, status: 'open' as const } : r));
    expect(await importRmas(db, older, later(1))).toEqual({ added: 5, updated: 0, fromServer: 1 });
    expect(await db.rmas.get(cancelled.number)).toMatchObject({ status: 'cancelled', version: 41 });
    // What a file brought, a later file updates.
    expect(await importRmas(db, older, later(2))).toEqual({ added: 0, updated: 5, fromServer: 1 });
  });
});

describe('schema upgrades', () => {
  it('the current version opens a v1 database and keeps every event', async () => {
    const name = `upgrade-${++count}`;
    const v1 = new StationDb(name, { indexedDB, IDBKeyRange }, SCHEMA_VERSIONS.slice(0, 1));
    open.push(v1);
    // What the v1 app wrote: the same facts and rows, recorded here by today's code elsewhere
    // and copied in (today's code writes tables v1 did not have).
    const today = await stocked();
    for (const t of ['RMA10000016', 'RMA10000024', null]) await scan(today, t);
    await v1.rmas.bulkPut(await today.rmas.toArray());
    await v1.events.bulkPut(await today.events.toArray());
    await v1.outbox.bulkPut(await today.outbox.toArray());
    await v1.packages.bulkPut((await today.packages.toArray()).map(({ queuedAt: _, ...p }) => p));
    await v1.rmaProgress.bulkPut(await today.rmaProgress.toArray());
    const before = await v1.events.orderBy('stationSeq').toArray();
    expect(v1.verno).toBe(1);
    v1.close();

    const current = freshDb(name);
    await current.open();
    expect(current.verno).toBe(SCHEMA_VERSIONS.at(-1)![0]);
    expect(await current.events.orderBy('stationSeq').toArray()).toEqual(before);
    expect(await current.outbox.count()).toBe(3);
    expect(await current.packages.count()).toBe(3);
    expect(await current.remoteEvents.count()).toBe(0);
    // v4: the boxes accepted before it wait in the inspection queue.
    expect((await current.packages.orderBy('queuedAt').toArray()).map((p) => p.rmaNumber)).toEqual(['RMA10000016', 'RMA10000024']);
  });
});

describe('schema upgrade to v6', () => {
  it('queues for the server every photo taken before it that the station still holds', async () => {
    const name = `upgrade-${++count}`;
    const v5 = new StationDb(name, { indexedDB, IDBKeyRange }, SCHEMA_VERSIONS.slice(0, 5));
    open.push(v5);
    const photo = (id: string) => ({ id, bytes: 3, type: 'image/jpeg' as const });
    const base = { stationId: 's', actor: { name: 'Ines', role: 'inspector' as const }, clientTs: '2026-11-28T10:00:00.000Z', schemaVersion: 1, rmaNumber: 'RMA10000024' };
    await v5.events.bulkPut([
      { ...base, id: 'inspection-1', stationSeq: 1, type: 'item_inspected', payload: { unitId: 'u1', finding: { result: 'misuse', misuse: ['accident'] }, note: '', photos: [photo('p1'), photo('p2')] } },
      { ...base, id: 'inspection-2', stationSeq: 2, type: 'item_inspected', payload: { unitId: 'u2', finding: { result: 'defective', misuse: [] }, note: '', photos: [] } },
      { ...base, id: 'inspection-3', stationSeq: 3, type: 'item_inspected', payload: { unitId: 'u3', finding: { result: 'misuse', misuse: ['abuse'] }, note: '', photos: [photo('p3')] } },
    ]);
    // p2 is not on this station (lost before the upgrade): nothing to send for it.
    for (const id of ['p1', 'p3']) await v5.photos.put({ id, unitId: 'u', type: 'image/jpeg', bytes: 3, blob: new Blob(['abc']), thumbnail: new Blob(['a']), takenAt: '' });
    v5.close();

    const current = freshDb(name);
    await current.open();
    expect(await current.photoOutbox.orderBy('photoId').toArray()).toEqual([
      { photoId: 'p1', eventId: 'inspection-1' },
      { photoId: 'p3', eventId: 'inspection-3' },
    ]);
  });
});

describe('schema upgrade to v7', () => {
  it('gives the shipping key to exactly the units decided, counted and not yet shipped', async () => {
    const name = `upgrade-${++count}`;
    const v6 = new StationDb(name, { indexedDB, IDBKeyRange }, SCHEMA_VERSIONS.slice(0, 6));
    open.push(v6);
    const stamp = { eventId: 'e', by: 'Ines', at: '2026-11-28T10:00:00.000Z' };
    const unit = (unitId: string, over: Partial<UnitRow>): UnitRow => ({
      unitId,
      packageId: 'p',
      rmaNumber: 'RMA10000024',
      sku: 'PS12V2A',
      serial: null,
      logged: stamp,
      match: 'matched',
      line: 0,
      inspection: null,
      decision: null,
      approval: null,
      override: null,
      replacement: null,
      voided: false,
      ...over,
    });
    const decision = { ...stamp, decision: { outcome: 'refund' }, receivedOn: '2026-11-28', purchasedOn: '2026-10-01' } as unknown as UnitRow['decision'];
    await v6.units.bulkPut([
      unit('counted', {}),
      unit('decided', { decision }),
      unit('decided-then-voided', { decision, voided: true }),
      unit('shipped', { decision, slipId: 's', shipment: { ...stamp, tracking: { value: '1Z', carrier: 'ups' }, slipId: 's' } }),
    ]);
    v6.close();

    const current = freshDb(name);
    await current.open();
    expect(await current.units.where('toShip').equals(1).primaryKeys()).toEqual(['decided']);
  });
});

describe('schema upgrade to v8', () => {
  it('gives the open key to exactly the exceptions not resolved, those stored before resolutions existed among them', async () => {
    const name = `upgrade-${++count}`;
    const v7 = new StationDb(name, { indexedDB, IDBKeyRange }, SCHEMA_VERSIONS.slice(0, 7));
    open.push(v7);
    const raised = (id: string, raisedSeq: number) => ({ id, kind: 'serial_counted_twice', rmaNumber: 'RMA10000024', eventId: `e-${id}`, stationId: 's', details: { serial: 'SN1' }, raisedSeq });
    await v7.exceptions.bulkPut([
      raised('before-resolutions', 1),
      { ...raised('open', 2), resolution: null },
      { ...raised('resolved', 3), resolution: { eventId: 'r', by: 'Ada', note: 'Counted twice by mistake.', at: '2026-11-28T10:00:00.000Z' } },
    ]);
    v7.close();

    const current = freshDb(name);
    await current.open();
    expect(await current.exceptions.where('open').equals(1).primaryKeys()).toEqual(['before-resolutions', 'open']);
    expect(await openExceptionCount(current)).toBe(2);
    expect((await exceptionsForSupervisor(current)).resolved.map((x) => x.id)).toEqual(['resolved']);
  });
});

describe('exceptions kept at a station', () => {
  const supervisor = { stationId: by.stationId, actor: { name: 'Ada', role: 'supervisor' as const } };
  const raised = (i: number, rmaNumber: string): ExceptionRow =>
    withOpenKey({ id: `0192f3a4-0000-7000-8000-${String(i).padStart(12, '0')}`, kind: 'more_packages_than_authorised', rmaNumber, eventId: `e${i}`, stationId: 's', details: { accepted: 2, authorised: 1 }, raisedSeq: i, resolution: null });

  it('counts and lists the open ones, leaves an exception off them once resolved, and shows the newest resolved first', async () => {
    const db = await stocked();
    await db.exceptions.bulkPut([raised(1, 'RMA10000016'), raised(2, 'RMA10000024'), raised(3, 'RMA10000016'), raised(4, 'RMA10000016')]);
    expect(await openExceptionCount(db)).toBe(4);
    expect((await openExceptionsOf(db, 'RMA10000016')).map((x) => x.raisedSeq)).toEqual([1, 3, 4]);

    for (const i of [3, 1, 4]) await resolveException(db, { exceptionId: raised(i, '').id, note: `Dealt with, number ${i}.` }, supervisor, now);
    expect(await openExceptionCount(db)).toBe(1);
    expect(await openExceptionsOf(db, 'RMA10000016')).toEqual([]);
    expect((await openExceptionsOf(db, 'RMA10000024')).map((x) => x.raisedSeq)).toEqual([2]);

    const lists = await exceptionsForSupervisor(db, 2);
    expect(lists.open.map((x) => x.raisedSeq)).toEqual([2]);
    expect(lists.resolved.map((x) => [x.raisedSeq, x.resolution?.note])).toEqual([
      [4, 'Dealt with, number 4.'],
      [3, 'Dealt with, number 3.'],
    ]);
    expect(lists.resolvedCount).toBe(3);
    expect((await exceptionsForSupervisor(db)).resolved.map((x) => x.raisedSeq)).toEqual([4, 3, 1]);
  });
});

describe('meta', () => {
  it('falls back to defaults for a stored value that no longer parses', async () => {
    const db = freshDb();
    await db.meta.put({ key: 'settings', value: { wedgeMaxKeyGapMs: 'fast' } });
    expect(await readMeta(db, 'settings')).toEqual(DEFAULT_SETTINGS);
    await writeMeta(db, 'settings', { ...DEFAULT_SETTINGS, muted: true });
    expect((await readMeta(db, 'settings'))?.muted).toBe(true);
  });
});
