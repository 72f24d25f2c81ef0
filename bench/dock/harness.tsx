// The real app, mounted in a page the bench drives, with hooks to seed its database and time it.
import { createRoot } from 'react-dom/client';
import { v7 as uuidv7 } from 'uuid';
import { App } from '../../renderer/app/App';
import '../../renderer/app/app.css';
import { writeMeta } from '../../renderer/db/meta';
import { importRmas } from '../../renderer/db/rmaImport';
import { StationDb, waitsToShip, withOpenKey, withShippingKey, type ExceptionRow, type UnitRow } from '../../renderer/db/schema';
import { exceptionsForSupervisor, openExceptionCount, openExceptionsOf } from '../../renderer/db/exceptions';
import { slipGroups, slipsWaiting } from '../../renderer/db/slips';
import type { Decision } from '../../shared/policy';
import { parseRmaExport } from '../../shared/rma';
import type { StationEvent } from '../../shared/events';
import { classifyLabel } from '../../shared/labels';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { recordDockVerdict } from '../../renderer/db/dock';
import { enrolStation } from '../../renderer/sync/enrol';
import { stationDb } from '../../renderer/db';
import { logItem } from '../../renderer/db/inspection';
import { chooseEngine, decodePixels, type ScanEngine } from '../../renderer/scan/decoder/decodeImage';
import { SyncEngine } from '../../renderer/sync/engine';
import { workerPageReader } from '../../renderer/sync/workerPageReader';
import { percentile } from '../stats';

const stationId = '0192f3a4-0000-7000-8000-00000000be01';
const actor = { name: 'Bench', role: 'dock' as const };

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
}

