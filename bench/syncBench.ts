import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../server/app';
import { openStore, type Store } from '../server/db/connect';
import type { StationEvent } from '../shared/events';
import { pushBodySchema } from '../shared/sync';
import { pushEvents } from '../server/store/push';
import { median } from './stats';
import { demoRmas } from '../cli/demoData';
import { upsertRmas } from '../server/store/rmas';
import type { Rma } from '../shared/rma';
import { inspectionDay, type InspectionDay } from './inspectionDay';

const ADMIN = 'bench-admin';

/**
 * A dock door's day as its station pushes it: 9 boxes in 10 accepted, each for an open RMA of its
 * own, the tenth refused. Refusals alone name no RMA and derive nothing, so the server's work on
 * an accept (the RMA's count and lifecycle, its exceptions) would go unmeasured.
 */
function dockDay(stationId: string, open: readonly string[]): StationEvent[] {
  let next = 0;
  return Array.from({ length: 10_000 }, (_, i): StationEvent => {
    const base = { id: uuidv7(), stationSeq: i + 1, stationId, actor: { name: 'Bench', role: 'dock' as const }, clientTs: new Date(Date.UTC(2026, 10, 28) + i * 1000).toISOString(), schemaVersion: 1 };
    return i % 10 === 9
      ? { ...base, type: 'package_refused', rmaNumber: null, payload: { packageId: uuidv7(), reason: 'no_rma_on_package', tracking: null, clauses: [11], settlesHold: null } }
      : { ...base, type: 'package_accepted', rmaNumber: open[next++]!, payload: { packageId: uuidv7(), tracking: null, warnings: [], earlierPackages: 0, clauses: [6, 11], settlesHold: null } };
  });
}

/** RMAs new to the server, imported before the clock starts. */
async function serverHas(store: Store, rmas: readonly Rma[]): Promise<void> {
  await upsertRmas(store, rmas, new Date());
  // A running server's tables have statistics (autovacuum keeps them): without, PostgreSQL reads
  // a push's few RMAs and their facts by scanning whole tables made moments ago.
  if (store.dialect === 'postgres') await sql`analyze`.execute(store.db);
}

/** Open RMAs for one day's accepts, new to the server. */
async function openRmas(store: Store, firstNumber: number): Promise<string[]> {
  const rmas = demoRmas({ count: 12_000, firstNumber, issuedUpTo: '2026-11-27' });
  await serverHas(store, rmas);
  const open = rmas.filter((r) => r.status === 'open').map((r) => r.number);
  if (open.length < 9_000) throw new Error('too few open RMAs for a day of accepts');
  return open;
}

interface Round {
  pushMs: number;
  rawMs: number;
  /** The same work outside HTTP, for where the push's time goes: JSON, validation, the store's transaction. */
  parseMs: number;
  validateMs: number;
  storeMs: number;
  /** Raw INSERTs after parsing, validating and serialising the same bodies. */
  rawJsonMs: number;
}

/** A station row of the bench's own, for rows that must not collide with the pushed ones. */
async function benchStation(store: Store, name: string): Promise<string> {
  const id = uuidv7();
  await store.db.insertInto('stations').values({ id, name, enrol_code_hash: null, token_hash: null, last_ack: 0, created_at: '', enrolled_at: null }).execute();
  return id;
}

/** The events as a station would send them, 500 a body; `as` another station, under new ids. */
function bodiesOf(events: readonly StationEvent[], as?: string): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += 500) {
    const batch = events.slice(i, i + 500);
    bodies.push(as ? JSON.stringify({ stationId: as, events: batch.map((e) => ({ ...e, id: uuidv7(), stationId: as })) }) : JSON.stringify({ stationId: batch[0]!.stationId, events: batch }));
  }
  return bodies;
}

/** An event's row as the raw baselines write it: every column the store writes but the tag. */
const rowOf = (e: StationEvent, stationId: string, serverSeq: number, receivedAt: string) => ({
  id: e.id,
  station_id: stationId,
  station_seq: e.stationSeq,
  server_seq: serverSeq,
  type: e.type,
  rma_number: e.rmaNumber,
  schema_version: e.schemaVersion,
  client_ts: e.clientTs,
  body: JSON.stringify(e),
  status: 'accepted' as const,
  reason: null,
  received_at: receivedAt,
});

/** A station linked as a station is, keeping the id it made itself; its token. */
async function enrolled(app: FastifyInstance, stationId: string): Promise<string> {
  const created = (await app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: { authorization: `Bearer ${ADMIN}` }, payload: { name: `bench ${stationId}` } })).json<{ enrolCode: string }>();
  return (await app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: created.enrolCode, stationId, lastSeq: 0 } })).json<{ token: string }>().token;
}

