import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../../server/app';
import type { StationEvent } from '../../../shared/events';
import { classifyLabel } from '../../../shared/labels';
import { parseRmaExport } from '../../../shared/rma';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { heldPackages, recordDockVerdict } from '../../../renderer/db/dock';
import { logItem, recordFinding } from '../../../renderer/db/inspection';
import { recordShipment, recordSlipOutput } from '../../../renderer/db/slips';
import { usFederalCalendar } from '../../../shared/dates';
import { readMeta, writeMeta } from '../../../renderer/db/meta';
import { StationDb } from '../../../renderer/db/schema';
import { enrolStation } from '../../../renderer/sync/enrol';
import { SyncEngine, type EngineDeps } from '../../../renderer/sync/engine';
import { JournalKeeper } from '../../../renderer/sync/journalKeeper';
import { EventJournal } from '../../../electron/journal';
import { StationMemory } from '../../../electron/stationMemory';
import { enrolmentCode, faulty, fetchAcross, fetchInto, type Faults } from './harness';
import type { Fetch } from '../../../renderer/sync/client';
import { moveToServerAddress } from '../../../renderer/sync/moveServer';
import type { FastifyInstance } from 'fastify';
import { backUp, restoreFrom, serverEachTest, STORE_KINDS } from './stores';
import type { Rma } from '../../../shared/rma';
import { importRmas } from '../../../renderer/db/rmaImport';
import { exceptionsForSupervisor, resolveException } from '../../../renderer/db/exceptions';
import { markRefusalDealtWith } from '../../../renderer/db/rejections';
import { upsertRmas } from '../../../server/store/rmas';
import { demoRmas } from '../../../cli/demoData';

const ADMIN = 'admin';
const csv = readFileSync(new URL('../../fixtures/rmas.csv', import.meta.url), 'utf8');
const BASE = 'http://sync.test';
let dbs = 0;

