import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { usFederalCalendar } from '../../shared/dates';
import { classifyLabel } from '../../shared/labels';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { recordDockVerdict, recordTracking, undoVerdict } from '../../renderer/db/dock';
import { approveDecision, closeBox, logItem, recordFinding, uncountItem } from '../../renderer/db/inspection';
import { applyFacts } from '../../renderer/db/projections';
import { HeldRows, inMemory } from '../../renderer/db/projectionRows';
import { importRmas } from '../../renderer/db/rmaImport';
import { StationDb } from '../../renderer/db/schema';
import { recordShipment, recordSlipOutput, slipsWaiting } from '../../renderer/db/slips';
import { applyPulledPage } from '../../renderer/sync/applyPull';
import { dockEvent } from './server/stores';
import { finding, now, photo, recordersAt, rmas, ups } from './atTheBench';

const here = '0192f3a4-0000-7000-8000-0000000000a1';
const elsewhere = '0192f3a4-0000-7000-8000-0000000000b2';
const { dock, inspector, supervisor } = recordersAt(elsewhere);

let n = 0;
const opened: StationDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

async function stationWithRmas(): Promise<StationDb> {
  const db = new StationDb(`projection-rows-${++n}`, { indexedDB, IDBKeyRange });
  opened.push(db);
  await importRmas(db, rmas, now);
  return db;
}

const scan = (db: StationDb, text: string) => recordDockVerdict(db, { label: classifyLabel(text), tracking: null, by: dock, settings: DEFAULT_SETTINGS, now });

/**
 * A station's day, recorded fact by fact through the screens' own functions: facts that move
 * one another's rows — a unit counted later claiming a line, a count taken off, an undo, a
 * tracking number after the verdict, slips, a shipment — so that applying them together must
 * see what earlier facts of the same batch wrote.
 */
