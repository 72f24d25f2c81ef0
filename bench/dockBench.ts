import { chromium, type Page } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { demoRmas } from '../cli/demoData';
import { toCsv } from '../shared/rma';
import { startServer, type RunningServer } from '../server/main';
import { upsertRmas } from '../server/store/rmas';
import { createStation } from '../server/store/stations';
import { pushEvents } from '../server/store/push';
import type { StationEvent } from '../shared/events';
import { v7 as uuidv7 } from 'uuid';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { chromiumLaunchOptions } from '../test/e2e/chromium';
import { seededRandom } from './measure';
import { scanFigures } from './scanFigures';
import { percentile } from './stats';

const root = join(import.meta.dirname, '..');

export interface DockBenchOptions {
  rmas: number;
  events: number;
  scans: number;
  /** Only a fresh station's initial pull (`npm run bench -- pull`). */
  pullOnly?: boolean;
  /** Only the barcode decoders on the label corpus and the real samples (`npm run bench -- scan`). */
  scanOnly?: boolean;
}

/** Another door's facts a server holds when a station joins: some months of a busy dock for the full run. */
const historyFacts = (rmas: number) => (rmas >= 100_000 ? 50_000 : 5_000);

/**
 * What another door recorded before this station joined: packages accepted for open RMAs and
 * some refused, pushed as that door would, so a joining station pulls them with the RMAs.
 */
async function recordHistory(server: RunningServer, rmas: ReturnType<typeof demoRmas>, count: number): Promise<void> {
  const open = rmas.filter((r) => r.status === 'open').map((r) => r.number);
  const { id } = await createStation(server.store, 'Dock door 1 (history)', new Date());
  const random = seededRandom(5);
  const actor = { name: 'Sam Ortiz', role: 'dock' as const };
  for (let first = 1; first <= count; first += 500) {
    const facts = Array.from({ length: Math.min(500, count - first + 1) }, (_, k): StationEvent => {
      const stationSeq = first + k;
      const base = { id: uuidv7(), stationSeq, stationId: id, actor, clientTs: new Date(Date.UTC(2026, 5, 1) + stationSeq * 60_000).toISOString(), schemaVersion: 1 };
      return k % 10 === 9
        ? { ...base, type: 'package_refused', rmaNumber: null, payload: { packageId: uuidv7(), reason: 'no_rma_on_package', tracking: null, clauses: [11], settlesHold: null } }
        : { ...base, type: 'package_accepted', rmaNumber: open[Math.floor(random() * open.length)]!, payload: { packageId: uuidv7(), tracking: null, warnings: ['untraceable_shipment'], earlierPackages: 0, clauses: [6, 11], settlesHold: null } };
    });
    const answer = await pushEvents(server.store, id, facts, new Date());
    if (answer.kind !== 'ok') throw new Error('the history push stopped at a gap');
  }
}