/** The bodies pushed over HTTP, one after another as a station sends them; the time taken. */
async function timedPush(app: FastifyInstance, token: string, bodies: readonly string[]): Promise<number> {
  const t0 = performance.now();
  for (const body of bodies) {
    const r = await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: body });
    if (r.statusCode !== 200) throw new Error(`push failed: ${r.body}`);
  }
  return performance.now() - t0;
}

/** The raw baseline: the same rows, multi-row INSERTs of 500, into the same events table (same indexes); the time taken. */
async function timedRawInsert(store: Store, rows: readonly ReturnType<typeof rowOf>[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += 500) await store.db.insertInto('events').values(rows.slice(i, i + 500)).execute();
  return performance.now() - t0;
}

/** One round: 10,000 events through the HTTP push path, then the same rows by a plain multi-row INSERT. */
async function pushRound(store: Store, app: FastifyInstance, round: number): Promise<Round> {
  const stationId = uuidv7();
  const token = await enrolled(app, stationId);
  // Each pass takes its own RMAs, so that none meets the accepts of another.
  const events = dockDay(stationId, await openRmas(store, 1_000_001 + round * 40_000));

  // The station serialises its batches: that is the client's work, not the server's, so it is done
  // before the clock starts.
  const pushMs = await timedPush(app, token, bodiesOf(events));

  // The raw baseline, under a second station so the rows do not collide with the pushed ones.
  const rawStation = await benchStation(store, 'raw');
  const rawMs = await timedRawInsert(store, events.map((e, i) => rowOf({ ...e, id: uuidv7() }, rawStation, 1_000_000 * (round + 1) + i, new Date().toISOString())));

  // Where the push's time goes: the same bodies parsed, validated and stored by a third station
  // without HTTP.
  const direct = await benchStation(store, 'direct');
  const directDay = dockDay(direct, await openRmas(store, 1_000_001 + round * 40_000 + 20_000));
  let parseMs = 0;
  let validateMs = 0;
  let storeMs = 0;
  for (const body of bodiesOf(directDay)) {
    let t = performance.now();
    const parsed = JSON.parse(body) as unknown;
    parseMs += performance.now() - t;
    t = performance.now();
    const checked = pushBodySchema.parse(parsed).events;
    validateMs += performance.now() - t;
    t = performance.now();
    await pushEvents(store, direct, checked, new Date());
    storeMs += performance.now() - t;
  }
  // The baseline proposed to the maintainers (issue 4): the same raw INSERTs, with the work no
  // server can skip done first — each body parsed and validated, each event serialised for its row.
  const rawJsonStation = await benchStation(store, 'raw+json');
  const rawJsonBodies = bodiesOf(events, rawJsonStation);
  let serverSeq = 100_000_000 + 1_000_000 * round;
  const t2 = performance.now();
  for (const body of rawJsonBodies) {
    const receivedAt = new Date().toISOString();
    const checked = pushBodySchema.parse(JSON.parse(body)).events;
    await store.db
      .insertInto('events')
      .values(checked.map((e) => rowOf(e, rawJsonStation, serverSeq++, receivedAt)))
      .execute();
  }
  const rawJsonMs = performance.now() - t2;
  return { pushMs, rawMs, parseMs, validateMs, storeMs, rawJsonMs };
}

/**
 * A warm-up round (a server runs warm; the first round here pays for compiling the code paths),
 * then five rounds, push and raw alternating so both see the same disk; the median is reported
 * with the spread, since one fsync-bound round varies by a third on this machine (three rounds
 * left a single stalled round deciding the median: 1.20, 1.93, 1.60 in one PostgreSQL run).
 */
const ROUNDS = 5;

/** An inspection station's day pushed over HTTP, then the same rows by a plain multi-row INSERT. */
async function inspectionRound(store: Store, app: FastifyInstance, day: InspectionDay, round: number): Promise<InspectionRound> {
  await serverHas(store, day.rmas);
  const bodies = bodiesOf(day.facts);
  const pushMs = await timedPush(app, await enrolled(app, day.stationId), bodies);
  const rawStation = await benchStation(store, 'raw inspection');
  const rawMs = await timedRawInsert(store, day.facts.map((e, i) => rowOf({ ...e, id: uuidv7() }, rawStation, 50_000_000 + 1_000_000 * round + i, new Date().toISOString())));
  // Inspection facts carry findings and decisions: reading them is a larger share than a dock's.
  const t = performance.now();
  for (const body of bodies) pushBodySchema.parse(JSON.parse(body));
  return { pushMs, rawMs, readMs: performance.now() - t };
}

interface InspectionRound {
  pushMs: number;
  rawMs: number;
  /** The same bodies parsed and validated, outside HTTP and the store. */
  readMs: number;
}

