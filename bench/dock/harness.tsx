// The real app, mounted in a page the bench drives, with hooks to seed its database and time it.
import { createRoot } from 'react-dom/client';
import { v7 as uuidv7 } from 'uuid';
import { App } from '../../renderer/app/App';
import '../../renderer/app/app.css';
import { writeMeta } from '../../renderer/db/meta';
import { importRmas } from '../../renderer/db/rmaImport';
import { StationDb } from '../../renderer/db/schema';
import { parseRmaExport } from '../../shared/rma';
import type { StationEvent } from '../../shared/events';
import { classifyLabel } from '../../shared/labels';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { recordDockVerdict } from '../../renderer/db/dock';
import { enrolStation } from '../../renderer/sync/enrol';
import { SyncEngine } from '../../renderer/sync/engine';

const stationId = '0192f3a4-0000-7000-8000-00000000be01';
const actor = { name: 'Bench', role: 'dock' as const };

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
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
    raw.close();
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
    await writeMeta(db, 'session', { user: actor, signedInAt: new Date().toISOString(), shiftStartSeq: n });
    await writeMeta(db, 'settings', { wedgeMaxKeyGapMs: 35, rmaStaleAfterHours: 24, undoWindowSeconds: 15, muted: true });
    db.close();
  },

  /**
   * A fresh station's initial pull from a real server, with the dock recording verdicts every
   * 20 ms meanwhile (the database path: is the station still responsive?), and a raw bulkPut of
   * the same RMA objects into another database of the same browser.
   */
  async pullBench(serverUrl: string, code: string, name: string) {
    const db = new StationDb(`pull-${name}`);
    const id = uuidv7();
    await writeMeta(db, 'station', { id, name });
    await enrolStation(db, serverUrl, code, (i, init) => fetch(i, init), new Date());
    const engine = new SyncEngine({ db, fetch: (i, init) => fetch(i, init), now: () => new Date(), random: Math.random, isOnline: () => true, recorder: () => Promise.resolve(null) });
    const verdicts: number[] = [];
    let pulling = true;
    const sampler = (async () => {
      while (pulling) {
        const t0 = performance.now();
        await recordDockVerdict(db, { label: classifyLabel('RMA10000016'), tracking: null, by: { stationId: id, actor }, settings: DEFAULT_SETTINGS, now: new Date() });
        verdicts.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t0 = performance.now();
    await engine.syncNow();
    const pullMs = performance.now() - t0;
    pulling = false;
    await sampler;
    const status = await engine.status();
    const rows = await db.rmas.toArray();
    const raw = new StationDb(`pull-raw-${name}`);
    const t1 = performance.now();
    await raw.rmas.bulkPut(rows);
    const rawMs = performance.now() - t1;
    raw.close();
    db.close();
    verdicts.sort((a, b) => a - b);
    return { rmas: rows.length, pullMs, rawMs, error: status.log.lastError, verdicts: verdicts.length, verdictP50: verdicts[Math.floor(verdicts.length / 2)] ?? 0, verdictP95: verdicts[Math.floor(verdicts.length * 0.95)] ?? 0 };
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
      await new Promise((resolve) => {
        const get = idb.transaction('rmas').objectStore('rmas').get(number);
        get.onsuccess = () => resolve(get.result);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = idb.transaction('events', 'readwrite', { durability: 'strict' });
        tx.objectStore('events').put({ id: uuidv7(), stationSeq: ++seq, stationId, actor, clientTs: new Date().toISOString(), schemaVersion: 1, type: 'package_accepted', rmaNumber: number, payload: {} });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error(String(tx.error)));
      });
      latencies.push(performance.now() - t0);
    }
    idb.close();
    return latencies;
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