/** A server on each reachable store, holding the same RMAs, for a fresh station to pull. */
async function pullFigures(page: Page, rmas: ReturnType<typeof demoRmas>): Promise<string[]> {
  const lines: string[] = [];
  const targets: { name: string; databaseUrl?: string; cleanup?: () => Promise<void> }[] = [{ name: 'SQLite' }];
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const schema = `pullbench_${Date.now()}`;
    await client.query(`create schema ${schema}`);
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    targets.push({ name: 'PostgreSQL', databaseUrl: u.toString(), cleanup: async () => void (await client.query(`drop schema ${schema} cascade`)) });
  } catch {
    lines.push('initial pull on PostgreSQL: not reachable (set BENCH_DATABASE_URL) — skipped');
  }
  for (const target of targets) {
    const dataDir = mkdtempSync(join(tmpdir(), 'rd-pull-'));
    let server: RunningServer | null = null;
    try {
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: target.databaseUrl, adminToken: 'bench-admin-token' });
      await upsertRmas(server.store, rmas, new Date());
      // Twice: with nobody at the dock (the pull's own speed), and with a verdict every ~32 ms
      // throughout (the dock's responsiveness; the pull then writes in smaller parts and rests).
      for (const scanning of [false, true]) {
        const { enrolCode } = await createStation(server.store, `pull ${target.name} ${scanning}`, new Date());
        const r = await page.evaluate(([u, c, n, s]) => window.bench.pullBench(u, c, n, s), [server.url, enrolCode, target.name, scanning] as const);
        if (r.error) throw new Error(r.error);
        lines.push(
          `initial pull of ${r.rmas.toLocaleString('en-US')} RMAs from ${target.name}, ${scanning ? 'while the dock scans' : 'dock quiet'}: ${(r.pullMs / 1000).toFixed(1)} s (${Math.round((r.rmas / r.pullMs) * 1000).toLocaleString('en-US')} RMAs/s); ` +
            `raw bulkPut of the same objects: ${(r.rawMs / 1000).toFixed(1)} s — ${(r.pullMs / r.rawMs).toFixed(2)}× raw` +
            (scanning
              ? `; ${r.verdicts} verdicts recorded meanwhile, database path p50 ${ms(r.verdictP50)}, p95 ${ms(r.verdictP95)}; ` +
                `raw floor meanwhile (get + strict write, same database) p50 ${ms(r.floorP50)}, p95 ${ms(r.floorP95)} → ${(r.verdictP95 / r.floorP95).toFixed(2)}× at p95; ` +
                `the same verdicts once the pull is done: p50 ${ms(r.afterP50)}, p95 ${ms(r.afterP95)} (floor p95 ${ms(r.afterFloorP95)})`
              : `; a read of what a scan writes, once a second meanwhile (${r.waits}), waited p50 ${ms(r.waitP50)}, p95 ${ms(r.waitP95)}, at most ${ms(r.waitMax)}`),
        );
      }
      // A station joining a warehouse with a past: the RMAs and another door's facts, which it
      // applies to its own view of each box and RMA, while this door scans.
      const facts = historyFacts(rmas.length);
      await recordHistory(server, rmas, facts);
      for (const scanning of [false, true]) {
        const { enrolCode } = await createStation(server.store, `pull ${target.name} with history ${scanning}`, new Date());
        const h = await page.evaluate(([u, c, n, sc]) => window.bench.pullBench(u, c, n, sc), [server.url, enrolCode, `${target.name}-history`, scanning] as const);
        if (h.error) throw new Error(h.error);
        if (h.facts < facts) throw new Error(`pulled ${h.facts} of ${facts} facts`);
        lines.push(
          `  … the same with ${facts.toLocaleString('en-US')} facts of another door on the server, ${scanning ? 'while the dock scans' : 'dock quiet'}: ${(h.pullMs / 1000).toFixed(1)} s; ` +
            `raw bulkPut of every row it wrote (RMAs, facts, boxes, RMA counts): ${(h.rawAllMs / 1000).toFixed(1)} s — ${(h.pullMs / h.rawAllMs).toFixed(2)}× raw` +
            (scanning
              ? `; ${h.verdicts} verdicts meanwhile, p50 ${ms(h.verdictP50)}, p95 ${ms(h.verdictP95)}; floor meanwhile p95 ${ms(h.floorP95)}`
              : `; a read of what a scan writes, once a second meanwhile (${h.waits}), waited p50 ${ms(h.waitP50)}, p95 ${ms(h.waitP95)}, at most ${ms(h.waitMax)}`),
        );
      }
    } finally {
      await server?.stop();
      await target.cleanup?.();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  await client.end().catch(() => undefined);
  return lines;
}