/** The inspection days, one a round and one to warm up: recorded once, pushed to each store. */
const INSPECTED_RMAS = 500;
const inspectionDays = () => Promise.all(Array.from({ length: ROUNDS + 1 }, (_, d) => inspectionDay(INSPECTED_RMAS, 5_000_001 + d * 10_000)));

async function inspectionFigures(store: Store, app: FastifyInstance, days: readonly InspectionDay[]): Promise<string> {
  await inspectionRound(store, app, days[0]!, 0);
  const rounds: InspectionRound[] = [];
  for (let round = 1; round <= ROUNDS; round++) rounds.push(await inspectionRound(store, app, days[round]!, round));
  const facts = days[1]!.facts.length;
  const ratios = rounds.map((r) => r.pushMs / r.rawMs);
  const pushMs = median(rounds.map((r) => r.pushMs));
  return (
    `push of an inspection station's ${facts.toLocaleString('en-US')} facts (${INSPECTED_RMAS} RMAs: each box accepted, its units counted, found defective and decided; some RMAs close), median of ${ROUNDS}: ` +
    `${Math.round((facts / pushMs) * 1000).toLocaleString('en-US')} events/s (${pushMs.toFixed(0)} ms, of which parsing and validating the bodies alone ${median(rounds.map((r) => r.readMs)).toFixed(0)} ms; ` +
    `raw multi-row INSERT ${median(rounds.map((r) => r.rawMs)).toFixed(0)} ms) — ` +
    `${median(ratios).toFixed(2)}× raw (rounds ${ratios.map((x) => x.toFixed(2)).join(', ')})`
  );
}

async function pushFigures(store: Store, days: readonly InspectionDay[]): Promise<string[]> {
  const app = buildServer({ store, adminToken: ADMIN });
  await pushRound(store, app, 0);
  const rounds: Round[] = [];
  for (let round = 1; round <= ROUNDS; round++) rounds.push(await pushRound(store, app, round));
  const inspection = await inspectionFigures(store, app, days);
  await app.close();
  const rate = (ms: number) => Math.round((10_000 / ms) * 1000).toLocaleString('en-US');
  const ratios = rounds.map((r) => r.pushMs / r.rawMs);
  const pushMs = median(rounds.map((r) => r.pushMs));
  const rawMs = median(rounds.map((r) => r.rawMs));
  const part = (k: 'parseMs' | 'validateMs' | 'storeMs') => median(rounds.map((r) => r[k]));
  return [
    `push of a dock door's 10,000 facts (9 in 10 accepted, each for an RMA of its own; HTTP push, 500 a batch), median of ${ROUNDS}: ${rate(pushMs)} events/s; raw multi-row INSERT of the same rows into the events table: ${rate(rawMs)} rows/s — ` +
    `${median(ratios).toFixed(2)}× raw (rounds ${ratios.map((x) => x.toFixed(2)).join(', ')}). ` +
    `The same bodies without HTTP: JSON.parse ${part('parseMs').toFixed(0)} ms, validation ${part('validateMs').toFixed(0)} ms, ` +
    `the store's push transactions ${part('storeMs').toFixed(0)} ms = ${(part('storeMs') / rawMs).toFixed(2)}× raw; ` +
    `what HTTP adds beyond them ${median(rounds.map((r) => r.pushMs - r.parseMs - r.validateMs - r.storeMs)).toFixed(0)} ms (raw ${rawMs.toFixed(0)} ms, HTTP push ${pushMs.toFixed(0)} ms). ` +
    `Against raw INSERTs that first parse, validate and serialise the same bodies (${median(rounds.map((r) => r.rawJsonMs)).toFixed(0)} ms): ` +
    `${median(rounds.map((r) => r.pushMs / r.rawJsonMs)).toFixed(2)}× (rounds ${rounds.map((r) => (r.pushMs / r.rawJsonMs).toFixed(2)).join(', ')})`,
    inspection,
  ];
}

async function postgresUrl(): Promise<string | null> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch {
    return null;
  }
}

/** The push figures on SQLite and, where a PostgreSQL is reachable, on PostgreSQL. */
export async function runPushBench(): Promise<string[]> {
  const lines: string[] = [];
  const days = await inspectionDays();
  const dir = mkdtempSync(join(tmpdir(), 'rd-bench-'));
  const sqliteStore = await openStore({ dataDir: dir });
  try {
    for (const line of await pushFigures(sqliteStore, days)) lines.push(`SQLite: ${line}`);
  } finally {
    await sqliteStore.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const url = await postgresUrl();
  if (!url) return [...lines, 'PostgreSQL: not reachable (set BENCH_DATABASE_URL) — skipped'];
  const schema = `bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  try {
    const pgStore = await openStore({ databaseUrl: u.toString(), dataDir: dir });
    try {
      for (const line of await pushFigures(pgStore, days)) lines.push(`PostgreSQL: ${line}`);
    } finally {
      await pgStore.close();
    }
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
  return lines;
}