describe.each(STORE_KINDS)('a station syncing with the server on $name', (kind) => {
  const server = serverEachTest(kind, ADMIN);
  const open: StationDb[] = [];
  const folders: string[] = [];
  const offs: (() => void)[] = [];

  afterEach(() => {
    open.splice(0).forEach((db) => db.close());
    offs.splice(0).forEach((off) => off());
    folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  const admin = { authorization: `Bearer ${ADMIN}` };
  const serverImport = (text = csv) => server.app.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: text });
  const serverEvents = async () => server.store.db.selectFrom('events').select(['id', 'station_id', 'station_seq', 'status']).orderBy('server_seq').execute();

  /** A station that has been working offline under its own name, then is linked. */
  async function station(name: string, faults: Faults = {}, reach: Fetch = fetchInto(server.app, BASE), told: Pick<EngineDeps, 'onRequeued' | 'storage' | 'onAcknowledged' | 'fillFromJournal'> = {}) {
    const db = new StationDb(`engine-${++dbs}`, { indexedDB, IDBKeyRange });
    open.push(db);
    await writeMeta(db, 'station', { id: crypto.randomUUID().replace(/^(.{14})./, '$17'), name });
    await writeMeta(db, 'session', { user: { name: `${name} worker`, role: 'dock' }, signedInAt: '', shiftStartSeq: 0 });
    const fetch = faulty(reach, faults);
    let clock = new Date('2026-11-28T10:00:00Z');
    const engine = new SyncEngine({
      ...told,
      db,
      fetch,
      now: () => clock,
      random: () => 0.5,
      isOnline: () => !faults.down,
      recorder: async () => {
        const [s, session] = await Promise.all([readMeta(db, 'station'), readMeta(db, 'session')]);
        return s && session ? { stationId: s.id, actor: session.user } : null;
      },
    });
    const scan = async (text: string | null) => {
      const s = (await readMeta(db, 'station'))!;
      return recordDockVerdict(db, { label: text === null ? null : classifyLabel(text), tracking: null, by: { stationId: s.id, actor: { name: `${name} worker`, role: 'dock' } }, settings: DEFAULT_SETTINGS, now: clock });
    };
    const link = async () => {
      await enrolStation(db, BASE, await enrolmentCode(server.app, admin, name), fetch, clock);
    };
    return { db, engine, scan, link, fetch, faults, setClock: (d: Date) => (clock = d) };
  }

  /** A dock door and an inspection bench, linked: the door accepts a box for `rmaNumber`, and the bench has it queued. */
  async function boxAtBench(rmaNumber: string) {
    await serverImport();
    const door = await station('Door 1');
    const bench = await station('Bench 1');
    for (const s of [door, bench]) await s.link();
    await door.engine.syncNow();
    await door.scan(rmaNumber);
    await door.engine.syncNow();
    await bench.engine.syncNow();
    const [box] = await bench.db.packages.orderBy('queuedAt').toArray();
    const by = { stationId: (await readMeta(bench.db, 'station'))!.id, actor: { name: 'Ines', role: 'inspector' as const } };
    return { door, bench, box: box!, by };
  }

  it('a station taking in more than a page says how far it has come, then stops saying it', async () => {
    await upsertRmas(server.store, demoRmas({ count: 2_500, issuedUpTo: '2026-11-27' }), new Date('2026-11-28T09:00:00Z'));
    const s = await station('Door 9');
    await s.link();
    const shown: (number | null)[] = [];
    s.engine.subscribe((status) => shown.push(status.catchingUp));
    await s.engine.syncNow();
    await s.engine.refreshStatus();
    expect(await s.db.rmas.count()).toBe(2_500);
    // Pages of 1,000 of the server's 2,500 numbers: 40% after the first, 80% after the second.
    expect(shown.filter((p) => p !== null)).toEqual([40, 80]);
    expect(shown.at(-1)).toBeNull();

    // Up to date, the next sync takes in less than a page and says nothing of catching up.
    shown.length = 0;
    await s.engine.syncNow();
    await s.engine.refreshStatus();
    expect(shown.every((p) => p === null)).toBe(true);
  });

  /**
   * The server's disk, full. SQLite: held to the pages it has, and what room is left in them
   * taken up. PostgreSQL: its own error for a full disk (53100), raised by triggers as the
   * database server raises it. `makeRoom` undoes it.
   */
  async function fillDisk(): Promise<{ makeRoom: () => Promise<void> }> {
    const db = server.store.db;
    if (kind.name === 'sqlite') {
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
      await sql.raw(`pragma max_page_count = ${rows[0]!.page_count + 8}`).execute(db);
      await sql`create table filler (bytes blob)`.execute(db);
      await expect(async () => {
        for (;;) await sql`insert into filler values (zeroblob(512))`.execute(db);
      }).rejects.toMatchObject({ code: 'SQLITE_FULL' });
      return { makeRoom: async () => void (await sql`pragma max_page_count = 1073741823`.execute(db)) };
    }
    await sql`create function disk_is_full() returns trigger language plpgsql as $$ begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$`.execute(db);
    for (const table of ['events', 'rmas', 'changes']) {
      await sql.raw(`create trigger disk_is_full before insert on ${table} for each statement execute function disk_is_full()`).execute(db);
    }
    return {
      makeRoom: async () => {
        for (const table of ['events', 'rmas', 'changes']) await sql.raw(`drop trigger disk_is_full on ${table}`).execute(db);
      },
    };
  }

  it('a server whose disk is full keeps nothing it is sent and says so; once there is room, it takes every fact once', async () => {
    await serverImport();
    const s = await station('Door 1');
    await s.link();
    await s.engine.syncNow();
    // More than the room left in the pages the events table has (an empty one's first page).
    for (let i = 0; i < 20; i++) await s.scan('RMA10000024');
    const disk = await fillDisk();

    await s.engine.syncNow();
    const status = await s.engine.status();
    expect(status).toMatchObject({ pending: 20, log: { state: 'error' } });
    expect(status.log.lastError).toBe('The sync server’s disk is full, so it kept nothing this station sent. Whoever looks after the server must make room; everything recorded here is kept and sent again.');
    expect(await serverEvents()).toHaveLength(0);
    // Anyone else who sends (the rmadock commands, a script) is told the same, not "the server failed".
    const imported = await serverImport(csv.replace(/RMA10000024/g, 'RMA10000107'));
    expect(imported.statusCode).toBe(507);
    expect(imported.json()).toEqual({ error: 'out_of_room', message: "the sync server's disk is full, so nothing of this request was kept: whoever looks after the server must make room on it" });

    await disk.makeRoom();
    await s.engine.syncNow();
    expect(await s.engine.status()).toMatchObject({ pending: 0, log: { state: 'ok', lastError: null } });
    expect((await serverEvents()).map((e) => e.station_seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  // Only PostgreSQL has connections to end.
  if (kind.name === 'postgres') it('a server whose database ends the connection under a push (a restart) says so; the station keeps its facts and sends them once', async () => {
    await serverImport();
    const s = await station('Door 1');
    await s.link();
    await s.engine.syncNow();
    for (let i = 0; i < 3; i++) await s.scan('RMA10000024');

    // Another writer holds the counter row, so the push waits in its transaction; then PostgreSQL
    // ends the push's connection, as a restart or a failover does.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holder = 0;
    const holding = server.store.db.transaction().execute(async (trx) => {
      holder = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
      await trx.selectFrom('counter').select('value').where('id', '=', 1).forUpdate().execute();
      await released;
    });
    const cycle = s.engine.syncNow();
    const blocked = async () => (await sql<{ pid: number }>`select pid from pg_stat_activity where ${holder} = any(pg_blocking_pids(pid))`.execute(server.store.db)).rows;
    await expect.poll(async () => (holder ? (await blocked()).length : 0), { timeout: 10_000 }).toBe(1);
    await sql`select pg_terminate_backend(${(await blocked())[0]!.pid}::int)`.execute(server.store.db);
    await cycle;
    const status = await s.engine.status();
    expect(status).toMatchObject({ pending: 3, log: { state: 'error' } });
    expect(status.log.lastError).toBe('The sync server cannot reach its database just now (it may be restarting). It is tried again shortly; everything recorded here is kept and sent.');
    release();
    await holding;

    await s.engine.syncNow();
    expect(await s.engine.status()).toMatchObject({ pending: 0, log: { state: 'ok', lastError: null } });
    expect((await serverEvents()).map((e) => [e.station_seq, e.status])).toEqual([1, 2, 3].map((n) => [n, 'accepted']));
  });

  it('says its storage to the server each cycle, as its browser gives it; one whose browser will not say still syncs', async () => {
    const listed = async () => (await server.app.inject({ method: 'GET', url: '/api/v1/admin/stations', headers: admin })).json<{ name: string; storage: unknown }[]>();
    let said: { used: number; quota: number } | null = { used: 9.6e9, quota: 1e10 };
    const filling = await station('Bench 1', {}, fetchInto(server.app, BASE), { storage: () => Promise.resolve(said) });
    const silent = await station('Door 2', {}, fetchInto(server.app, BASE), { storage: () => Promise.reject(new Error('estimate is not supported')) });
    for (const s of [filling, silent]) {
      await s.link();
      await s.engine.syncNow();
      expect((await s.engine.status()).log.state).toBe('ok');
    }
    expect(Object.fromEntries((await listed()).map((x) => [x.name, x.storage]))).toEqual({ 'Bench 1': { used: 9.6e9, quota: 1e10 }, 'Door 2': null });
    said = null;
    filling.setClock(new Date('2026-11-28T10:05:00Z'));
    await filling.engine.syncNow();
    // Nothing said this time: what it last said stands.
    expect((await listed()).find((x) => x.name === 'Bench 1')!.storage).toEqual({ used: 9.6e9, quota: 1e10 });
  });

  it('sends a backlog of offline facts exactly once and empties the outbox', async () => {
    await serverImport();
    const s = await station('Door 1');
    const localId = (await readMeta(s.db, 'station'))!.id;
    for (let i = 0; i < 20; i++) await s.scan(i % 2 ? null : 'RMA10000024');
    await s.link();
    expect((await readMeta(s.db, 'station'))!.id).toBe(localId); // it keeps the id its facts carry
    await s.engine.syncNow();
    expect(await s.engine.status()).toMatchObject({ enrolled: true, pending: 0, log: { state: 'ok', lastError: null } });
    // The ten holds (never-synced station) were settled by the pulled RMAs: thirty facts in all.
    const stored = await serverEvents();
    expect(stored.map((e) => e.station_seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(stored.map((e) => e.id)).size).toBe(30);
  });

  it('a reply lost after the commit: the re-send is a duplicate, nothing is stored twice', async () => {
    await serverImport();
    const s = await station('Door 1');
    await s.link();
    await s.engine.syncNow(); // the RMAs are here: these are accepts, not holds
    for (let i = 0; i < 5; i++) await s.scan('RMA10000016');
    s.faults.loseReplyOnce = (url) => url.includes('/sync/push');
    await s.engine.syncNow();
    expect((await s.engine.status()).pending).toBe(5);
    expect((await s.engine.status()).log.state).toBe('offline');
    await s.engine.syncNow();
    expect((await s.engine.status()).pending).toBe(0);
    expect(await serverEvents()).toHaveLength(5);
  });

  it('duplicated requests and a server that is down lose nothing', async () => {
    await serverImport();
    const s = await station('Door 1', { duplicate: true });
    await s.link();
    for (let i = 0; i < 3; i++) await s.scan(null);
    s.faults.down = true;
    await s.engine.syncNow();
    expect(await s.engine.status()).toMatchObject({ pending: 3, log: { state: 'offline' } });
    s.faults.down = false;
    await s.engine.syncNow();
    expect((await s.engine.status()).pending).toBe(0);
    expect(await serverEvents()).toHaveLength(3);
  });

  it('old pushes delivered again, late and out of order, change nothing', async () => {
    const recorded: { input: string; init: RequestInit }[] = [];
    const s = await station('Door 1', { recorded, maxEvents: 10 });
    await s.link();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 7; i++) await s.scan(null);
      await s.engine.syncNow();
    }
    const before = await serverEvents();
    expect(before).toHaveLength(21);
    const direct = fetchInto(server.app, BASE);
    for (const { input, init } of [...recorded].reverse()) {
      const r = await direct(input, init);
      expect(r.status).toBe(200);
      expect(((await r.json()) as { results: { status: string }[] }).results.every((x) => x.status === 'duplicate')).toBe(true);
    }
    expect(await serverEvents()).toEqual(before);
  });

  it('halves the batch when the server says it is too large', async () => {
    const s = await station('Door 1', { maxEvents: 40 });
    await s.link();
    for (let i = 0; i < 150; i++) await s.scan(null);
    await s.engine.syncNow();
    expect((await s.engine.status()).pending).toBe(0);
    expect(await serverEvents()).toHaveLength(150);
  });

  /** A linked door whose own file import knew an RMA the server does not, and accepted a box for it. */
  async function doorAcceptingAnRmaTheServerLacks() {
    const s = await station('Door 1');
    await s.link();
    await s.db.rmas.put({ ...parseRmaExport(csv).rmas[0]!, receivedAt: '' });
    await writeMeta(s.db, 'rmaDataAt', new Date('2026-11-28T10:00:00Z').toISOString());
    await s.scan('RMA10000016');
    return s;
  }

  it('keeps the server’s refusals on record and does not send them again', async () => {
    const s = await doorAcceptingAnRmaTheServerLacks();
    await s.engine.syncNow();
    expect(await s.engine.status()).toMatchObject({ pending: 0, rejected: 1 });
    expect(await s.db.rejections.toArray()).toMatchObject([{ stationSeq: 1, reason: 'unknown_rma' }]);

    // A supervisor sees to it: it leaves the count, and stays seen to when the server refuses it
    // again (here: the server lost it, as after a restore, and the station sends it again).
    const stationId = (await readMeta(s.db, 'station'))!.id;
    const [refused] = await s.db.rejections.toArray();
    const dock = { stationId, actor: { name: 'Door 1 worker', role: 'dock' as const } };
    await expect(markRefusalDealtWith(s.db, refused!.eventId, dock, new Date())).rejects.toThrow('Only a supervisor sees to the facts the server refused; you are signed in as a dock worker.');
    await markRefusalDealtWith(s.db, refused!.eventId, { stationId, actor: { name: 'Ada', role: 'supervisor' } }, new Date('2026-11-28T12:00:00Z'));
    expect(await s.engine.status()).toMatchObject({ rejected: 0 });
    await server.store.db.deleteFrom('events').execute();
    await server.store.db.updateTable('stations').set({ last_ack: 0 }).where('id', '=', stationId).execute();
    await s.engine.syncNow();
    await s.engine.syncNow();
    expect((await serverEvents()).map((e) => e.status)).toEqual(['rejected']);
    expect(await s.db.rejections.toArray()).toEqual([{ eventId: refused!.eventId, stationSeq: 1, reason: 'unknown_rma', dealtWith: { by: 'Ada', at: '2026-11-28T12:00:00.000Z' } }]);
    expect(await s.engine.status()).toMatchObject({ pending: 0, rejected: 0 });
  });

  it('a refusal whose answer was lost is still put on record: the re-send hears it again', async () => {
    const s = await doorAcceptingAnRmaTheServerLacks();
    await s.scan(null);
    s.faults.loseReplyOnce = (url) => url.includes('/sync/push');
    await s.engine.syncNow();
    expect(await s.engine.status()).toMatchObject({ pending: 2, rejected: 0 });
    await s.engine.syncNow();
    expect(await s.engine.status()).toMatchObject({ pending: 0, rejected: 1 });
    expect(await s.db.rejections.toArray()).toMatchObject([{ stationSeq: 1, reason: 'unknown_rma' }]);
    expect((await serverEvents()).map((e) => e.status)).toEqual(['rejected', 'accepted']);
  });

  it('pulls RMAs, settles a hold, and counts other stations’ packages', async () => {
    const a = await station('Door 1');
    const b = await station('Door 2');
    await a.link();
    await b.link();
    const held = await a.scan('RMA10000024');
    expect(held.verdict.verdict).toBe('hold');
    await serverImport();
    await a.engine.syncNow();
    expect(await a.db.rmas.count()).toBe(6);
    expect(await a.db.packages.get(held.event!.payload.packageId)).toMatchObject({ verdict: 'accept' });
    expect(await a.db.events.count()).toBe(2);
    await a.engine.syncNow(); // the settlement goes up too
    await b.engine.syncNow();
    // Door 2 now knows Door 1 accepted a package for that RMA.
    expect((await b.scan('RMA10000024')).verdict.warnings).toContain('additional_package');
  });

  it('a package held at one door is listed at another, with where it was set aside and by whom', async () => {
    // RMA10000016 authorises one unit: a box is accepted at the door and its unit counted at the bench.
    const { door, bench, box, by } = await boxAtBench('RMA10000016');
    await logItem(bench.db, { packageId: box.id, sku: 'IP8M-2496EB', serial: 'AMC0A1B2C3D4E5' }, by, new Date());
    await bench.engine.syncNow();
    await door.engine.syncNow();
    // Another box for it at the door waits for a supervisor; the bench hears of it.
    const held = await door.scan('RMA10000016');
    expect(held.verdict).toMatchObject({ verdict: 'hold', reason: 'rma_already_received' });
    await door.engine.syncNow();
    await bench.engine.syncNow();
    for (const s of [bench, door]) expect(await heldPackages(s.db)).toMatchObject([{ id: held.event!.payload.packageId, heldAt: 'Door 1', heldBy: 'Door 1 worker' }]);
  });

  it('a hold for stale RMA data is settled by the station that held the box, never by one that only heard of it', async () => {
    const a = await station('Door 1');
    const b = await station('Door 2');
    for (const s of [a, b]) await s.link();
    // Door 1 has never pulled: its box is held. Its hold reaches the server, but the answer to its
    // pull is lost, so the hold is still open when Door 2 pulls the RMAs with it, and leaves it for Door 1.
    await serverImport();
    const held = await a.scan('RMA10000024');
    a.faults.loseReplyOnce = (url) => url.includes('/sync/pull');
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(await b.db.events.count()).toBe(0);
    expect(await heldPackages(b.db)).toMatchObject([{ id: held.event!.payload.packageId, heldAt: 'Door 1' }]);
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(await heldPackages(b.db)).toEqual([]);
    expect(await b.db.packages.get(held.event!.payload.packageId)).toMatchObject({ verdict: 'accept' });
    const accepts = await server.store.db.selectFrom('events').select('station_id').where('type', '=', 'package_accepted').execute();
    expect(accepts).toEqual([{ station_id: (await readMeta(a.db, 'station'))!.id }]);
  });

  it('a box held while the RMA data was a day old is decided at the next sync, even one that brings nothing new', async () => {
    await serverImport();
    const s = await station('Door 1');
    await s.link();
    await s.engine.syncNow();
    s.setClock(new Date('2026-11-29T11:00:00Z'));
    const held = await s.scan('RMA10000073');
    expect(held.verdict).toMatchObject({ verdict: 'hold', reason: 'unknown_rma_unverified' });
    await s.engine.syncNow();
    // The server does not know it either: the station's data is current, and the number unknown.
    expect(await s.db.packages.get(held.event!.payload.packageId)).toMatchObject({ verdict: 'refuse', reason: 'unknown_rma' });
    expect(await s.engine.status()).toMatchObject({ pending: 0 });
  });

  it('takes the name a supervisor gives the station on the server', async () => {
    const s = await station('Door 1');
    await s.link();
    const { id } = (await readMeta(s.db, 'station'))!;
    await server.app.inject({ method: 'PUT', url: `/api/v1/admin/stations/${id}`, headers: admin, payload: { name: 'Door 1 (north)' } });
    await s.engine.syncNow();
    expect(await readMeta(s.db, 'station')).toEqual({ id, name: 'Door 1 (north)' });
  });

  it('in the last weeks of the server’s HTTPS certificate, says on the station when it runs out; once renewed, no more', async () => {
    const pem = (name: string) => readFileSync(new URL(`../../fixtures/tls/${name}`, import.meta.url), 'utf8');
    let serverClock = new Date();
    const serving = (validTo: Date) => buildServer({ store: server.store, adminToken: ADMIN, now: () => serverClock, tls: { cert: pem('server-cert.pem'), key: pem('server-key.pem'), validTo } });
    let app = serving(new Date('2126-11-06T03:55:12Z'));
    const s = await station('Door 1', {}, (input, init) => fetchInto(app, BASE)(input, init));
    await s.link();
    await s.engine.syncNow();
    expect((await s.engine.status()).serverCertificateRunsOutOn).toBeNull();

    serverClock = new Date('2126-10-20T00:00:00Z');
    await s.engine.syncNow();
    expect(await s.engine.status()).toMatchObject({ serverCertificateRunsOutOn: '2126-11-06', log: { state: 'ok' } });

    await app.close();
    app = serving(new Date('2127-11-06T00:00:00Z'));
    await s.engine.syncNow();
    expect((await s.engine.status()).serverCertificateRunsOutOn).toBeNull();
    await app.close();
  });

  it('pulls the catalog and the users, newest version kept', async () => {
    const s = await station('Door 1');
    await s.link();
    const put = (entry: object, baseVersion: number | null) => server.app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/PS12V2A', headers: admin, payload: { entry, baseVersion } });
    const v1 = (await put({ sku: 'PS12V2A', description: 'Power supply', kind: 'accessory' }, null)).json<{ version: number }>().version;
    await s.engine.syncNow();
    await put({ sku: 'PS12V2A', description: '12 V 2 A power supply', kind: 'accessory' }, v1);
    await server.app.inject({ method: 'PUT', url: '/api/v1/admin/users/sam', headers: admin, payload: { user: { id: 'sam', name: 'Sam Ortiz', role: 'inspector' }, baseVersion: null } });
    await s.engine.syncNow();
    expect(await s.db.catalog.get('PS12V2A')).toMatchObject({ description: '12 V 2 A power supply', barcodes: [] });
    expect(await s.db.users.toArray()).toMatchObject([{ id: 'sam', role: 'inspector' }]);

    // Removed on the server: gone from the station at its next sync; the other entry stays.
    const other = { entry: { sku: 'IP8M-2496EB', description: 'Bullet camera', kind: 'product', warrantyMonths: 12 }, baseVersion: null };
    expect((await server.app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/IP8M-2496EB', headers: admin, payload: other })).statusCode).toBe(200);
    const current = (await server.app.inject({ method: 'GET', url: '/api/v1/admin/catalog', headers: admin })).json<{ value: { sku: string }; version: number }[]>();
    const version = current.find((c) => c.value.sku === 'PS12V2A')!.version;
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/admin/catalog/PS12V2A?baseVersion=${version}`, headers: admin })).statusCode).toBe(200);
    await s.engine.syncNow();
    expect((await s.db.catalog.toArray()).map((c) => c.sku)).toEqual(['IP8M-2496EB']);

    // Made, changed, removed and made anew between two syncs: one page, taken in order.
    const saved = async (entry: object, baseVersion: number | null) => (await put(entry, baseVersion)).json<{ version: number }>().version;
    const first = await saved({ sku: 'PS12V2A', description: 'PSU', kind: 'accessory' }, null);
    const second = await saved({ sku: 'PS12V2A', description: 'PSU, 2 A', kind: 'accessory' }, first);
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/admin/catalog/PS12V2A?baseVersion=${second}`, headers: admin })).statusCode).toBe(200);
    await saved({ sku: 'PS12V2A', description: '12 V 2 A power supply, again', kind: 'accessory', barcodes: ['693927800121'] }, null);
    const dropped = (await server.app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/MB-WALL-2', headers: admin, payload: { entry: { sku: 'MB-WALL-2', description: 'Bracket', kind: 'accessory' }, baseVersion: null } })).json<{ version: number }>();
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/admin/catalog/MB-WALL-2?baseVersion=${dropped.version}`, headers: admin })).statusCode).toBe(200);
    await s.engine.syncNow();
    expect(await s.db.catalog.orderBy('sku').toArray()).toMatchObject([{ sku: 'IP8M-2496EB' }, { sku: 'PS12V2A', description: '12 V 2 A power supply, again', barcodes: ['693927800121'] }]);
    expect(await s.db.catalog.where('barcodes').equals('693927800121').primaryKeys()).toEqual(['PS12V2A']);
  });

  it('two stations offline on the same RMA: both facts kept, the exception raised and pulled', async () => {
    await serverImport();
    const a = await station('Door 1');
    const b = await station('Door 2');
    await a.link();
    await b.link();
    await a.engine.syncNow();
    await b.engine.syncNow();
    // Clocks a year apart: nothing is ordered or decided by them.
    a.setClock(new Date('2027-11-28T10:00:00Z'));
    b.setClock(new Date('2025-11-28T10:00:00Z'));
    await a.scan('RMA10000016');
    await b.scan('RMA10000016');
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect((await serverEvents()).map((e) => e.status)).toEqual(['accepted', 'accepted']);
    expect(await a.db.exceptions.toArray()).toMatchObject([{ kind: 'more_packages_than_authorised', rmaNumber: 'RMA10000016' }]);
    expect((await a.db.rmaProgress.get('RMA10000016'))?.accepted).toBe(2);
  });

  /**
   * Two dock doors, linked and synced, each accept a box for RMA10000016 (one unit authorised):
   * the server raises an exception, and door A pulls it. `beforeBoxes` runs before the scans.
   */
  async function twoBoxesForOneUnit(beforeBoxes: () => Promise<void> = async () => {}) {
    await serverImport();
    const a = await station('Door 1');
    const b = await station('Door 2');
    for (const s of [a, b]) await s.link();
    for (const s of [a, b]) await s.engine.syncNow();
    await beforeBoxes();
    await a.scan('RMA10000016');
    await b.scan('RMA10000016');
    for (const s of [a, b, a]) await s.engine.syncNow();
    const [raised] = await a.db.exceptions.toArray();
    return { a, b, raised };
  }

  it('a supervisor resolves an exception offline at one station; once synced, every station shows it resolved', async () => {
    const { a, b, raised } = await twoBoxesForOneUnit();
    expect(raised).toMatchObject({ kind: 'more_packages_than_authorised', resolution: null });
    // The box that raised it, as a supervisor at Door 1 reads it: Door 2's fact, pulled with its station's name.
    expect((await exceptionsForSupervisor(a.db)).open).toMatchObject([{ id: raised!.id, raisedBy: { station: 'Door 2', fact: { actor: { name: 'Door 2 worker' } } } }]);
    expect((await a.engine.status()).exceptionsOpen).toBe(1);

    const supervisor = { stationId: (await readMeta(a.db, 'station'))!.id, actor: { name: 'Ada', role: 'supervisor' as const } };
    const dock = { ...supervisor, actor: { name: 'Door 1 worker', role: 'dock' as const } };
    await expect(resolveException(a.db, { exceptionId: raised!.id, note: 'Second box refused by phone with the customer.' }, dock, new Date())).rejects.toThrow(
      'Only supervisors may record how an exception was resolved; you are signed in as a dock worker.',
    );
    await expect(resolveException(a.db, { exceptionId: raised!.id, note: ' ok ' }, supervisor, new Date())).rejects.toThrow('Say in at least 10 characters what was done about it');
    a.faults.down = true;
    await resolveException(a.db, { exceptionId: raised!.id, note: 'Second box was a duplicate; sent back.' }, supervisor, new Date());
    expect((await exceptionsForSupervisor(a.db)).open).toEqual([]);
    expect((await a.engine.status()).exceptionsOpen).toBe(0);
    await expect(resolveException(a.db, { exceptionId: raised!.id, note: 'Resolving it a second time.' }, supervisor, new Date())).rejects.toThrow('Ada resolved this one already');

    // Offline, the station pulls nothing; after a re-pull from 0 (the server restored), the
    // exception comes back as raised, and the resolution recorded here and not yet sent stays.
    await writeMeta(a.db, 'pullCursor', 0);
    a.faults.down = false;
    await a.engine.syncNow();
    await b.engine.syncNow();
    for (const s of [a, b]) {
      expect((await exceptionsForSupervisor(s.db)).resolved).toMatchObject([{ id: raised!.id, resolution: { by: 'Ada', note: 'Second box was a duplicate; sent back.' } }]);
      expect((await exceptionsForSupervisor(s.db)).open).toEqual([]);
    }
    const resolutions = await server.store.db.selectFrom('events').select(['station_seq', 'status']).where('type', '=', 'exception_resolved').execute();
    expect(resolutions).toEqual([{ station_seq: 2, status: 'accepted' }]);
  });

  it('a resolution lost with the server’s backup comes back with it: once the facts are sent again, every station shows the exception resolved', async () => {
    let backup: Awaited<ReturnType<typeof backUp>> | null = null;
    const { a, b, raised } = await twoBoxesForOneUnit(async () => {
      backup = await backUp(server.store);
    });
    const supervisor = { stationId: (await readMeta(a.db, 'station'))!.id, actor: { name: 'Ada', role: 'supervisor' as const } };
    await resolveException(a.db, { exceptionId: raised!.id, note: 'Second box was a duplicate; sent back.' }, supervisor, new Date());
    for (const s of [a, b]) await s.engine.syncNow();

    // Restored from before both boxes. The supervisor's station sends its facts again first, the
    // resolution with them; the other station's box raises the exception again, and it stands resolved.
    await restoreFrom(server.store, backup!);
    for (const s of [a, b, a, b]) await s.engine.syncNow();
    for (const s of [a, b]) {
      const { open, resolved } = await exceptionsForSupervisor(s.db);
      expect(open).toEqual([]);
      expect(resolved).toMatchObject([{ id: raised!.id, resolution: { by: 'Ada', note: 'Second box was a duplicate; sent back.' } }]);
      expect(await s.db.rejections.count()).toBe(0);
      expect((await s.engine.status()).exceptionsOpen).toBe(0);
    }
  });

  it('a box accepted at the dock is inspected at another station; the same serial counted at a third raises an exception', async () => {
    await serverImport();
    const door = await station('Door 1');
    const bench = await station('Bench 1');
    const bench2 = await station('Bench 2');
    for (const s of [door, bench, bench2]) await s.link();
    await door.engine.syncNow();
    await door.scan('RMA10000024');
    await door.engine.syncNow();
    for (const s of [bench, bench2]) await s.engine.syncNow();

    // The box waits in the inspection station's queue, and is counted and decided there.
    const [box] = await bench.db.packages.orderBy('queuedAt').toArray();
    expect(box).toMatchObject({ rmaNumber: 'RMA10000024', verdict: 'accept' });
    const ines = async (s: typeof bench) => ({ stationId: (await readMeta(s.db, 'station'))!.id, actor: { name: 'Ines', role: 'inspector' as const } });
    const unit = await logItem(bench.db, { packageId: box!.id, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, await ines(bench), new Date('2026-11-28T11:00:00Z'));
    await recordFinding(bench.db, { unitId: unit.unitId, finding: { result: 'defective', misuse: [] }, note: '', photos: [], inStock: true }, await ines(bench), new Date(), usFederalCalendar);
    await bench.engine.syncNow();
    expect((await server.store.db.selectFrom('events').select(['type', 'status']).orderBy('server_seq').execute()).map((e) => `${e.type} ${e.status}`)).toEqual([
      'package_accepted accepted',
      'item_logged accepted',
      'item_inspected accepted',
      'disposition_decided accepted',
    ]);

    // The dock station sees the unit and its decision; its count of units logged moves too.
    await door.engine.syncNow();
    expect(await door.db.units.get(unit.unitId)).toMatchObject({ match: 'matched', decision: { decision: { outcome: 'replace' } } });
    expect((await door.db.rmaProgress.get('RMA10000024'))?.unitsLogged).toBe(1);

    // A second bench counts the same unit out of the same box: both facts kept, the exception raised.
    const [box2] = await bench2.db.packages.orderBy('queuedAt').toArray();
    await logItem(bench2.db, { packageId: box2!.id, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, await ines(bench2), new Date());
    await bench2.engine.syncNow();
    await bench.engine.syncNow();
    expect(await bench.db.exceptions.toArray()).toMatchObject([{ kind: 'serial_counted_twice', rmaNumber: 'RMA10000024', details: { serial: 'AMC9Z8Y7X6W5V4' } }]);
    expect((await serverEvents()).every((e) => e.status === 'accepted')).toBe(true);
  });

  it('an inspection\'s photos reach the server after its fact, once each, and wait while offline; one it will not keep stays with the reason', async () => {
    const { door, bench, box, by } = await boxAtBench('RMA10000024');
    const unit = await logItem(bench.db, { packageId: box.id, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, by, new Date());
    const picture = (size: number, fill: number) => new Blob([new Uint8Array(size).fill(fill)], { type: 'image/jpeg' });
    const photos = [1, 2, 3].map((n) => ({ type: 'image/jpeg' as const, blob: picture(1000 * n, n), thumbnail: picture(100, n) }));

    bench.faults.down = true;
    await recordFinding(bench.db, { unitId: unit.unitId, finding: { result: 'misuse', misuse: ['accident'] }, note: 'dropped', photos, inStock: true }, by, new Date(), usFederalCalendar);
    await bench.engine.syncNow();
    expect((await bench.engine.status()).photosPending).toBe(3);
    const ids = (await bench.db.photos.orderBy('id').toArray()).map((p) => p.id);

    // The third photo's file changed on the station after its fact named it: the server will not take it as that photo.
    await bench.db.photos.update(ids[2]!, { blob: picture(2500, 9) });
    bench.faults.down = false;
    // The first upload's answer is lost after the server kept it: the next cycle sends it again.
    bench.faults.loseReplyOnce = (url) => url.includes('/api/v1/photos/');
    await bench.engine.syncNow();
    await bench.engine.syncNow();

    const kept = await server.store.db.selectFrom('photos').select(['id', 'bytes', 'body', 'event_id']).orderBy('id').execute();
    expect(kept.map((p) => [p.id, Number(p.bytes)])).toEqual([
      [ids[0], 1000],
      [ids[1], 2000],
    ]);
    expect(Buffer.from(kept[1]!.body).equals(Buffer.alloc(2000, 2))).toBe(true);
    const inspection = await server.store.db.selectFrom('events').select('id').where('type', '=', 'item_inspected').executeTakeFirstOrThrow();
    expect(kept.every((p) => p.event_id === inspection.id)).toBe(true);
    expect(await bench.db.photoOutbox.toArray()).toEqual([expect.objectContaining({ photoId: ids[2], refused: expect.stringMatching(/names a image\/jpeg of 3000 bytes; this is a image\/jpeg of 2500/) })]);
    expect((await bench.engine.status()).photosPending).toBe(0);
    expect(await bench.db.photos.count()).toBe(3);

    // The dock's station, say a supervisor's, can look at the evidence.
    const doorLink = (await readMeta(door.db, 'sync'))!;
    const seen = await server.app.inject({ method: 'GET', url: `/api/v1/photos/${ids[0]}`, headers: { authorization: `Bearer ${doorLink.token}` } });
    expect(seen.rawPayload.equals(Buffer.alloc(1000, 1))).toBe(true);

    // The server loses the finding and its photos (restored from a backup): they go up again with it.
    const benchId = (await readMeta(bench.db, 'station'))!.id;
    const { stationSeq } = (await bench.db.events.get(inspection.id))!;
    await server.store.db.deleteFrom('photos').execute();
    await server.store.db.deleteFrom('events').where('station_id', '=', benchId).where('station_seq', '>=', stationSeq).execute();
    await server.store.db.updateTable('stations').set({ last_ack: stationSeq - 1 }).where('id', '=', benchId).execute();
    await bench.engine.syncNow();
    await bench.engine.syncNow();
    const again = await server.store.db.selectFrom('photos').select(['id', 'event_id']).orderBy('id').execute();
    expect(again).toEqual([ids[0], ids[1]].map((id) => ({ id, event_id: inspection.id })));
    expect(await bench.db.photoOutbox.toArray()).toEqual([expect.objectContaining({ photoId: ids[2], refused: expect.any(String) })]);
  });

  it('an RMA whose every unit is final and shipped closes on the server, and the dock then refuses it', async () => {
    const { door, bench, box, by } = await boxAtBench('RMA10000065');
    const unit = await logItem(bench.db, { packageId: box.id, sku: 'IP5M-T1179EW', serial: 'AMCTURRET00077' }, by, new Date('2026-11-28T11:00:00Z'));
    await recordFinding(bench.db, { unitId: unit.unitId, finding: { result: 'defective', misuse: [] }, note: '', photos: [], inStock: true }, by, new Date(), usFederalCalendar);
    const slipId = await recordSlipOutput(bench.db, { slipId: null, rmaNumber: 'RMA10000065', kind: 'replacement', unitIds: [unit.unitId], pageSize: 'letter', output: 'download' }, by, new Date());
    await bench.engine.syncNow();
    const lifecycle = () => server.store.db.selectFrom('rma_state').select('lifecycle').where('number', '=', 'RMA10000065').executeTakeFirst();
    expect(await lifecycle()).toEqual({ lifecycle: 'receiving' });

    await recordShipment(bench.db, slipId, { value: '1Z5R89390357567127', carrier: 'ups' }, by, new Date());
    await bench.engine.syncNow();
    expect(await lifecycle()).toEqual({ lifecycle: 'closed' });
    await door.engine.syncNow();
    expect((await door.db.rmas.get('RMA10000065'))?.status).toBe('closed');
    expect((await door.scan('RMA10000065')).verdict).toMatchObject({ verdict: 'refuse', reason: 'rma_closed' });
  });

  it('a wiped station enrolled again continues after its last acknowledged fact', async () => {
    const s = await station('Door 1');
    await s.link();
    for (let i = 0; i < 4; i++) await s.scan(null);
    await s.engine.syncNow();
    const stationId = (await readMeta(s.db, 'station'))!.id;

    const wiped = await station('Door 1 (new disk)');
    const code = (await server.app.inject({ method: 'POST', url: `/api/v1/admin/stations/${stationId}/enrol-code`, headers: admin })).json<{ enrolCode: string }>().enrolCode;
    await enrolStation(wiped.db, BASE, code, fetchInto(server.app, BASE), new Date());
    expect(await readMeta(wiped.db, 'station')).toMatchObject({ id: stationId });
    expect(await readMeta(wiped.db, 'seq')).toBe(4);
    await wiped.scan(null);
    await wiped.engine.syncNow();
    expect((await serverEvents()).map((e) => e.station_seq)).toEqual([1, 2, 3, 4, 5]);
  });

  /**
   * A linked door's day beside the desktop app's journal: three accepts sent and acknowledged,
   * then two refusals that never reach the server. `cut`: the journal let go of the three
   * acknowledged, as it does once it is cut. Then its database is lost: a new, empty one.
   */
  async function journalledDayThenWiped(cut: boolean) {
    await serverImport();
    const s = await station('Door 1');
    await s.link();
    await s.engine.syncNow();
    const journal: StationEvent[] = [];
    const { onFactRecorded } = await import('../../../renderer/db/facts');
    const off = onFactRecorded((e) => journal.push(e));
    for (let i = 0; i < 3; i++) await s.scan('RMA10000024');
    await s.engine.syncNow();
    if (cut) journal.splice(0);
    for (let i = 0; i < 2; i++) await s.scan(null);
    off();
    const stationId = (await readMeta(s.db, 'station'))!.id;
    const wiped = new StationDb(`wiped-${++dbs}`, { indexedDB, IDBKeyRange });
    open.push(wiped);
    /** Linked again under its own identity, with a new code, and synced. */
    const relinked = async () => {
      const code = (await server.app.inject({ method: 'POST', url: `/api/v1/admin/stations/${stationId}/enrol-code`, headers: admin })).json<{ enrolCode: string }>().enrolCode;
      await enrolStation(wiped, BASE, code, fetchInto(server.app, BASE), new Date());
      const engine = new SyncEngine({ db: wiped, fetch: fetchInto(server.app, BASE), now: () => new Date(), random: () => 0.5, isOnline: () => true, recorder: () => Promise.resolve(null) });
      await engine.syncNow();
      return engine;
    };
    return { journal, wiped, relinked };
  }

  it('a wiped database is restored from the journal, re-sent, and its acknowledged history pulled back', async () => {
    const { restoreFromJournal } = await import('../../../renderer/db/restore');
    const { journal, wiped, relinked } = await journalledDayThenWiped(true);
    expect(await restoreFromJournal(wiped, journal)).toBe(2);
    expect(await restoreFromJournal(wiped, journal)).toBe(0);
    expect(await readMeta(wiped, 'seq')).toBe(5);
    const engine = await relinked();
    expect((await engine.status()).pending).toBe(0);
    expect((await serverEvents()).map((e) => e.station_seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await wiped.events.orderBy('stationSeq').toArray()).map((e) => e.stationSeq)).toEqual([1, 2, 3, 4, 5]);
    expect((await wiped.rmaProgress.get('RMA10000024'))?.accepted).toBe(3);
  });

  it('a journal not yet cut holds acknowledged facts too: put back into a wiped database, they are answered as duplicates and counted once', async () => {
    const { restoreFromJournal } = await import('../../../renderer/db/restore');
    const { journal, wiped, relinked } = await journalledDayThenWiped(false);
    expect(await restoreFromJournal(wiped, journal)).toBe(5);
    const engine = await relinked();
    expect(await engine.status()).toMatchObject({ pending: 0, rejected: 0 });
    expect((await serverEvents()).map((e) => e.station_seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await wiped.events.orderBy('stationSeq').toArray()).map((e) => e.stationSeq)).toEqual([1, 2, 3, 4, 5]);
    expect((await wiped.rmaProgress.get('RMA10000024'))?.accepted).toBe(3);
  });

  /**
   * The desktop app's door, its journal and its identity kept by the main process's own code in a
   * folder of its own; three facts sent and acknowledged. `lose` then takes its database, and
   * returns the new one, opened as the app opens it, with an engine.
   */
  async function desktopDoor() {
    await serverImport();
    const dir = mkdtempSync(join(tmpdir(), 'rd-desktop-'));
    folders.push(dir);
    const journalAt = join(dir, 'journal', 'unacknowledged.ndjson');
    const events = new EventJournal(journalAt);
    const journal = { append: async (e: StationEvent[]) => void (await events.append(e)), acknowledge: async (n: number) => void (await events.acknowledge(n)), read: () => events.read() };
    const memory = new StationMemory(join(dir, 'journal', 'station.json'));
    const keep = (db: StationDb) => new JournalKeeper(journal, db, memory);
    let keeper: JournalKeeper | null = null;
    // What the app leaves running after a fact or an acknowledgement, awaited before files are looked at.
    const inFlight: Promise<void>[] = [];
    const settled = async () => void (await Promise.all(inFlight.splice(0)));
    const acknowledged = (ack: number) => void inFlight.push(keeper!.acknowledged(ack));
    const s = await station('Door 1', {}, fetchInto(server.app, BASE), { onAcknowledged: acknowledged });
    keeper = keep(s.db);
    await keeper.open();
    await s.link();
    await keeper.remember((await readMeta(s.db, 'station')) ?? null, (await readMeta(s.db, 'sync')) ?? null);
    await s.engine.syncNow();
    const { onFactRecorded } = await import('../../../renderer/db/facts');
    offs.push(onFactRecorded((e) => void inFlight.push(keeper!.recorded(e))));
    for (let i = 0; i < 3; i++) await s.scan('RMA10000024');
    await s.engine.syncNow();
    expect(await readMeta(s.db, 'seq')).toBe(3);
    await settled();
    const lose = async () => {
      const db = new StationDb(`lost-${++dbs}`, { indexedDB, IDBKeyRange });
      open.push(db);
      keeper = keep(db);
      await keeper.open();
      const engine = new SyncEngine({ db, fetch: fetchInto(server.app, BASE), now: () => new Date(), random: () => 0.5, isOnline: () => true, recorder: () => Promise.resolve(null), onAcknowledged: acknowledged });
      const scan = async () => {
        await recordDockVerdict(db, { label: null, tracking: null, by: { stationId: (await readMeta(db, 'station'))!.id, actor: { name: 'Door 1 worker', role: 'dock' } }, settings: DEFAULT_SETTINGS, now: new Date() });
        return (await db.events.orderBy('stationSeq').last())!;
      };
      return { db, engine, scan };
    };
    return { lose, journalAt, settled, stationId: (await readMeta(s.db, 'station'))!.id };
  }

  it('a desktop station whose database is lost comes back as itself, linked, and numbers on after its last fact', async () => {
    const { lose, settled, stationId } = await desktopDoor();
    const back = await lose();
    expect(await readMeta(back.db, 'station')).toEqual({ id: stationId, name: 'Door 1' });
    expect((await back.scan()).stationSeq).toBe(4);
    await back.engine.syncNow();
    expect(await back.engine.status()).toMatchObject({ pending: 0, rejected: 0, log: { state: 'ok', lastError: null } });
    expect((await serverEvents()).map((e) => [e.station_id, e.station_seq, e.status])).toEqual([1, 2, 3, 4].map((n) => [stationId, n, 'accepted']));
    // Its own facts come back with the pull.
    expect((await back.db.rmaProgress.get('RMA10000024'))?.accepted).toBe(3);
    await settled();
  });

  it('lost with its journal too, it numbers on after what the server holds; a fact numbered before it heard is refused, and stays listed', async () => {
    const { lose, journalAt, settled, stationId } = await desktopDoor();
    rmSync(journalAt);
    const back = await lose();
    expect(await readMeta(back.db, 'station')).toEqual({ id: stationId, name: 'Door 1' });
    // Recorded before the station heard from its server: numbered 1 again.
    const early = await back.scan();
    expect(early.stationSeq).toBe(1);
    await back.engine.syncNow();
    expect((await back.scan()).stationSeq).toBe(4);
    await back.engine.syncNow();
    expect(await back.engine.status()).toMatchObject({ pending: 0, rejected: 1 });
    expect(await back.db.rejections.get(early.id)).toMatchObject({ stationSeq: 1, reason: 'station_seq_taken' });
    expect((await serverEvents()).map((e) => e.station_seq)).toEqual([1, 2, 3, 4]);
    await settled();
  });

  it('a gap it cannot fill is reported, never renumbered', async () => {
    const s = await station('Door 1');
    await s.link();
    for (let i = 0; i < 3; i++) await s.scan(null);
    // Fact 1 lost from the outbox and from the station's record (a damaged database): the server
    // expects it first, and only the journal has it.
    const first = (await s.db.events.where('stationSeq').equals(1).first())!;
    await s.db.transaction('rw', s.db.outbox, s.db.events, async () => {
      await s.db.outbox.delete(1);
      await s.db.events.delete(first.id);
    });
    await s.engine.syncNow();
    const status = await s.engine.status();
    expect(status.pending).toBe(2);
    expect(status.log.lastError).toBe('sync stopped: the server expects fact 1 from this station, which is not in its outbox nor its record (a browser keeps no journal): call a supervisor; later facts wait, and nothing is renumbered');
    expect(await serverEvents()).toHaveLength(0);
  });

  it('in the desktop app, a gap the journal can fill is filled from it: the lost fact is put back and sent, unchanged', async () => {
    const journal = new Map<number, StationEvent>();
    let keeper: JournalKeeper | null = null;
    const s = await station('Door 1', {}, fetchInto(server.app, BASE), { fillFromJournal: () => keeper!.fillDatabase() });
    keeper = new JournalKeeper({ read: () => Promise.resolve([...journal.values()]), append: (events) => Promise.resolve(void events.forEach((e) => journal.set(e.stationSeq, e))), acknowledge: () => Promise.resolve() }, s.db);
    await s.link();
    for (let i = 0; i < 3; i++) await keeper.recorded((await s.scan(null), (await s.db.events.orderBy('stationSeq').last())!));
    const first = (await s.db.events.where('stationSeq').equals(1).first())!;
    await s.db.transaction('rw', s.db.outbox, s.db.events, async () => {
      await s.db.outbox.delete(1);
      await s.db.events.delete(first.id);
    });
    await s.engine.syncNow();
    expect(await s.engine.status()).toMatchObject({ pending: 0, log: { state: 'ok', lastError: null } });
    expect((await serverEvents()).map((e) => [e.station_seq, e.id])).toEqual([1, 2, 3].map((n) => [n, journal.get(n)!.id]));

    // Not in the journal either: the alarm says where it looked.
    journal.clear();
    const lost = (await s.db.events.where('stationSeq').equals(3).first())!;
    await s.scan(null);
    await s.db.events.delete(lost.id);
    await server.store.db.deleteFrom('events').where('station_seq', '=', 3).execute();
    await server.store.db.updateTable('stations').set({ last_ack: 2 }).execute();
    await s.engine.syncNow();
    expect((await s.engine.status()).log.lastError).toBe('sync stopped: the server expects fact 3 from this station, which is not in its outbox, its record nor the desktop app’s journal: call a supervisor; later facts wait, and nothing is renumbered');
  });

  it('a server restored from a backup gets back the facts it lost: the station sends them again, unchanged', async () => {
    const requeued: number[][] = [];
    const s = await station('Door 1', {}, fetchInto(server.app, BASE), { onRequeued: (seqs) => requeued.push(seqs) });
    await s.link();
    for (let i = 0; i < 5; i++) await s.scan(null);
    await s.engine.syncNow();
    const before = await serverEvents();
    expect(before.map((e) => e.station_seq)).toEqual([1, 2, 3, 4, 5]);

    // The server goes back to a backup taken after fact 2; the station's outbox is empty.
    const restore = async (lastAck: number) => {
      await server.store.db.deleteFrom('events').where('station_seq', '>', lastAck).execute();
      await server.store.db.updateTable('stations').set({ last_ack: lastAck }).execute();
    };
    await restore(2);
    expect((await s.engine.status()).pending).toBe(0);
    await s.engine.syncNow();
    expect(await s.engine.status()).toMatchObject({ pending: 0, log: { state: 'ok', lastError: null } });
    const after = await serverEvents();
    expect(after.map((e) => [e.id, e.station_seq])).toEqual(before.map((e) => [e.id, e.station_seq]));
    // The desktop app's journal, cut past them, is told to take them again.
    expect(requeued).toEqual([[3, 4, 5]]);

    // Lost again, with a new fact waiting: the lost ones go first, then the new one.
    await s.scan(null);
    await restore(4);
    await s.engine.syncNow();
    expect((await serverEvents()).map((e) => e.station_seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await s.engine.status()).pending).toBe(0);
    expect(requeued).toEqual([[3, 4, 5], [5]]);
  });
  it('a server restored from a backup: a station that pulled past it pulls everything again, then holds what the server holds', async () => {
    const rmaOnServer = async (n: string) => (await server.app.inject({ method: 'GET', url: `/api/v1/admin/rmas/${n}`, headers: admin })).json<{ rma: Rma; version: number }>();
    const saveRma = async (n: string, change: Partial<Rma>) => {
      const { rma, version } = await rmaOnServer(n);
      expect((await server.app.inject({ method: 'PUT', url: `/api/v1/admin/rmas/${n}`, headers: admin, payload: { rma: { ...rma, ...change }, baseVersion: version } })).statusCode).toBe(200);
    };
    await serverImport();
    const door = await station('Door 1');
    const bench = await station('Bench 1');
    for (const s of [door, bench]) await s.link();
    for (const s of [door, bench]) await s.engine.syncNow();
    // An RMA the bench was given on a file: it never came from this server.
    const fromFile = { ...parseRmaExport(csv).rmas[0]!, number: 'RMA10000099' };
    await importRmas(bench.db, [fromFile], new Date('2026-11-28T10:00:00Z'));
    const backup = await backUp(server.store);

    // After the backup: RMA10000016 cancelled, a catalog entry made, a box accepted at the door. The bench pulls it all.
    await saveRma('RMA10000016', { status: 'cancelled' });
    await server.app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/PS12V2A', headers: admin, payload: { entry: { sku: 'PS12V2A', description: 'Power supply', kind: 'accessory' }, baseVersion: null } });
    const box = await door.scan('RMA10000024');
    await door.engine.syncNow();
    await bench.engine.syncNow();
    expect(await bench.db.rmas.get('RMA10000016')).toMatchObject({ status: 'cancelled' });
    expect(await bench.db.catalog.count()).toBe(1);
    expect((await bench.db.remoteEvents.toArray()).map((e) => e.id)).toEqual([box.event!.id]);
    const cursor = (await readMeta(bench.db, 'pullCursor'))!;

    // Restored. New writes take the lost numbers and pass the bench's cursor: the RMAs imported
    // again (RMA10000016 open again), then RMA10000032 reopened.
    await restoreFrom(server.store, backup);
    await serverImport();
    await saveRma('RMA10000032', { status: 'open' });
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/health' })).json<{ serverSeq: number }>().serverSeq).toBeGreaterThan(cursor);
    await door.engine.syncNow(); // sends its lost fact again
    // The bench is cut off as it starts pulling again; the next cycle goes on with it.
    bench.faults.loseReplyOnce = (url) => url.includes('/sync/pull?after=0&');
    await bench.engine.syncNow();
    expect((await bench.engine.status()).log.state).toBe('offline');
    expect(await readMeta(bench.db, 'repullPending')).toBe(true);
    expect(await bench.db.catalog.count()).toBe(1);
    await bench.engine.syncNow();

    for (const s of [bench, door]) {
      const onServer = await Promise.all(parseRmaExport(csv).rmas.map(async (r) => [r.number, (await rmaOnServer(r.number)).version] as const));
      const here = await s.db.rmas.toArray();
      expect(here.filter((r) => r.version !== undefined).map((r) => [r.number, r.version])).toEqual(onServer);
      expect(await s.db.rmas.get('RMA10000016')).toMatchObject({ status: 'open' });
      expect(await s.db.rmas.get('RMA10000032')).toMatchObject({ status: 'open' });
      expect(await s.db.catalog.count()).toBe(0); // made after the backup: the server has it no more
      expect((await s.engine.status()).serverRestore).toMatchObject({ repullDone: true });
      expect((await s.engine.status()).log).toMatchObject({ state: 'ok', lastError: null });
    }
    expect(await bench.db.rmas.get('RMA10000099')).toMatchObject({ number: 'RMA10000099' });
    expect((await bench.db.remoteEvents.toArray()).map((e) => e.id)).toEqual([box.event!.id]);
    expect((await door.db.events.toArray()).map((e) => e.id)).toEqual([box.event!.id]);
    expect((await serverEvents()).map((e) => e.id)).toEqual([box.event!.id]);
  });
  it('the server moved to another address: the station syncs there with its link as it was; another server needs a code from it, and is then sent everything', async () => {
    await serverImport();
    const MOVED = 'http://sync-moved.test';
    const OTHER = 'http://other-sync.test';
    const other = await kind.fresh();
    const otherApp = buildServer({ store: other.store, adminToken: ADMIN });
    try {
      const ROGUE = 'http://rogue.test';
      const OLDER = 'http://older-sync.test';
      const hosts = new Map<string, FastifyInstance>([[BASE, server.app], [OTHER, otherApp]]);
      // Who was sent a station token: a mistyped or rogue address must never learn it.
      const tokenSentTo = new Set<string>();
      const across = fetchAcross(hosts);
      const door = await station('Door 1', {}, async (input, init) => {
        const { origin } = new URL(input);
        if ((init?.headers as Record<string, string> | undefined)?.authorization) tokenSentTo.add(origin);
        // An impostor that answers any proof it is asked for.
        if (origin === ROGUE) return new Response(JSON.stringify({ proof: 'f'.repeat(64), stationId: '', lastAck: 0 }), { status: 200, headers: { 'content-type': 'application/json' } });
        // A server from before stations could move: its framework's answer for a route it lacks.
        if (origin === OLDER) {
          const message = `Route ${init?.method ?? 'GET'}:${new URL(input).pathname} not found`;
          return new Response(JSON.stringify({ message, error: 'Not Found', statusCode: 404 }), { status: 404, headers: { 'content-type': 'application/json' } });
        }
        return across(input, init);
      });
      await door.link();
      await door.engine.syncNow();
      expect((await door.scan('RMA10000016')).verdict.verdict).toBe('accept');
      await door.engine.syncNow();
      const before = (await readMeta(door.db, 'sync'))!;
      const cursor = (await readMeta(door.db, 'pullCursor'))!;
      expect(cursor).toBeGreaterThan(0);

      // The server's machine is replaced: the old address answers no more, and a box waits.
      hosts.delete(BASE);
      hosts.set(MOVED, server.app);
      await door.scan('RMA10000024');
      await door.engine.syncNow();
      expect((await door.engine.status()).log.state).toBe('offline');

      const refused = async (url: string) => (await moveToServerAddress(door.db, url, door.fetch).then(() => null, (e: Error) => e.message))!;
      expect(await refused(BASE)).toBe(`this station already syncs with ${BASE}`);
      expect(await refused('http://nowhere.test')).toMatch(/^nothing answered at http:\/\/nowhere\.test: check the address/);
      expect(await refused(OTHER)).toMatch(/^the server at http:\/\/other-sync\.test does not know this station .* type an enrolment code from it$/);
      expect(await refused(ROGUE)).toMatch(/^the server at http:\/\/rogue\.test does not know this station /);
      expect(await refused(OLDER)).toBe('that server is older than this app: update it first (the server before the stations)');
      expect(await readMeta(door.db, 'sync')).toEqual(before);
      expect([...tokenSentTo]).toEqual([BASE]);

      expect(await moveToServerAddress(door.db, `${MOVED}/`, door.fetch)).toEqual({ name: 'Door 1' });
      expect([...tokenSentTo]).toEqual([BASE]);
      expect(await readMeta(door.db, 'sync')).toEqual({ ...before, serverUrl: MOVED });
      await door.engine.syncNow();
      const status = await door.engine.status();
      expect(status.log).toMatchObject({ state: 'ok', lastError: null });
      expect(status.pending).toBe(0);
      expect((await serverEvents()).map((e) => e.station_seq)).toEqual([1, 2]);
      // The same server: nothing is pulled again.
      expect(await readMeta(door.db, 'pullGeneration')).toBe(0);
      expect(await readMeta(door.db, 'pullCursor')).toBeGreaterThanOrEqual(cursor);

      // Another server, with a code from it: it is sent every fact the station holds.
      await enrolStation(door.db, OTHER, await enrolmentCode(otherApp, admin, 'Door 1 (new server)'), door.fetch, new Date('2026-11-28T11:00:00Z'));
      await door.engine.syncNow();
      expect((await door.engine.status()).log.state).toBe('ok');
      const sent = await other.store.db.selectFrom('events').select(['station_id', 'station_seq']).orderBy('station_seq').execute();
      const { id } = (await readMeta(door.db, 'station'))!;
      expect(sent).toEqual([1, 2].map((n) => ({ station_id: id, station_seq: n })));
    } finally {
      await otherApp.close();
      await other.store.close();
      await other.cleanup();
    }
  });

  it('linked anew after the server lost it: what it pulled before is taken again, whatever its version', async () => {
    await serverImport();
    const backup = await backUp(server.store);
    const s = await station('Door 1');
    await s.link();
    await s.engine.syncNow();
    const { rma, version } = (await server.app.inject({ method: 'GET', url: '/api/v1/admin/rmas/RMA10000016', headers: admin })).json<{ rma: Rma; version: number }>();
    await server.app.inject({ method: 'PUT', url: '/api/v1/admin/rmas/RMA10000016', headers: admin, payload: { rma: { ...rma, status: 'cancelled' }, baseVersion: version } });
    await server.app.inject({ method: 'PUT', url: '/api/v1/admin/users/sam', headers: admin, payload: { user: { id: 'sam', name: 'Sam Ortiz', role: 'inspector' }, baseVersion: null } });
    await s.scan('RMA10000024');
    await s.engine.syncNow();
    expect(await s.db.rmas.get('RMA10000016')).toMatchObject({ status: 'cancelled' });

    await restoreFrom(server.store, backup); // from before the station was linked
    await s.engine.syncNow();
    expect((await s.engine.status()).log.state).toBe('needs_enrolment');
    await s.link();
    await s.engine.syncNow();
    expect(await s.db.rmas.get('RMA10000016')).toMatchObject({ status: 'open', version });
    expect(await s.db.users.count()).toBe(0);
    expect((await serverEvents()).map((e) => e.station_seq)).toEqual([1]);
    expect((await s.engine.status()).log.state).toBe('ok');
  });
});

describe.each(STORE_KINDS)('sync under load on $name', (kind) => {
  it('a 50,000-fact offline backlog arrives exactly once, in order', async () => {
    const { store, cleanup } = await kind.fresh();
    const app = buildServer({ store, adminToken: ADMIN });
    const db = new StationDb(`backlog-${++dbs}`, { indexedDB, IDBKeyRange });
    try {
      const fetch = fetchInto(app, BASE);
      await writeMeta(db, 'station', { id: '0192f3a4-0000-7000-8000-0000000b1001', name: 'Backlog door' });
      await enrolStation(db, BASE, await enrolmentCode(app, { authorization: `Bearer ${ADMIN}` }, 'Backlog door'), fetch, new Date());
      // Written straight to the tables: the backlog a station builds in a long outage.
      const { dockEvent } = await import('./stores');
      const events = Array.from({ length: 50_000 }, (_, i) => dockEvent('0192f3a4-0000-7000-8000-0000000b1001', i + 1, null, 'package_refused'));
      await db.events.bulkAdd(events);
      await db.outbox.bulkAdd(events.map((e) => ({ stationSeq: e.stationSeq, eventId: e.id })));
      await writeMeta(db, 'seq', 50_000);
      const engine = new SyncEngine({ db, fetch, now: () => new Date(), random: () => 0.5, isOnline: () => true, recorder: () => Promise.resolve(null) });
      await engine.syncNow();
      expect((await engine.status()).pending).toBe(0);
      const counts = await store.db
        .selectFrom('events')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('station_seq').as('lo'), eb.fn.max('station_seq').as('hi'), eb.fn.count('id').distinct().as('ids')])
        .executeTakeFirstOrThrow();
      expect([Number(counts.n), Number(counts.lo), Number(counts.hi), Number(counts.ids)]).toEqual([50_000, 1, 50_000, 50_000]);
    } finally {
      db.close();
      await app.close();
      await store.close();
      await cleanup();
    }
  }, 240_000);
});