async function aDay(): Promise<StationDb> {
  const db = await stationWithRmas();
  const box = (await scan(db, 'RMA10000024')).event!.payload.packageId;
  await scan(db, 'RMA10000032');
  const undone = await scan(db, 'RMA10000016');
  await undoVerdict(db, undone.event!.id, dock, now);
  const second = (await scan(db, 'RMA10000016')).event!.payload.packageId;
  await recordTracking(db, second, ups, dock, now);
  const noSerial = await logItem(db, { packageId: box, sku: 'PS12V2A', serial: null }, inspector, now);
  const nvr = await logItem(db, { packageId: box, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, inspector, now);
  const stray = await logItem(db, { packageId: box, sku: 'IP8M-2496EB', serial: 'STRAY0001' }, inspector, now);
  await uncountItem(db, stray.unitId, inspector, now);
  const psu = await logItem(db, { packageId: box, sku: 'PS12V2A', serial: 'PSU2' }, inspector, now);
  await recordFinding(db, { unitId: nvr.unitId, finding: finding('misuse', ['abuse']), note: 'cracked', photos: [photo], inStock: true }, inspector, now, usFederalCalendar);
  await approveDecision(db, nvr.unitId, supervisor, now);
  for (const unit of [noSerial, psu]) await recordFinding(db, { unitId: unit.unitId, finding: finding('no_fault_found'), note: '', photos: [], inStock: true }, inspector, now, usFederalCalendar);
  await closeBox(db, box, inspector, now);
  for (const g of await slipsWaiting(db)) {
    const slipId = await recordSlipOutput(db, { slipId: null, rmaNumber: g.rmaNumber, kind: g.kind, unitIds: g.units.map((u) => u.unitId), pageSize: 'letter', output: 'download' }, inspector, now);
    await recordShipment(db, slipId, ups, inspector, now);
  }
  return db;
}

const projections = async (db: StationDb) => ({
  packages: await db.packages.toArray(),
  rmaProgress: await db.rmaProgress.toArray(),
  units: await db.units.toArray(),
  slips: await db.slips.toArray(),
});

describe('facts applied many at once', () => {
  it('give the rows the station built fact by fact, however they are cut into batches', async () => {
    const recorded = await aDay();
    const facts = await recorded.events.orderBy('stationSeq').toArray();
    const built = await projections(recorded);
    // The day moved rows more than once: a unit placed again, a package voided, a slip shipped.
    expect(built.units.filter((u) => u.voided)).toHaveLength(1);
    expect(built.packages.filter((p) => p.voided)).toHaveLength(1);
    expect(built.slips.every((s) => s.shipment !== null)).toBe(true);

    for (const batchSize of [1, 2, 7, 200]) {
      const db = await stationWithRmas();
      await db.transaction('rw', [db.events, db.remoteEvents, db.packages, db.rmaProgress, db.units, db.rmas, db.slips], async () => {
        await db.events.bulkPut(facts);
        await applyFacts(db, facts, batchSize);
      });
      expect(await projections(db), `batches of ${batchSize}`).toEqual(built);
    }
  });

  // In pages of three, an undo's fact is pulled pages after the verdict or count it undoes: the
  // rows that fact leads to (its box, its unit) are read only once a pass has asked for them.
  it('pulled from another station, in one page or in pages of three, give the same rows, once however often pulled', async () => {
    const recorded = await aDay();
    const facts = await recorded.events.orderBy('stationSeq').toArray();
    const changes = facts.map((event, i) => ({ serverSeq: 100 + i, kind: 'event' as const, key: event.id, deleted: false, data: { event, status: 'accepted', reason: null, stationName: 'Bench 2' } }));
    const pages = (size: number) =>
      Array.from({ length: Math.ceil(changes.length / size) }, (_, k) => {
        const part = changes.slice(k * size, (k + 1) * size);
        return { page: { changes: part, nextCursor: part.at(-1)!.serverSeq, more: false, resetRequired: false, cursorTag: 3 }, rmas: [], skipped: 0 };
      });
    const pull = async (db: StationDb, size: number) => {
      let events = 0;
      for (const page of pages(size)) events += (await applyPulledPage(db, page, here, now)).events;
      return events;
    };

    for (const size of [changes.length, 3]) {
      const db = await stationWithRmas();
      expect(await pull(db, size), `pages of ${size}`).toBe(facts.length);
      expect(await projections(db), `pages of ${size}`).toEqual(await projections(recorded));
      expect(await db.remoteEvents.count()).toBe(facts.length);

      expect(await pull(db, size)).toBe(0);
      expect(await projections(db)).toEqual(await projections(recorded));
    }
  });

  // Dexie keeps a transaction's context across some hundred awaits of anything but its own
  // promises: a batch awaiting each answer from memory outlasted it (Chromium then commits early).
  it('a long run of facts answered from rows in hand stays in its transaction', async () => {
    const accepted = Array.from({ length: 150 }, (_, i) => dockEvent(elsewhere, i + 1, 'RMA10000016'));
    const tracked = accepted.map((a, i) => ({
      ...dockEvent(elsewhere, 151 + i, 'RMA10000016'),
      type: 'package_tracked' as const,
      payload: { packageId: (a as { payload: { packageId: string } }).payload.packageId, tracking: ups },
    }));
    const db = await stationWithRmas();
    await db.transaction('rw', [db.events, db.remoteEvents, db.packages, db.rmaProgress, db.units, db.rmas, db.slips], async () => {
      await db.events.bulkPut([...accepted, ...tracked]);
      await applyFacts(db, [...accepted, ...tracked], 300);
    });
    expect((await db.packages.toArray()).filter((p) => p.tracking?.value === ups.value)).toHaveLength(150);
  });

  it('a page of exceptions, half resolved, is kept whole, the open ones indexed as open', async () => {
    const resolution = { eventId: '0192f3a4-0000-7000-8000-0000000000c3', by: 'Sam', at: '2026-11-24T15:00:00.000Z', note: 'Both boxes were the customer’s.' };
    const changes = Array.from({ length: 150 }, (_, i) => {
      const id = `0192f3a4-0000-7000-8000-${String(i).padStart(12, '0')}`;
      const data = { id, kind: 'more_packages_than_authorised', rmaNumber: 'RMA10000016', eventId: id, stationId: elsewhere, details: { accepted: 2, authorised: 1 }, raisedSeq: i + 1, resolution: i % 2 ? resolution : null };
      return { serverSeq: i + 1, kind: 'exception' as const, key: id, deleted: false, data };
    });
    const db = await stationWithRmas();
    await applyPulledPage(db, { page: { changes, nextCursor: 150, more: false, resetRequired: false, cursorTag: 3 }, rmas: [], skipped: 0 }, here, now);
    expect(await db.exceptions.count()).toBe(150);
    expect(await db.exceptions.where('open').equals(1).count()).toBe(75);
  });
});

describe('rows held for a batch', () => {
  const progress = (rmaNumber: string, accepted: number) => ({ rmaNumber, accepted, refused: 0, held: 0, unitsLogged: 0 });

  async function heldProgress() {
    const db = await stationWithRmas();
    await db.rmaProgress.bulkPut([progress('RMA10000016', 2), progress('RMA10000024', 5)]);
    return { db, rows: new HeldRows(db.rmaProgress, (p) => p.rmaNumber) };
  }

  it('a row asked for and not read ahead is read, and the batch applied again from the start: only the last pass is written', async () => {
    const { db, rows } = await heldProgress();
    await rows.read(['RMA10000016']);
    const passes: (number | undefined)[] = [];
    await db.transaction('rw', db.rmaProgress, async () => {
      await inMemory(
        [rows],
        () => {
          const first = rows.get('RMA10000016')!;
          rows.put({ ...first, accepted: first.accepted + 1 });
          const second = rows.get('RMA10000024');
          passes.push(second?.accepted);
          rows.put(progress('RMA10000024', (second?.accepted ?? 0) + 1));
          // Reads its own write, in either pass.
          rows.put({ ...rows.get('RMA10000016')!, refused: 1 });
        },
        () => rows.flush(),
      );
    });
    expect(passes).toEqual([undefined, 5]);
    expect(await db.rmaProgress.get('RMA10000016')).toEqual({ ...progress('RMA10000016', 3), refused: 1 });
    expect(await db.rmaProgress.get('RMA10000024')).toEqual(progress('RMA10000024', 6));
  });

  it('a row that does not exist is read once, and answered as absent', async () => {
    const { db, rows } = await heldProgress();
    let passes = 0;
    const answer = await db.transaction('rw', db.rmaProgress, () =>
      inMemory(
        [rows],
        () => {
          passes++;
          return rows.get('RMA10000032');
        },
        () => rows.flush(),
      ),
    );
    expect(passes).toBe(2);
    expect(answer).toBeUndefined();
    // Known now to be absent: asking again reads nothing.
    expect(rows.get('RMA10000032')).toBeUndefined();
    expect(rows.readMissed()).toBeUndefined();
  });

  it('a pass that fails for want of a row runs again once it is read; one that fails with all it asked for read, fails', async () => {
    const { db, rows } = await heldProgress();
    const accepted = await db.transaction('rw', db.rmaProgress, () =>
      inMemory(
        [rows],
        () => {
          const row = rows.get('RMA10000024');
          if (!row) throw new Error('no such RMA');
          return row.accepted;
        },
        () => rows.flush(),
      ),
    );
    expect(accepted).toBe(5);
    await expect(
      db.transaction('rw', db.rmaProgress, () =>
        inMemory(
          [rows],
          () => {
            if (!rows.get('RMA10000032')) throw new Error('no such RMA');
          },
          () => rows.flush(),
        ),
      ),
    ).rejects.toThrow('no such RMA');
  });

  it('a batch that keeps asking for rows it has not read stops, saying so, and writes nothing', async () => {
    const { db, rows } = await heldProgress();
    let n = 0;
    await expect(
      db.transaction('rw', db.rmaProgress, async () => {
        await inMemory(
          [rows],
          () => {
            rows.put(progress('RMA10000016', 99));
            rows.get(`RMA${n++}`);
          },
          () => rows.flush(),
        );
      }),
    ).rejects.toThrow(/kept asking for rows not read, 20 times/);
    expect(await db.rmaProgress.get('RMA10000016')).toEqual(progress('RMA10000016', 2));
  });
});