/** The median of seven runs of one read. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < 7; k++) {
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  return percentile(times, 50);
}

const bench = {
  /** The import path (parse, validate, store) and a raw bulkPut of the same objects. */
  async importCsv(csv: string) {
    const db = new StationDb();
    const t0 = performance.now();
    const { rmas, problems } = parseRmaExport(csv);
    const t1 = performance.now();
    await importRmas(db, rmas, new Date());
    const t2 = performance.now();
    const raw = new StationDb('raw-bulkput');
    const objects = rmas.map((r) => ({ ...r, receivedAt: new Date().toISOString() }));
    const t3 = performance.now();
    await raw.rmas.bulkPut(objects);
    const t4 = performance.now();
    // Nobody reads the copy: left behind, its 100,000 RMAs would be compacted in the background
    // while the pull and the dock are measured.
    await raw.delete();
    db.close();
    return { rows: rmas.length, problems: problems.length, parseMs: t1 - t0, storeMs: t2 - t1, rawMs: t4 - t3 };
  },

  /** An established station: `n` acknowledged events with their package rows, then a signed-in shift. */
  async seedEvents(n: number, rmaNumbers: string[]) {
    const db = new StationDb();
    const chunk = 10_000;
    for (let start = 1; start <= n; start += chunk) {
      const events: StationEvent[] = [];
      for (let seq = start; seq < Math.min(start + chunk, n + 1); seq++) {
        events.push({
          id: uuidv7(),
          stationSeq: seq,
          stationId,
          actor,
          clientTs: new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString(),
          schemaVersion: 1,
          type: 'package_accepted',
          rmaNumber: rmaNumbers[seq % rmaNumbers.length]!,
          payload: { packageId: uuidv7(), tracking: null, warnings: ['untraceable_shipment'], earlierPackages: 0, clauses: [6, 11], settlesHold: null },
        });
      }
      await db.transaction('rw', db.events, db.packages, async () => {
        await db.events.bulkAdd(events);
        await db.packages.bulkAdd(
          events.map((e) => ({
            id: (e.payload as { packageId: string }).packageId,
            rmaNumber: e.rmaNumber,
            verdict: 'accept' as const,
            reason: null,
            warnings: [],
            tracking: null,
            eventId: e.id,
            decidedAt: e.clientTs,
            voided: false,
          })),
        );
      });
    }
    await writeMeta(db, 'seq', n);
    await writeMeta(db, 'station', { id: stationId, name: 'Bench door' });
    // An inspector: the dock's scans are open to every role, and the inspection bench follows.
    await writeMeta(db, 'session', { user: { ...actor, role: 'inspector' }, signedInAt: new Date().toISOString(), shiftStartSeq: n });
    await writeMeta(db, 'settings', { ...DEFAULT_SETTINGS, muted: true });
    db.close();
  },

  /**
   * A fresh station's initial pull from a real server and a raw bulkPut of the same RMA objects
   * into another database of the same browser. With `scanning`, the dock records a verdict, waits
   * 10 ms, times the raw floor of the same work (an IndexedDB get and one strict write, no app
   * code) in the same database, waits 10 ms, and again, throughout (a verdict every ~32 ms: the
   * database path, is the station still responsive?), so the verdicts are seen beside what the
   * browser itself allows during the pull;
   * then 300 more of each once the pull is done, for what the pull adds.
   */
  async pullBench(serverUrl: string, code: string, name: string, scanning: boolean) {
    const db = new StationDb(`pull-${name}-${scanning ? 'scanning' : 'quiet'}`);
    const id = uuidv7();
    await writeMeta(db, 'station', { id, name });
    await enrolStation(db, serverUrl, code, (i, init) => fetch(i, init), new Date());
    const pages = workerPageReader();
    const engine = new SyncEngine({ db, readPage: pages.read, fetch: (i, init) => fetch(i, init), now: () => new Date(), random: Math.random, isOnline: () => true, recorder: () => Promise.resolve(null) });
    const verdicts: number[] = [];
    const floors: number[] = [];
    let pulling = true;
    const idb = db.backendDB();
    let seq = 10_000_000;
    const sample = async (into: { verdicts: number[]; floors: number[] }) => {
      const t0 = performance.now();
      await recordDockVerdict(db, { label: classifyLabel('RMA10000016'), tracking: null, by: { stationId: id, actor }, settings: DEFAULT_SETTINGS, now: new Date() });
      into.verdicts.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
      const t1 = performance.now();
      await floorOnce(idb, 'RMA10000016', ++seq);
      into.floors.push(performance.now() - t1);
      await new Promise((r) => setTimeout(r, 10));
    };
    // With nobody scanning the pull writes in larger parts; the first scan after a quiet spell
    // waits for the part in hand. A read of what a scan writes, about once a second, waits the same
    // way without making the station count as in use.
    const waits: number[] = [];
    const probe = async () => {
      const t = performance.now();
      await db.transaction('r', [db.rmas, db.packages, db.rmaProgress], () => Promise.all([db.rmas.get('RMA10000016'), db.packages.get('probe'), db.rmaProgress.get('RMA10000016')]));
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 1_000));
    };
    const sampler = (async () => {
      while (pulling) await (scanning ? sample({ verdicts, floors }) : probe());
    })();
    const t0 = performance.now();
    await engine.syncNow();
    const pullMs = performance.now() - t0;
    pages.close();
    pulling = false;
    await sampler;
    // The same verdicts once the pull is done, on the same database: what the pull itself adds.
    const after = { verdicts: [] as number[], floors: [] as number[] };
    if (scanning) for (let k = 0; k < 300; k++) await sample(after);
    const status = await engine.status();
    const rows = await db.rmas.toArray();
    const facts = await db.remoteEvents.count();
    const raw = new StationDb(`pull-raw-${name}-${scanning ? 'scanning' : 'quiet'}`);
    const t1 = performance.now();
    await raw.rmas.bulkPut(rows);
    const rawMs = performance.now() - t1;
    // With other stations' facts, the floor is every row the pull wrote, each table in one bulkPut:
    // a fact is stored with the box and the RMA count it changes here.
    let rawAllMs = 0;
    if (facts > 0) {
      const tables = await Promise.all(db.tables.filter((t) => t.name !== 'meta').map(async (t) => ({ name: t.name, rows: await t.toArray() })));
      const rawAll = new StationDb(`pull-raw-all-${name}`);
      const t2 = performance.now();
      for (const { name: table, rows: all } of tables) if (all.length) await rawAll.table(table).bulkPut(all);
      rawAllMs = performance.now() - t2;
      await rawAll.delete();
    }
    // Leave the browser's storage as it was: 200,000 RMAs in databases nobody reads would be
    // compacted in the background during the dock's own measurement.
    await raw.delete();
    await db.delete();
    return {
      rmas: rows.length,
      facts,
      pullMs,
      rawMs,
      rawAllMs,
      error: status.log.lastError,
      verdicts: verdicts.length,
      verdictP50: percentile(verdicts, 50),
      verdictP95: percentile(verdicts, 95),
      floorP50: percentile(floors, 50),
      floorP95: percentile(floors, 95),
      afterP50: percentile(after.verdicts, 50),
      afterP95: percentile(after.verdicts, 95),
      afterFloorP95: percentile(after.floors, 95),
      waits: waits.length,
      waitP50: percentile(waits, 50),
      waitP95: percentile(waits, 95),
      waitMax: Math.max(0, ...waits),
    };
  },

  /**
   * The Slips screen's read over a station that has shipped `shipped` units before and has
   * `waiting` decided now: through the shipping key (with their slips, grouped), by the filter
   * over every unit it replaced, and a raw IndexedDB getAll on the same index (the floor).
   */
  async slipsWaiting(shipped: number, waiting: number) {
    const db = new StationDb('slips-bench');
    const at = '2026-11-01T10:00:00.000Z';
    const stamp = { eventId: uuidv7(), by: 'Bench', at };
    const decision = (outcome: 'replacement' | 'return_to_customer') =>
      ({ ...stamp, decision: { outcome } as Decision, receivedOn: '2026-11-01', purchasedOn: '2026-06-01' }) satisfies UnitRow['decision'];
    const unit = (i: number, done: boolean): UnitRow =>
      withShippingKey({
        unitId: uuidv7(),
        packageId: `box-${Math.floor(i / 3)}`,
        rmaNumber: `RMA${String(10_000_000 + Math.floor(i / 3))}`,
        sku: 'NV4108E-HS',
        serial: `SN${i}`,
        logged: stamp,
        match: 'matched',
        line: 0,
        inspection: null,
        decision: decision(i % 2 ? 'replacement' : 'return_to_customer'),
        approval: null,
        override: null,
        replacement: null,
        voided: false,
        ...(done ? { slipId: `slip-${Math.floor(i / 3)}`, shipment: { ...stamp, tracking: { value: '1Z999AA10123456784', carrier: 'ups' as const }, slipId: `slip-${Math.floor(i / 3)}` } } : {}),
      });
    for (let start = 0; start < shipped; start += 10_000) {
      const units = Array.from({ length: Math.min(10_000, shipped - start) }, (_, k) => unit(start + k, true));
      const slips = [...new Set(units.map((u) => u.slipId!))].map((slipId) => ({ slipId, rmaNumber: 'RMA', kind: 'replacement' as const, unitIds: [], outputs: [], shipment: null }));
      await db.transaction('rw', db.units, db.slips, async () => {
        await db.units.bulkPut(units);
        await db.slips.bulkPut(slips);
      });
    }
    const now = Array.from({ length: waiting }, (_, k) => unit(shipped + k, false));
    await db.units.bulkPut(now);
    const groups = (await slipsWaiting(db)).length;
    const keyed = await timed(() => slipsWaiting(db));
    const scanned = await timed(async () => slipGroups(await db.units.filter(waitsToShip).toArray(), await db.slips.toArray()));
    const idb = db.backendDB();
    const raw = await timed(
      () =>
        new Promise((resolve) => {
          const get = idb.transaction('units').objectStore('units').index('toShip').getAll(1);
          get.onsuccess = () => resolve(get.result);
        }),
    );
    await db.delete();
    return { groups, keyed, scanned, raw };
  },

  /**
   * Years of exceptions, a few still open: what the sync badge counts and what the Sync screen
   * lists (`exceptionsForSupervisor`) beside the same read done by filtering every row, and a raw
   * IndexedDB count of the table as the floor.
   */
  async exceptionsKept(total: number, open: number) {
    const db = new StationDb('exceptions-bench');
    const at = '2026-11-01T10:00:00.000Z';
    const row = (i: number): ExceptionRow => ({
      id: uuidv7(),
      kind: 'more_packages_than_authorised',
      rmaNumber: `RMA${String(10_000_000 + i)}`,
      eventId: uuidv7(),
      stationId,
      details: { accepted: 2, authorised: 1 },
      raisedSeq: i + 1,
      resolution: i >= total - open ? null : { eventId: uuidv7(), by: 'Bench', note: 'Second box was the customer’s spare; returned.', at },
    });
    for (let start = 0; start < total; start += 10_000) await db.exceptions.bulkPut(Array.from({ length: Math.min(10_000, total - start) }, (_, k) => withOpenKey(row(start + k))));
    const lastRma = `RMA${String(10_000_000 + total - 1)}`;
    const figures = {
      badge: await timed(() => openExceptionCount(db)),
      badgeScanned: await timed(() => db.exceptions.filter((x) => !x.resolution).count()),
      panel: await timed(() => openExceptionsOf(db, lastRma)),
      panelScanned: await timed(() => db.exceptions.filter((x) => x.rmaNumber === lastRma && !x.resolution).toArray()),
      list: await timed(() => exceptionsForSupervisor(db, 50)),
      raw: await timed(() => db.exceptions.count()),
    };
    await db.delete();
    return figures;
  },

  mount() {
    createRoot(document.getElementById('root')!).render(<App />);
  },

  /**
   * Wedge Enter keystroke → verdict in the page (it is shown only after its transaction commits,
   * so this is recorded too) and → the first frame after it (painted). Scans arrive at a random
   * moment of the frame, as real ones do.
   */
  async scans(numbers: string[]): Promise<{ shown: number[]; painted: number[] }> {
    const panel = () => document.querySelector('section.verdict')!;
    const shown: number[] = [];
    const painted: number[] = [];
    for (const text of numbers) {
      await new Promise((r) => setTimeout(r, Math.random() * 17));
      (document.activeElement as HTMLElement | null)?.blur();
      for (const key of text) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      const before = panel().getAttribute('data-serial');
      const changed = new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          if (panel().getAttribute('data-serial') !== before) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-serial'] });
      });
      const t0 = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      shown.push((await changed) - t0);
      painted.push((await nextFrame()) - t0);
    }
    return { shown, painted };
  },

  /**
   * The inspection bench, through the real screen: boxes accepted and units counted beforehand,
   * then per unit — open it, choose the finding (misuse with a photo every third), press "Record
   * finding" → the decision in the page, and → the next frame. Also the bytes each photo adds.
   */
  async findings(rmaNumbers: string[], units: number): Promise<{ shown: number[]; painted: number[]; photoBytes: number[]; storageDelta: number; photos: number }> {
    const inspector = { stationId, actor: { name: 'Bench', role: 'inspector' as const } };
    const boxes: { packageId: string; rmaNumber: string }[] = [];
    for (const number of rmaNumbers) {
      if (boxes.length * 3 >= units) break;
      const { event } = await recordDockVerdict(stationDb, { label: classifyLabel(number), tracking: null, by: inspector, settings: DEFAULT_SETTINGS, now: new Date() });
      if (event?.type !== 'package_accepted') continue;
      const rma = (await stationDb.rmas.get(number))!;
      for (const line of rma.lines.slice(0, 3)) await logItem(stationDb, { packageId: event.payload.packageId, sku: line.sku, serial: line.serials[0] ?? null }, inspector, new Date());
      boxes.push({ packageId: event.payload.packageId, rmaNumber: number });
    }
    const frame = document.createElement('canvas');
    frame.width = 1280;
    frame.height = 720;
    const g = frame.getContext('2d')!;
    const photoFile = async (i: number) => {
      // A camera-like frame: gradients and noise, so JPEG has real work, different every time.
      const grad = g.createLinearGradient(0, 0, 1280, 720);
      grad.addColorStop(0, `hsl(${i * 37}, 40%, 30%)`);
      grad.addColorStop(1, `hsl(${i * 37 + 120}, 40%, 60%)`);
      g.fillStyle = grad;
      g.fillRect(0, 0, 1280, 720);
      const noise = g.getImageData(0, 0, 1280, 720);
      for (let k = 0; k < noise.data.length; k += 4) noise.data[k] = (noise.data[k]! + Math.random() * 40) | 0;
      g.putImageData(noise, 0, 0);
      const blob = await new Promise<Blob>((r) => frame.toBlob((b) => r(b!), 'image/jpeg', 0.92));
      return new File([blob], `unit-${i}.jpg`, { type: 'image/jpeg' });
    };
    const until = (test: () => boolean) =>
      new Promise<number>((resolve) => {
        if (test()) return resolve(performance.now());
        const observer = new MutationObserver(() => {
          if (test()) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
      });
    const button = (name: string, within: ParentNode = document) => [...within.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
    const usageBefore = (await navigator.storage.estimate()).usage ?? 0;
    const shown: number[] = [];
    const painted: number[] = [];
    let n = 0;
    for (const box of boxes) {
      // Found by its RMA number, as an inspector finds a box the queue does not show first.
      location.hash = '#/inspection';
      button('Back to the queue')?.click();
      await until(() => !!document.querySelector('section[aria-label="Boxes by RMA"] input'));
      const find = document.querySelector('section[aria-label="Boxes by RMA"] input') as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(find, box.rmaNumber);
      find.dispatchEvent(new Event('input', { bubbles: true }));
      await until(() => !button('Find')!.disabled);
      button('Find')!.click();
      await until(() => !!document.querySelector(`[data-box="${box.packageId}"]`));
      button('Open box', document.querySelector(`[data-box="${box.packageId}"]`)!)!.click();
      await until(() => document.querySelectorAll('table.units tbody tr').length > 0);
      const rows = document.querySelectorAll('table.units tbody tr').length;
      for (let r = 0; r < rows && n < units; r++, n++) {
        button('Inspect', document.querySelectorAll('table.units tbody tr')[r])!.click();
        await until(() => !!document.querySelector('form.finding'));
        const form = document.querySelector('form.finding')!;
        const result = n % 3 === 2 || document.querySelectorAll('table.units tbody tr')[r]!.getAttribute('data-match') !== 'matched' ? 'misuse' : n % 3 === 0 ? 'defective' : 'no_fault_found';
        (form.querySelector(`input[type=radio][value=${result}]`) as HTMLInputElement).click();
        if (result === 'misuse') {
          await until(() => !!form.querySelector('.misuse-kinds input'));
          (form.querySelector('.misuse-kinds input') as HTMLInputElement).click();
          const input = form.querySelector('input[type=file]') as HTMLInputElement;
          const files = new DataTransfer();
          files.items.add(await photoFile(n));
          input.files = files.files;
          input.dispatchEvent(new Event('change', { bubbles: true }));
          await until(() => form.querySelectorAll('[data-testid=pending-photos] img').length > 0);
        }
        const record = button('Record finding', form)!;
        await until(() => !record.disabled);
        const t0 = performance.now();
        record.click();
        shown.push((await until(() => !!document.querySelector('.unit-panel section.decision'))) - t0);
        painted.push((await nextFrame()) - t0);
      }
    }
    const photos = await stationDb.photos.toArray();
    const usageAfter = (await navigator.storage.estimate()).usage ?? 0;
    return { shown, painted, photoBytes: photos.map((p) => p.blob.size + p.thumbnail.size), storageDelta: usageAfter - usageBefore, photos: photos.length };
  },

  /**
   * Decode images (base64, any format the browser reads) with one engine, through the app's own
   * decoder worker: per image the texts and the time from pixels sent to answer received.
   */
  async decodeImages(images: string[], engine: ScanEngine, still: boolean): Promise<{ barcodes: { text: string; format: string }[]; ms: number }[]> {
    chooseEngine(engine);
    const out: { barcodes: { text: string; format: string }[]; ms: number }[] = [];
    for (const b64 of images) {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas.getContext('2d')!;
      g.drawImage(bitmap, 0, 0);
      const pixels = g.getImageData(0, 0, bitmap.width, bitmap.height);
      const t0 = performance.now();
      const found = await decodePixels(pixels, { still }).catch(() => []);
      out.push({ barcodes: found, ms: performance.now() - t0 });
    }
    return out;
  },

  /** The raw floor: an IndexedDB get of the same key, then one strict write transaction of an event. */
  async floor(numbers: string[]): Promise<number[]> {
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('returns-dock');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(new Error(String(open.error)));
    });
    const latencies: number[] = [];
    let seq = 10_000_000;
    for (const number of numbers) {
      const t0 = performance.now();
      await floorOnce(idb, number, ++seq);
      latencies.push(performance.now() - t0);
    }
    idb.close();
    return latencies;
  },
};

/** A verdict's raw floor: an IndexedDB get of the RMA, then one strict write transaction of an event. */
async function floorOnce(idb: IDBDatabase, number: string, seq: number): Promise<void> {
  await new Promise((resolve) => {
    const get = idb.transaction('rmas').objectStore('rmas').get(number);
    get.onsuccess = () => resolve(get.result);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction('events', 'readwrite', { durability: 'strict' });
    tx.objectStore('events').put({ id: uuidv7(), stationSeq: seq, stationId, actor, clientTs: new Date().toISOString(), schemaVersion: 1, type: 'package_accepted', rmaNumber: number, payload: {} });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(new Error(String(tx.error)));
  });
}

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
