import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../../server/app';
import { dockEvent, STORE_KINDS } from './stores';

const ADMIN = 'process-admin-token';
const json = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` };

async function enrolled(base: string, name: string) {
  const { enrolCode } = (await (await fetch(`${base}/api/v1/admin/stations`, { method: 'POST', headers: json, body: JSON.stringify({ name }) })).json()) as { enrolCode: string };
  const stationId = uuidv7();
  const r = (await (await fetch(`${base}/api/v1/stations/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: enrolCode, stationId, lastSeq: 0 }) })).json()) as { token: string };
  return { stationId, token: r.token };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A schema of its own in the test database, dropped after the test; the address that makes it the search path. */
async function freshSchema(prefix: string) {
  const pg = (await import('pg')).default;
  const schema = `${prefix}_${uuidv7().replace(/-/g, '').slice(-12)}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  cleanups.push(async () => {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  });
  const databaseUrl = new URL(process.env.TEST_DATABASE_URL!);
  databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
  return { admin, schema, databaseUrl };
}

/** `rmadock serve` on that database, in a process of its own, once it listens; what it has logged so far. */
function serveOn(databaseUrl: URL, name: string): Promise<{ child: ChildProcess; base: string; log: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../../bin/rmadock.js'), 'serve', '--port', '0', '--data', join(tmpdir(), `rd-${name}-${uuidv7()}`)], {
      env: { ...process.env, DATABASE_URL: databaseUrl.toString(), RMADOCK_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => void child.kill('SIGTERM'));
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ child, base: m[1]!, log: () => log });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000);
  });
}

/** `rmadock serve` on that database with a door linked to it: the door's push of refusals numbered `seqs`, and the process's exit code, null while it runs. */
async function doorServedOn(databaseUrl: URL, name: string) {
  const { child, base, log } = await serveOn(databaseUrl, name);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const door = await enrolled(base, 'Door');
  const push = (seqs: number[]) =>
    fetch(`${base}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${door.token}` },
      body: JSON.stringify({ stationId: door.stationId, events: seqs.map((n) => dockEvent(door.stationId, n, null, 'package_refused')) }),
    });
  return { base, log, push, exited: () => exited };
}

describe('server processes', () => {
  // The station's keep-alive connection must not hold the shutdown open: on PostgreSQL the push is
  // still in the store when the shutdown begins, and the shutdown waited for ever.
  it.each(STORE_KINDS)('a shutdown finishes the push in hand: it is kept whole, and the store reopens with it ($name)', async (kind) => {
    const { store, reopen, cleanup } = await kind.fresh();
    cleanups.push(cleanup);
    const app = buildServer({ store, adminToken: ADMIN });
    let arrived!: () => void;
    const pushArrived = new Promise<void>((r) => (arrived = r));
    app.addHook('preHandler', (request, _reply, done) => {
      if (request.url === '/api/v1/sync/push') arrived();
      done();
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const s = await enrolled(base, 'Door');
    const events = Array.from({ length: 500 }, (_, i) => dockEvent(s.stationId, i + 1, null, 'package_refused'));
    const push = fetch(`${base}/api/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body: JSON.stringify({ stationId: s.stationId, events }) });
    await pushArrived;
    const closing = app.close();
    const answer = await push;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { ackStationSeq: number }).ackStationSeq).toBe(500);
    await closing;
    await expect(fetch(`${base}/api/v1/health`)).rejects.toThrow();
    await store.close();

    const reopened = await reopen();
    cleanups.push(() => reopened.close());
    const n = await reopened.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(500);
  });

  const onPostgres = STORE_KINDS.some((k) => k.name === 'postgres');
  it.runIf(onPostgres)('two `rmadock serve` processes on one PostgreSQL: stations on each converge', async () => {
    const { databaseUrl } = await freshSchema('p');
    const start = (name: string) => serveOn(databaseUrl, name);
    // Both migrate the same empty schema at once: the migration lock lets one run it.
    const [one, two] = await Promise.all([start('one'), start('two')]);

    const a = await enrolled(one.base, 'A');
    const b = await enrolled(two.base, 'B');
    const pushTo = (base: string, s: { stationId: string; token: string }) =>
      fetch(`${base}/api/v1/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
        body: JSON.stringify({ stationId: s.stationId, events: [1, 2, 3, 4].map((n) => dockEvent(s.stationId, n, null, 'package_refused')) }),
      });
    const answers = await Promise.all([pushTo(one.base, a), pushTo(two.base, b)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const pullFrom = async (base: string, token: string) =>
      ((await (await fetch(`${base}/api/v1/sync/pull?after=0`, { headers: { authorization: `Bearer ${token}` } })).json()) as { changes: { serverSeq: number; key: string }[] }).changes;
    const seenByA = await pullFrom(one.base, a.token);
    const seenByB = await pullFrom(two.base, b.token);
    expect(seenByB).toEqual(seenByA);
    expect(seenByA.map((c) => c.serverSeq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  }, 60_000);

  it.runIf(onPostgres)('PostgreSQL closing the connections a `rmadock serve` holds idle (a restart, a failover) does not end it: it logs it and serves on', async () => {
    const { admin, schema, databaseUrl } = await freshSchema('l');
    databaseUrl.searchParams.set('application_name', `rd-${schema}`);
    const { log, push, exited } = await doorServedOn(databaseUrl, 'lost');
    expect((await push([1, 2])).status).toBe(200);

    const closed = await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and state = 'idle'`, [`rd-${schema}`]);
    expect(closed.rowCount).toBeGreaterThan(0);
    await expect.poll(log, { timeout: 10_000 }).toContain('the database closed a connection this server held idle; the next request opens another');
    expect(exited()).toBeNull();
    expect((await push([3])).status).toBe(200);
    const held = await admin.query(`select station_seq from ${schema}.events order by station_seq`);
    expect(held.rows.map((r: { station_seq: string | number }) => Number(r.station_seq))).toEqual([1, 2, 3]);
  }, 60_000);

  it.runIf(onPostgres)('a push in hand when PostgreSQL ends its connection (a restart) is answered 503 in words and keeps nothing; the server serves on, and the push sent again is taken once', async () => {
    const { admin, schema, databaseUrl } = await freshSchema('t');
    databaseUrl.searchParams.set('application_name', `rd-${schema}`);
    const { log, push, exited } = await doorServedOn(databaseUrl, 'ended');

    // Another writer holds the counter row, so the push waits inside its transaction; then
    // PostgreSQL ends the push's connection, as a restart or a failover does.
    await admin.query('begin');
    await admin.query(`select value from ${schema}.counter where id = 1 for update`);
    const answer = push([1, 2]);
    const waiting = async () => (await admin.query(`select pid from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))`)).rows as { pid: number }[];
    await expect.poll(async () => (await waiting()).length, { timeout: 10_000 }).toBe(1);
    await admin.query('select pg_terminate_backend($1)', [(await waiting())[0]!.pid]);
    const refused = await answer;
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: 'database_unreachable', message: expect.stringMatching(/^the sync server cannot reach its database just now \(PostgreSQL restarting, failing over or down\): send the request again/) as unknown });
    await admin.query('rollback');
    await expect.poll(log, { timeout: 10_000 }).toContain('the sync server cannot reach its database just now');

    const again = await push([1, 2]);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const held = await admin.query(`select station_seq from ${schema}.events order by station_seq`);
    expect(held.rows.map((r: { station_seq: string | number }) => Number(r.station_seq))).toEqual([1, 2]);
    expect(exited()).toBeNull();
  }, 60_000);

  it.runIf(onPostgres)('PostgreSQL down (nothing answers where it runs): each request is answered 503 in words and keeps nothing; back up, the server takes the push, never having stopped', async () => {
    const { admin, schema, databaseUrl } = await freshSchema('d');
    const proxy = await databaseProxy(databaseUrl);
    cleanups.push(proxy.down);
    const { base, push, exited } = await doorServedOn(proxy.url, 'down');
    expect((await push([1])).status).toBe(200);

    await proxy.down();
    const refused = await push([2, 3]);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: string }).error).toBe('database_unreachable');
    const health = await fetch(`${base}/api/v1/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { message: string }).message).toMatch(/^the sync server cannot reach its database just now/);

    await proxy.up();
    expect((await push([2, 3])).status).toBe(200);
    const held = await admin.query(`select station_seq from ${schema}.events order by station_seq`);
    expect(held.rows.map((r: { station_seq: string | number }) => Number(r.station_seq))).toEqual([1, 2, 3]);
    expect(exited()).toBeNull();
  }, 60_000);
});

/**
 * PostgreSQL as a server sees it, through a proxy of the test's own on loopback: `down` closes
 * every connection and refuses new ones, as a database stopped or out of reach; `up` answers again
 * on the same port.
 */
async function databaseProxy(target: URL): Promise<{ url: URL; down: () => Promise<void>; up: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let listening: Server | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        const end = () => {
          client.destroy();
          upstream.destroy();
        };
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', end).on('close', end);
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      listening = server;
    });
  const port = await listen(0);
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url,
    down: async () => {
      const server = listening;
      listening = null;
      if (!server) return;
      const closed = new Promise((resolve) => server.close(resolve));
      for (const s of sockets) s.destroy();
      sockets.clear();
      await closed;
    },
    up: async () => void (await listen(port)),
  };
}