function summary(values: number[]) {
  return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Units a station has shipped before, for the Slips figure: years of them in the full run. */
const unitsShippedBefore = (scans: number) => (scans >= 1_000 ? 100_000 : 10_000);

/** Exceptions a station has pulled over the years, for the Exceptions figure. */
const exceptionsKept = (scans: number) => (scans >= 1_000 ? 20_000 : 5_000);

/** The dock in real Chromium over a large station database: scan-to-verdict, import, memory. */
export async function runDockBench({ rmas: rmaCount, events, scans, pullOnly = false, scanOnly = false }: DockBenchOptions): Promise<string[]> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const outDir = join(root, '.bench', 'dock');
  await build({
    configFile: false,
    logLevel: 'error',
    root: join(root, 'bench', 'dock'),
    plugins: [react()],
    define: { __APP_VERSION__: JSON.stringify(version) },
    build: { outDir, emptyOutDir: true },
  });
  const server = await preview({ configFile: false, root: join(root, 'bench', 'dock'), logLevel: 'error', build: { outDir }, preview: { port: 4391, host: '127.0.0.1', strictPort: true } });
  const browser = await chromium.launch(chromiumLaunchOptions);
  const lines: string[] = [];
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto('http://127.0.0.1:4391/');

    if (scanOnly) return await scanFigures(page, browser);
    const rmas = demoRmas({ count: rmaCount, seed: 7, issuedUpTo: '2026-11-28' });
    const numbers = rmas.map((r) => r.number);
    if (pullOnly) return await pullFigures(page, rmas);
    const imported = await page.evaluate((csv) => window.bench.importCsv(csv), toCsv(rmas));
    const rate = (n: number, t: number) => Math.round((n / t) * 1000).toLocaleString('en-US');
    lines.push(
      `import ${imported.rows.toLocaleString('en-US')} RMAs from CSV: ${rate(imported.rows, imported.parseMs + imported.storeMs)} rows/s ` +
        `(parse+validate ${ms(imported.parseMs)}, store ${ms(imported.storeMs)}); raw bulkPut of the same objects: ` +
        `${rate(imported.rows, imported.rawMs)} rows/s — store ${(imported.storeMs / imported.rawMs).toFixed(2)}× raw, whole import ${((imported.parseMs + imported.storeMs) / imported.rawMs).toFixed(2)}× raw`,
    );

    for (const line of await pullFigures(page, rmas)) lines.push(line);

    const seedStart = performance.now();
    await page.evaluate(([n, nums]) => window.bench.seedEvents(n, nums), [events, numbers.slice(0, 5000)] as const);
    lines.push(`seeded ${events.toLocaleString('en-US')} events with their package rows in ${((performance.now() - seedStart) / 1000).toFixed(0)} s`);

    await page.reload();
    await page.evaluate(() => window.bench.mount());
    await page.locator('section.verdict').waitFor();

    const random = seededRandom(11);
    const open = rmas.filter((r) => r.status === 'open').map((r) => r.number);
    const mix = Array.from({ length: scans }, (_, i) =>
      i % 10 === 9 ? `RMA9${String(Math.floor(random() * 999_999)).padStart(6, '0')}0` : open[Math.floor(random() * open.length)]!,
    );
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1048576;
    };
    await cdp.send('Performance.enable');
    await page.evaluate((w) => window.bench.scans(w), mix.slice(0, 20));
    const heapBefore = await heap();
    const scanTimes = await page.evaluate((m) => window.bench.scans(m), mix);
    const heapAfter = await heap();
    const floorTimes = await page.evaluate((m) => window.bench.floor(m), mix);

    const s = summary(scanTimes.shown);
    const p = summary(scanTimes.painted);
    const f = summary(floorTimes);
    lines.push(
      `scan-to-verdict over ${scans} wedge scans (${rmaCount.toLocaleString('en-US')} RMAs, ${events.toLocaleString('en-US')} events), Enter → verdict recorded and in the page: ` +
        `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}`,
    );
    lines.push(`  … → the next frame painted (adds the wait for the display's frame): p50 ${ms(p.p50)}, p95 ${ms(p.p95)}, p99 ${ms(p.p99)}`);
    lines.push(
      `raw floor (IndexedDB get + one strict write transaction): p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, p99 ${ms(f.p99)} — ` +
        `verdict/floor: p50 ${(s.p50 / f.p50).toFixed(2)}×, p95 ${(s.p95 / f.p95).toFixed(2)}×`,
    );
    lines.push(`renderer JS heap: ${heapBefore.toFixed(1)} MB before, ${heapAfter.toFixed(1)} MB after ${scans} scans (after GC)`);

    const units = Math.max(30, Math.round(scans / 5));
    const found = await page.evaluate(([nums, n]) => window.bench.findings(nums, n), [open.slice(-Math.ceil(units / 2)), units] as const);
    const fs = summary(found.shown);
    const fp = summary(found.painted);
    const perPhoto = found.photoBytes.reduce((a, b) => a + b, 0) / Math.max(1, found.photoBytes.length);
    lines.push(
      `inspection over ${found.shown.length} units (same database), "Record finding" → decision in the page: p50 ${ms(fs.p50)}, p95 ${ms(fs.p95)}, p99 ${ms(fs.p99)}; ` +
        `→ next frame painted: p50 ${ms(fp.p50)}, p95 ${ms(fp.p95)}`,
    );
    const shipped = unitsShippedBefore(scans);
    const slips = await page.evaluate(([n, w]) => window.bench.slipsWaiting(n, w), [shipped, 40] as const);
    lines.push(
      `Slips screen, ${slips.groups} slips waiting among ${shipped.toLocaleString('en-US')} units shipped before: read through the shipping key ${ms(slips.keyed)} (median); ` +
        `the filter over every unit it replaced ${ms(slips.scanned)}; raw IndexedDB getAll on the same index ${ms(slips.raw)} — ${(slips.keyed / slips.raw).toFixed(2)}× raw`,
    );
    const kept = exceptionsKept(scans);
    const x = await page.evaluate(([n, o]) => window.bench.exceptionsKept(n, o), [kept, 5] as const);
    lines.push(
      `exceptions, 5 open among ${kept.toLocaleString('en-US')} kept: the badge's open count ${ms(x.badge)} (filtering every row ${ms(x.badgeScanned)}); ` +
        `an RMA's open ones on the inspection bench ${ms(x.panel)} (filtering ${ms(x.panelScanned)}); the Sync screen's lists ${ms(x.list)}; ` +
        `raw IndexedDB count of the table ${ms(x.raw)} (medians)`,
    );
    lines.push(
      `photos: ${found.photos} stored from 1280×720 camera-like JPEGs, ${(perPhoto / 1024).toFixed(0)} KB each (photo + thumbnail); ` +
        `browser storage grew ${(found.storageDelta / 1024 / Math.max(1, found.photos)).toFixed(0)} KB per photo (navigator.storage.estimate, includes the events)`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
  return lines;
}
