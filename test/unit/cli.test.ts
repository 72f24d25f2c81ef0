import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Sqlite from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { runCli as run } from './runCli';
import { addressesForStations } from '../../cli/stationAddresses';
import { ADMIN_ANSWER_WITHIN_MS } from '../../cli/adminClient';
import { blackHole } from './blackHole';
import { startLines } from '../../cli/commands/serve';
import { BackupError, backUpStore, restoreStore, summaryOf } from '../../server/db/backup';
import { sqliteBytes } from '../../server/db/room';
import { bytesInWords } from '../../shared/words';
import { startServer, type RunningServer } from '../../server/main';
import { dockEvent } from './server/stores';
import { enrolmentCode } from './server/harness';
import { exceptionIdFor } from '../../server/store/push';


const example = {
  rma: { number: 'RMA10000016', issuedOn: '2026-03-10', remedy: 'refund', country: 'US', seller: 'direct', purchasedOn: '2026-03-01', deliveredOn: '2026-03-03', proofOfPurchase: true },
  item: { sku: 'IP8M-2496EB', kind: 'product', condition: 'new', unitPrice: 79.99, quantity: 1, warrantyMonths: 12, onRma: true },
  receivedOn: '2026-03-20',
  finding: { result: 'no_fault_found', misuse: [] },
  inStock: true,
};

describe('rmadock policy', () => {
  it('prints the documented decision for the documented case', async () => {
    const { code, out, err } = await run(['policy'], JSON.stringify(example, null, 2));
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(JSON.parse(out)).toMatchObject({ outcome: 'refund', refund: { restockingFee: 8, net: 71.99 }, refundDueOn: '2026-03-27' });
  });

  it('exits 2 with one line naming the field', async () => {
    const r = await run(['policy'], JSON.stringify({ ...example, receivedOn: '2026-02-31' }));
    expect(r).toEqual({ code: 2, out: '', err: 'rmadock policy: receivedOn: must be a real date as YYYY-MM-DD\n' });
    const notJson = await run(['policy'], '{"rma": ');
    expect(notJson.code).toBe(2);
    expect(notJson.err.trim().split('\n')).toHaveLength(1);
    expect(notJson.err).toMatch(/not valid JSON/);
    expect((await run(['policy'], '')).code).toBe(2);
  });

  it('--lines decides each line in order, errors in place, blank lines skipped', async () => {
    const refurbished = { ...example, item: { ...example.item, condition: 'refurbished' }, rma: { ...example.rma, remedy: 'replacement' }, finding: { result: 'defective', misuse: [] } };
    const input = [JSON.stringify(example), '', JSON.stringify({ ...example, item: { ...example.item, quantity: 0 } }), 'nonsense', JSON.stringify(refurbished)].join('\r\n');
    const { code, out } = await run(['policy', '--lines'], input);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(code).toBe(2);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ outcome: 'refund' });
    expect(lines[1]).toEqual({ error: expect.stringMatching(/^item\.quantity: /) });
    expect(lines[2]).toEqual({ error: expect.stringMatching(/not valid JSON/) });
    expect(lines[3]).toMatchObject({ outcome: 'replace', replacement: { condition: 'new' } });
  });

  it('--lines with every line good exits 0', async () => {
    const { code, out } = await run(['policy', '--lines'], `${JSON.stringify(example)}\n${JSON.stringify(example)}\n`);
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(2);
  });
});

describe('rmadock scan', () => {
  it('prints one classification per line, in order', async () => {
    const { code, out } = await run(['scan'], ']C1RMA10000016\r\n1Z5R89390357567127\n\nRMA10000017\n');
    expect(code).toBe(0);
    expect(out.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { kind: 'rma', value: 'RMA10000016', valid: true },
      { kind: 'tracking', value: '1Z5R89390357567127', carrier: 'ups', valid: true },
      { kind: 'unknown', value: '', valid: false, problem: 'empty' },
      { kind: 'rma', value: 'RMA10000017', valid: false, problem: 'check_digit' },
    ]);
  });

  it('keeps a GS separator inside a line', async () => {
    const { out } = await run(['scan'], '42010282\u001d9400111201080805483016\n');
    expect(JSON.parse(out)).toMatchObject({ value: '9400111201080805483016', zip: '10282' });
  });

  it('rejects a bad --expect', async () => {
    const r = await run(['scan', '--expect', 'box']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--expect must be/);
  });
});

describe('rmadock', () => {
  it('prints help, and refuses unknown commands and options', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/rmadock policy/);
    expect(help.out).toMatch(/rmadock scan/);
    expect((await run(['policy', '--help'])).out).toMatch(/--lines/);
    expect(await run(['frobnicate'])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown command "frobnicate"/) });
    expect(await run(['policy', '--bogus'])).toMatchObject({ code: 2, err: expect.stringMatching(/--bogus/) });
  });

  it('runs as the package bin', async () => {
    const bin = new URL('../../bin/rmadock.js', import.meta.url).pathname;
    const child = execFile(process.execPath, [bin, 'policy']);
    child.stdin?.end(JSON.stringify(example));
    const out = await new Promise<string>((resolve, reject) => {
      let s = '';
      child.stdout?.on('data', (c: Buffer) => (s += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(s) : reject(new Error(`exit ${code}`))));
    });
    expect(JSON.parse(out)).toMatchObject({ outcome: 'refund', turnaroundDueOn: '2026-04-03' });
    await expect(promisify(execFile)(process.execPath, [bin, 'nope'])).rejects.toMatchObject({ code: 2 });
    // Two processes that each compile the command's TypeScript as they start: over 5 s on a busy
    // two-core machine (a CI run beside a build once took that long).
  }, 30_000);
});

describe('rmadock serve', () => {
  async function serveWith(databaseUrl: string, adminToken = 'a-long-enough-admin-token', args: string[] = []) {
    const before = { DATABASE_URL: process.env.DATABASE_URL, RMADOCK_ADMIN_TOKEN: process.env.RMADOCK_ADMIN_TOKEN };
    Object.assign(process.env, { DATABASE_URL: databaseUrl, RMADOCK_ADMIN_TOKEN: adminToken });
    try {
      return await run(['serve', '--port', '0', ...args]);
    } finally {
      for (const [key, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  it('refuses an admin token too short to guard the admin calls, or one that cannot be sent', async () => {
    for (const token of ['admin', 'sixteen chars ok']) {
      const { code, err } = await serveWith('', token);
      expect(code).toBe(1);
      expect(err.trim()).toBe('rmadock serve: could not start: RMADOCK_ADMIN_TOKEN must be at least 16 characters, with no spaces');
    }
    // A token file someone shortened is named, with the way out.
    const data = mkdtempSync(join(tmpdir(), 'rd-token-'));
    writeFileSync(join(data, 'admin-token'), 'abc\n');
    const { code, err } = await serveWith('', '', ['--data', data]);
    expect(code).toBe(1);
    expect(err).toContain(`the admin token in ${join(data, 'admin-token')} is not at least 16 characters without spaces: delete the file`);
    rmSync(data, { recursive: true, force: true });
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL address, saying what one looks like', async () => {
    for (const url of ['db-host/returns', 'mysql://user@db-host/returns']) {
      const { code, err } = await serveWith(url);
      expect(code).toBe(1);
      expect(err.trim()).toBe('rmadock serve: could not start: DATABASE_URL must be a PostgreSQL address, postgres://user:password@host:5432/database');
    }
  });

  it('names the database it could not reach, without its password', async () => {
    const { code, err } = await serveWith('postgres://dock:s3cret@127.0.0.1:1/returns');
    expect(code).toBe(1);
    expect(err).toMatch(/^rmadock serve: could not start: PostgreSQL at postgres:\/\/dock:\*\*\*@127\.0\.0\.1:1\/returns: connect ECONNREFUSED/);
    expect(err).not.toContain('s3cret');
  });
});

describe('the address stations use, said when the server starts', () => {
  const computer = {
    hostname: 'returns-server',
    interfaces: {
      lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4' as const, mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
      eth0: [
        { address: '192.168.1.10', netmask: '255.255.255.0', family: 'IPv4' as const, mac: '52:54:00:12:34:56', internal: false, cidr: '192.168.1.10/24' },
        { address: 'fe80::5054:ff:fe12:3456', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6' as const, mac: '52:54:00:12:34:56', internal: false, cidr: 'fe80::5054:ff:fe12:3456/64', scopeid: 2 },
      ],
      wlan0: [{ address: '10.0.0.7', netmask: '255.255.255.0', family: 'IPv4' as const, mac: '52:54:00:ab:cd:ef', internal: false, cidr: '10.0.0.7/24' }],
    },
  };

  it('names this computer’s network addresses when it serves them all, and says when it serves only itself', () => {
    expect(addressesForStations(new URL('http://0.0.0.0:8787'), computer)).toBe(
      "stations reach it at http://192.168.1.10:8787 or http://10.0.0.7:8787, or by this computer's name where the network knows it (http://returns-server:8787)",
    );
    expect(addressesForStations(new URL('https://[::]:8443'), computer)).toMatch(/^stations reach it at https:\/\/192\.168\.1\.10:8443 or https:\/\/10\.0\.0\.7:8443,/);
    for (const local of ['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787']) {
      expect(addressesForStations(new URL(local), computer)).toBe('only this computer reaches it: to serve stations on the network, start it with --host 0.0.0.0');
    }
    expect(addressesForStations(new URL('http://192.168.1.10:8787'), computer)).toBe('stations reach it at http://192.168.1.10:8787');
    expect(addressesForStations(new URL('http://0.0.0.0:8787'), { hostname: 'returns-server', interfaces: { lo: computer.interfaces.lo } })).toBe(
      "this computer has no network address now: stations reach it by its name where the network knows it (http://returns-server:8787)",
    );
  });

  it('says as it starts where it keeps its data and the room left there, warning when it is short', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rd-start-'));
    const server = await startServer({ port: 0, host: '0.0.0.0', dataDir: data, adminToken: 'a-long-enough-admin-token' });
    try {
      const lines = startLines(server, await server.store.room(), computer);
      expect(lines).toEqual([
        `listening on ${server.url} (store: sqlite at ${data})`,
        expect.stringMatching(/^storage: the database takes \d+\.\d MB; \d+\.\d [MG]B free on its disk$/),
        expect.stringMatching(/^stations reach it at http:\/\/192\.168\.1\.10:\d+ or /),
      ]);
      const short = startLines(server, { databaseBytes: 6 * 1024 ** 3, freeBytes: 512 * 1024 ** 2 }, computer);
      expect(short[1]).toBe('storage: the database takes 6.0 GB, and only 512.0 MB is free on its disk: make room before it fills. A full disk stops every station’s sync, and a backup on that disk needs as much room as the database');
      expect(startLines(server, null, computer)).toHaveLength(2);
    } finally {
      await server.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('gives an IPv6 host its brackets', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rd-ipv6-'));
    const server = await startServer({ port: 0, host: '::1', dataDir: data, adminToken: 'a-long-enough-admin-token' }).catch((e: NodeJS.ErrnoException) => e);
    try {
      // A machine with IPv6 switched off cannot listen there; there is nothing to check then.
      if (server instanceof Error) return expect(server.code).toBe('EADDRNOTAVAIL');
      expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
      await server.stop();
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});

describe('rmadock backup and restore', () => {
  const ADMIN = 'cli-admin-token-for-tests';
  const folders: string[] = [];
  const folder = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `rd-${name}-`));
    folders.push(dir);
    return dir;
  };
  afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** The station's refusals numbered `seqs`, pushed to `server`. */
  async function pushRefusals(server: RunningServer, stationId: string, token: string, seqs: number[]) {
    const pushed = await server.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${token}` }, payload: { stationId, events: seqs.map((n) => dockEvent(stationId, n, null, 'package_refused')) } });
    expect(pushed.statusCode).toBe(200);
  }

  it('backs up a running server; restores only once it stopped, keeping the database it replaced', async () => {
    const data = folder('data');
    const backups = folder('backups');
    const file = join(backups, 'monday.sqlite');
    let server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data, adminToken: ADMIN });
    try {
      const admin = { authorization: `Bearer ${ADMIN}` };
      const { enrolCode } = (await server.app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: admin, payload: { name: 'Door' } })).json<{ enrolCode: string }>();
      const { stationId, token } = (await server.app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: enrolCode, stationId: '0192f3a4-0000-7000-8000-0000000c0001', lastSeq: 0 } })).json<{ stationId: string; token: string }>();
      await pushRefusals(server, stationId, token, [1, 2]);

      expect(await run(['backup', '--data', data, '--to', file])).toEqual({ code: 0, out: `wrote ${file}: 2 facts, changes up to number 2\n`, err: '' });
      await pushRefusals(server, stationId, token, [3]);
      const again = await run(['backup', '--data', data, '--to', file]);
      expect(again).toMatchObject({ code: 1, err: `rmadock backup: ${file} exists already: name a new file, so that no earlier backup is overwritten\n` });
      expect(summaryOf(file)).toEqual({ facts: 2, serverSeq: 2 });
      expect(readdirSync(backups)).toEqual(['monday.sqlite']); // one file, to be copied alone

      const underServer = await run(['restore', '--data', data, '--from', file]);
      expect(underServer.code).toBe(1);
      expect(underServer.err).toContain('another returns-dock server is using the data folder');
      expect(underServer.err).toContain('stop it first, or restore once it has stopped');
      await server.stop();

      const restored = await run(['restore', '--data', data, '--from', file]);
      expect(restored.code).toBe(0);
      const kept = readdirSync(data).filter((f) => f.startsWith('returns-dock.before-restore-'));
      expect(kept).toHaveLength(1);
      expect(restored.out).toBe(
        `the data folder ${data} now holds ${file}: 2 facts, changes up to number 2. The database it replaced is kept as ${join(data, kept[0]!)}. Start the server: each station sends again the facts it lost, and takes the server’s data again.\n`,
      );
      expect(summaryOf(join(data, kept[0]!))).toEqual({ facts: 3, serverSeq: 3 });
      expect(existsSync(join(data, 'returns-dock.restoring.sqlite'))).toBe(false);

      server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data, adminToken: ADMIN });
      expect((await server.app.inject({ method: 'GET', url: '/api/v1/health' })).json()).toMatchObject({ serverSeq: 2 });
      // The station's token came back with the backup; its third fact is asked for again.
      expect((await server.app.inject({ method: 'GET', url: '/api/v1/sync/status', headers: { authorization: `Bearer ${token}` } })).json()).toEqual({ stationId, name: 'Door', lastAck: 2 });
    } finally {
      await server.stop();
    }
    // A new machine's empty folder takes the backup as it is.
    const fresh = join(folder('machine'), 'data');
    const moved = await run(['restore', '--data', fresh, '--from', file]);
    expect(moved.out).toBe(`the data folder ${fresh} now holds ${file}: 2 facts, changes up to number 2. Start the server: each station sends again the facts it lost, and takes the server’s data again.\n`);
    expect(summaryOf(join(fresh, 'returns-dock.sqlite'))).toEqual({ facts: 2, serverSeq: 2 });
  });

  it('keeps a copy a day in a backups folder, deleting the oldest of its own copies beyond --keep, and nothing else', async () => {
    const data = folder('data');
    const backups = folder('backups');
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data, adminToken: ADMIN });
    const now = new Date();
    const today = `returns-dock-${[now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-')}.sqlite`;
    try {
      // Earlier nights' copies, and files of someone else's that only look like them.
      const earlier = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04'].map((day) => `returns-dock-${day}.sqlite`);
      const others = ['notes.txt', 'returns-dock-2026-01-01.sqlite.bak', 'returns-dock-before-upgrade.sqlite'];
      for (const name of [...earlier, ...others]) writeFileSync(join(backups, name), '');

      const first = await run(['backup', '--data', data, '--into', backups, '--keep', '3']);
      expect(first).toEqual({
        code: 0,
        out: `wrote ${join(backups, today)}: 0 facts, changes up to number 0. Deleted the oldest, keeping the newest 3: ${earlier.slice(0, 2).map((name) => join(backups, name)).join(', ')}\n`,
        err: '',
      });
      expect(readdirSync(backups).sort()).toEqual([...earlier.slice(2), ...others, today].sort());
      expect(summaryOf(join(backups, today))).toEqual({ facts: 0, serverSeq: 0 });

      // Again the same day: today's copy stands, and nothing is deleted.
      const again = await run(['backup', '--data', data, '--into', backups, '--keep', '1']);
      expect(again).toMatchObject({ code: 1, err: `rmadock backup: ${join(backups, today)}, the copy of ${today.slice(13, 23)}, exists already: it is kept as it is\n` });
      expect(readdirSync(backups)).toHaveLength(6);

      for (const [args, words] of [
        [['--to', join(backups, 'x.sqlite'), '--into', backups], 'give --to (one file) or --into (a folder of daily copies), not both'],
        [['--to', join(backups, 'x.sqlite'), '--keep', '3'], '--keep goes with --into'],
        [['--into', backups, '--keep', '0'], '--keep must be a whole number of copies from 1 to 3650, not "0"'],
        [['--into', backups, '--keep', 'a week'], '--keep must be a whole number of copies from 1 to 3650, not "a week"'],
      ] as const) {
        expect(await run(['backup', '--data', data, ...args])).toMatchObject({ code: 2, err: expect.stringContaining(words) });
      }
      expect(readdirSync(backups)).toHaveLength(6);
    } finally {
      await server.stop();
    }
  });

  it('refuses a backup or a restore onto a disk without the room it needs, writing nothing', async () => {
    const data = folder('data');
    const backups = folder('backups');
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data, adminToken: ADMIN });
    try {
      const { databaseBytes } = await server.store.room();
      const short = { freeBytesAt: () => Promise.resolve(databaseBytes - 1) };
      await expect(backUpStore(data, join(backups, 'b.sqlite'), short)).rejects.toThrow(
        new BackupError(`the disk holding ${backups} has ${bytesInWords(databaseBytes - 1)} free, and the database takes ${bytesInWords(databaseBytes)}: make room there, or back up to another disk`),
      );
      expect(readdirSync(backups)).toEqual([]);
      await backUpStore(data, join(backups, 'b.sqlite'), { freeBytesAt: () => Promise.resolve(databaseBytes) });
      expect(readdirSync(backups)).toEqual(['b.sqlite']);
    } finally {
      await server.stop();
    }
    // A restore needs room for the backup and for the copy kept of the database it replaces.
    const before = readdirSync(data).sort();
    const backup = join(backups, 'b.sqlite');
    const needed = (await sqliteBytes(backup)) + (await sqliteBytes(join(data, 'returns-dock.sqlite')));
    await expect(restoreStore(data, backup, new Date(), { freeBytesAt: () => Promise.resolve(1024) })).rejects.toThrow(
      new BackupError(`the disk holding ${data} has 0.0 MB free, and the restore needs ${bytesInWords(needed)} (the backup, and a copy of the database it replaces): make room there first`),
    );
    expect(readdirSync(data).sort()).toEqual(before);
  });

  it('refuses what is not a backup, a missing one, an empty folder and PostgreSQL, naming each', async () => {
    const data = folder('data');
    const other = folder('other');
    const text = join(other, 'notes.txt');
    writeFileSync(text, 'not a database');
    const foreign = join(other, 'foreign.sqlite');
    new Sqlite(foreign).exec('create table things (id integer)');

    expect(await run(['backup', '--data', data, '--to', join(other, 'b.sqlite')])).toMatchObject({ code: 1, err: `rmadock backup: there is no returns-dock server database in ${data}\n` });
    expect(await run(['backup', '--data', data])).toMatchObject({ code: 2, err: expect.stringContaining('--to must name the new backup file') });
    expect(await run(['restore', '--data', data])).toMatchObject({ code: 2, err: expect.stringContaining('--from must name the backup file') });
    expect((await run(['restore', '--data', data, '--from', join(other, 'missing.sqlite')])).err).toMatch(/^rmadock restore: .*missing\.sqlite cannot be opened/);
    expect(await run(['restore', '--data', data, '--from', text])).toMatchObject({ code: 1, err: expect.stringMatching(/^rmadock restore: .*notes\.txt is not a returns-dock server database \(file is not a database\)/) });
    expect(await run(['restore', '--data', data, '--from', foreign])).toMatchObject({ code: 1, err: `rmadock restore: ${foreign} is not a returns-dock server database\n` });
    expect(readdirSync(data)).toEqual([]); // nothing written

    const before = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://dock@db-host/returns';
    try {
      for (const command of [['backup', '--to'], ['restore', '--from']]) {
        expect(await run([...command, join(other, 'b.sqlite')])).toMatchObject({ code: 2, err: expect.stringContaining('use pg_dump and pg_restore') });
      }
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
  });
});

describe('rmadock stations', () => {
  const folders: string[] = [];
  // The token comes from the data folder here, whatever the shell running the tests has set.
  const token = process.env.RMADOCK_ADMIN_TOKEN;
  beforeEach(() => delete process.env.RMADOCK_ADMIN_TOKEN);
  afterEach(() => {
    if (token !== undefined) process.env.RMADOCK_ADMIN_TOKEN = token;
    folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('adds a station whose code links it, lists the stations, and gives one a new code by name', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rd-stations-'));
    folders.push(data);
    // The server writes its admin token in its data folder; the command reads it from there.
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data });
    const at = ['--server', server.url, '--data', data];
    try {
      expect(await run(['stations', ...at])).toEqual({ code: 0, out: 'No stations yet: rmadock stations add "Dock door 1" makes one.\n', err: '' });

      const added = await run(['stations', 'add', 'Dock', 'door', '3', ...at]);
      expect(added.code).toBe(0);
      const code = /^Dock door 3: enrolment code ([A-Z2-9]{10}), for one station, once, until \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/m.exec(added.out)?.[1];
      expect(code).toBeDefined();
      expect(added.out).toContain("On that station open Sync, and type the server's address");
      const enrolled = await server.app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code, stationId: '0192f3a4-0000-7000-8000-0000000c0003', lastSeq: 0 } });
      expect(enrolled.statusCode).toBe(200);
      await run(['stations', 'add', 'Bench 1', ...at]);

      // The station syncs: it asks the server first what it holds, saying its storage.
      const token = enrolled.json<{ token: string }>().token;
      const status = await server.app.inject({ method: 'GET', url: `/api/v1/sync/status?storageUsed=${350 * 1024 ** 2}&storageQuota=${120 * 1024 ** 3}`, headers: { authorization: `Bearer ${token}` } });
      expect(status.statusCode).toBe(200);
      const listed = (await run(['stations', 'list', ...at])).out.trim().split('\n');
      expect(listed[0]).toMatch(/^NAME\s+LINKED\s+FACTS\s+LAST SYNC\s+STORAGE USED\s+CODE VALID UNTIL$/);
      expect(listed[1]).toMatch(/^Dock door 3\s+yes\s+0\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+350\.0 MB of 120\.0 GB\s+—$/);
      expect(listed[2]).toMatch(/^Bench 1\s+no\s+0\s+never\s+—\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

      // Its database lost: a new code for the same station, named as people say it.
      const again = await run(['stations', 'code', 'dock door 3', ...at]);
      expect(again.code).toBe(0);
      expect(again.out).toMatch(/^Dock door 3: enrolment code [A-Z2-9]{10}/);
      expect(again.out).toContain('Its old link stops working');
      const oldLink = await server.app.inject({ method: 'GET', url: '/api/v1/sync/pull?after=0', headers: { authorization: `Bearer ${token}` } });
      expect(oldLink.statusCode).toBe(401);

      // The machine is stolen before the new code is used: unlinked, neither its token nor the code works.
      const newCode = /enrolment code ([A-Z2-9]{10})/.exec(again.out)![1];
      const relinked = await server.app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: newCode, stationId: '0192f3a4-0000-7000-8000-0000000c0003', lastSeq: 0 } });
      expect(relinked.statusCode).toBe(200);
      expect(await run(['stations', 'unlink', 'Dock door 3', ...at])).toEqual({
        code: 0,
        out: 'Dock door 3: unlinked. Its link and any code given out for it stop working now; the 0 facts it sent stay. To link it again: rmadock stations code "Dock door 3".\n',
        err: '',
      });
      const stolen = { authorization: `Bearer ${relinked.json<{ token: string }>().token}` };
      expect((await server.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: stolen, payload: { stationId: '0192f3a4-0000-7000-8000-0000000c0003', events: [] } })).statusCode).toBe(401);
      const benchCode = /enrolment code ([A-Z2-9]{10})/.exec((await run(['stations', 'code', 'Bench 1', ...at])).out)![1];
      await run(['stations', 'unlink', 'Bench 1', ...at]);
      expect((await server.app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: benchCode, stationId: '0192f3a4-0000-7000-8000-0000000c0004', lastSeq: 0 } })).statusCode).toBe(403);
      expect((await run(['stations', ...at])).out.split('\n')[1]).toMatch(/^Dock door 3\s+no\s+0\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+350\.0 MB of 120\.0 GB\s+—$/);
      expect(await run(['stations', 'unlink', ...at])).toMatchObject({ code: 2, err: 'rmadock stations: unlink needs the station\'s name, as in rmadock stations unlink "Dock door 3"\n' });

      expect(await run(['stations', 'code', 'Door 9', ...at])).toEqual({ code: 1, out: '', err: 'rmadock stations: no station is named "Door 9"; rmadock stations lists them\n' });
      await run(['stations', 'add', 'Bench 1', ...at]);
      expect((await run(['stations', 'code', 'Bench 1', ...at])).err).toMatch(/^rmadock stations: 2 stations are named "Bench 1": give one's id \(/);
      expect((await run(['stations', 'add', 'x'.repeat(61), ...at])).err).toMatch(/^rmadock stations: the server answered 400: /);
    } finally {
      await server.stop();
    }
  });

  it('gives up on a server that takes the request and never answers, after two minutes, and says so', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rd-stations-'));
    folders.push(data);
    writeFileSync(join(data, 'admin-token'), 'an-admin-token-for-a-stuck-server\n');
    const silent = await blackHole();
    const server = silent.url;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const ran = run(['stations', '--server', server, '--data', data]);
      await silent.taken();
      await vi.advanceTimersByTimeAsync(ADMIN_ANSWER_WITHIN_MS);
      expect(await ran).toEqual({
        code: 1,
        out: '',
        err: `rmadock stations: the server at ${server}/ did not answer within 2 minutes: it may be stuck, or the network dropped; rmadock status says whether it answers now\n`,
      });
    } finally {
      vi.useRealTimers();
      silent.close();
    }
  });

  it('says what is wrong: no server there, another server’s token, no token, a muddled request', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rd-stations-'));
    folders.push(data);
    writeFileSync(join(data, 'admin-token'), 'not-the-servers-admin-token\n');
    expect(await run(['stations', '--server', 'http://127.0.0.1:1', '--data', data])).toEqual({
      code: 1,
      out: '',
      err: 'rmadock stations: no sync server answers at http://127.0.0.1:1/: start it with rmadock serve, or give --server its address\n',
    });
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: mkdtempSync(join(tmpdir(), 'rd-other-')), adminToken: 'the-real-admin-token-here' });
    try {
      expect((await run(['stations', '--server', server.url, '--data', data])).err).toBe(
        `rmadock stations: the server at ${server.url}/ refused the admin token: give --data that server's own data folder, or set RMADOCK_ADMIN_TOKEN to its token\n`,
      );
      expect(await server.store.db.selectFrom('stations').select('id').execute()).toEqual([]);
    } finally {
      await server.stop();
    }
    const empty = mkdtempSync(join(tmpdir(), 'rd-stations-'));
    folders.push(empty);
    expect((await run(['stations', '--data', empty])).err).toBe(`rmadock stations: no admin token: ${join(empty, 'admin-token')} does not exist. Give --data the server's data folder, or set RMADOCK_ADMIN_TOKEN\n`);
    expect(await run(['stations', 'add'])).toMatchObject({ code: 2, err: 'rmadock stations: add needs the station\'s name, as in rmadock stations add "Dock door 3"\n' });
    expect(await run(['stations', 'remove', 'Bench 1'])).toMatchObject({ code: 2, err: 'rmadock stations: say list, add NAME, code NAME or unlink NAME, not "remove Bench 1"\n' });
    expect(await run(['stations', '--server', 'dock-server:8787'])).toMatchObject({ code: 2, err: expect.stringContaining('--server must be the server\'s address, as in http://192.168.1.10:8787') });
  });
});

/** For each test, a running server and a data folder holding its admin token, as the admin commands find them. */
function serverForAdminCommands(token: string) {
  const running = { server: undefined as unknown as RunningServer, data: '', at: [] as string[] };
  beforeEach(async () => {
    running.data = mkdtempSync(join(tmpdir(), 'rd-admin-'));
    writeFileSync(join(running.data, 'admin-token'), `${token}\n`);
    running.server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(running.data, 'server'), adminToken: token });
    running.at = ['--server', running.server.url, '--data', running.data];
  });
  afterEach(async () => {
    await running.server.stop();
    rmSync(running.data, { recursive: true, force: true });
  });
  return running;
}

/** A station linked to `server` under `name`: its id, and a push of facts as it sends them. */
async function linkedStation(server: RunningServer, admin: { authorization: string }, name: string) {
  const code = await enrolmentCode(server.app, admin, name);
  const stationId = uuidv7();
  const { token } = (await server.app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code, stationId, lastSeq: 0 } })).json<{ token: string }>();
  const push = (events: unknown[]) => server.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${token}` }, payload: { stationId, events } });
  /** The question a station asks first in each cycle, with what it says of itself. */
  const askStatus = (query = '') => server.app.inject({ method: 'GET', url: `/api/v1/sync/status${query}`, headers: { authorization: `Bearer ${token}` } });
  return { stationId, push, askStatus };
}

describe('rmadock users', () => {
  const ADMIN = 'cli-admin-token-for-people';
  const s = serverForAdminCommands(ADMIN);
  /** The people as a station pulls them. */
  const pulled = async () => {
    const { enrolCode } = (await s.server.app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: { authorization: `Bearer ${ADMIN}` }, payload: { name: `Door ${Math.random()}` } })).json<{ enrolCode: string }>();
    const { token } = (await s.server.app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: enrolCode, stationId: uuidv7(), lastSeq: 0 } })).json<{ token: string }>();
    const { changes } = (await s.server.app.inject({ method: 'GET', url: '/api/v1/sync/pull?after=0', headers: { authorization: `Bearer ${token}` } })).json<{ changes: { kind: string; key: string; data: unknown }[] }>();
    const latest = new Map(changes.filter((c) => c.kind === 'user').map((c) => [c.key, c.data as { name: string; role: string; active: boolean }]));
    return [...latest.values()].map(({ name, role, active }) => ({ name, role, active })).sort((a, b) => a.name.localeCompare(b.name));
  };

  it('adds people with their roles, lists them, changes a role, and deactivates and brings back someone who left; stations pull each change', async () => {
    expect(await run(['users', ...s.at])).toEqual({ code: 0, out: 'Nobody yet: rmadock users add "Dana Ortiz" --role dock adds someone.\n', err: '' });
    expect(await run(['users', 'add', 'Dana', 'Ortiz', '--role', 'dock', ...s.at])).toEqual({ code: 0, out: 'Dana Ortiz: dock. Each linked station offers them at sign-in from its next sync.\n', err: '' });
    expect((await run(['users', 'add', 'Sam Lee', '--role', 'supervisor', ...s.at])).code).toBe(0);
    expect((await run(['users', 'add', 'Ada Park', '--role', 'admin', ...s.at])).out).toBe('Ada Park: admin. Stations do not offer admins at sign-in.\n');

    const listed = (await run(['users', 'list', ...s.at])).out.trim().split('\n');
    expect(listed[0]).toMatch(/^NAME\s+ROLE\s+ACTIVE\s+ID$/);
    expect(listed.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([
      ['Ada Park', 'admin', 'yes'],
      ['Dana Ortiz', 'dock', 'yes'],
      ['Sam Lee', 'supervisor', 'yes'],
    ]);

    // Named as people say it, without quotes; the role last.
    expect(await run(['users', 'role', 'dana', 'ortiz', 'inspector', ...s.at])).toMatchObject({ code: 0, out: expect.stringMatching(/^Dana Ortiz: inspector \(was dock\)\./) });
    expect((await run(['users', 'role', 'Dana Ortiz', 'inspector', ...s.at])).out).toBe('Dana Ortiz is inspector already: nothing changed.\n');
    expect((await run(['users', 'deactivate', 'Sam Lee', ...s.at])).out).toMatch(/^Sam Lee: deactivated\. Stations stop offering them at sign-in/);
    expect(await pulled()).toEqual([
      { name: 'Ada Park', role: 'admin', active: true },
      { name: 'Dana Ortiz', role: 'inspector', active: true },
      { name: 'Sam Lee', role: 'supervisor', active: false },
    ]);

    // Someone who left comes back, rather than twice over.
    expect(await run(['users', 'add', 'sam lee', '--role', 'dock', ...s.at])).toEqual({
      code: 1,
      out: '',
      err: 'rmadock users: Sam Lee was here before (supervisor): rmadock users activate "Sam Lee" offers them at sign-in again\n',
    });
    expect((await run(['users', 'activate', 'Sam Lee', ...s.at])).out).toBe('Sam Lee: active again. Each linked station offers them at sign-in from its next sync.\n');
    expect((await run(['users', 'add', 'Dana Ortiz', '--role', 'dock', ...s.at])).err).toBe("rmadock users: Dana Ortiz is already here (inspector): give the new person's name another way, with an initial say\n");
    expect((await pulled()).map((u) => u.active)).toEqual([true, true, true]);
  });

  it('says what is wrong, and changes nothing: an unknown person or role, a name missing, a muddled request', async () => {
    await run(['users', 'add', 'Dana Ortiz', '--role', 'dock', ...s.at]);
    const before = (await run(['users', ...s.at])).out;
    expect(await run(['users', 'role', 'Dana Ortiz', 'boss', ...s.at])).toEqual({ code: 2, out: '', err: 'rmadock users: the role must be dock, inspector, supervisor, admin, not "boss"\n' });
    expect(await run(['users', 'add', 'Kim', '--role', 'Dock', ...s.at])).toMatchObject({ code: 2, err: 'rmadock users: the role must be dock, inspector, supervisor, admin, not "Dock"\n' });
    expect(await run(['users', 'add', 'Kim', ...s.at])).toMatchObject({ code: 2, err: 'rmadock users: add needs --role, as in rmadock users add "Kim" --role dock\n' });
    expect(await run(['users', 'role', 'Dana Ortiz', ...s.at])).toMatchObject({ code: 2, err: expect.stringContaining('role needs the name and the new role') });
    expect(await run(['users', 'deactivate', ...s.at])).toMatchObject({ code: 2, err: 'rmadock users: deactivate needs the person\'s name, as in rmadock users deactivate "Dana Ortiz"\n' });
    expect(await run(['users', 'deactivate', 'Dana Ortiz', '--role', 'dock', ...s.at])).toMatchObject({ code: 2, err: expect.stringContaining('--role goes with add') });
    expect(await run(['users', 'remove', 'Dana Ortiz', ...s.at])).toMatchObject({ code: 2, err: expect.stringContaining('say list, add NAME --role ROLE') });
    expect(await run(['users', 'deactivate', 'Kim Ng', ...s.at])).toEqual({ code: 1, out: '', err: 'rmadock users: no person is named "Kim Ng"; rmadock users lists them\n' });
    expect((await run(['users', 'add', 'Tab\there', '--role', 'dock', ...s.at])).err).toMatch(/^rmadock users: the server answered 400: user\.name: must not contain control characters/);
    expect((await run(['users', ...s.at])).out).toBe(before);
  });
});

describe('rmadock rmas import', () => {
  const ADMIN = 'cli-admin-token-for-imports';
  const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
  const s = serverForAdminCommands(ADMIN);
  const numbers = async () => (await s.server.store.db.selectFrom('rmas').select('number').orderBy('number').execute()).map((r) => r.number);

  it('sends a CSV or JSON export to the server, which updates on the second import and never duplicates', async () => {
    expect(await run(['rmas', 'import', fixture('rmas.csv'), ...s.at])).toEqual({ code: 0, out: 'rmas.csv: 6 RMAs added, 0 updated on the server; stations take them at their next sync.\n', err: '' });
    expect(await numbers()).toHaveLength(6);
    expect((await run(['rmas', 'import', fixture('rmas.csv'), ...s.at])).out).toBe('rmas.csv: 0 RMAs added, 6 updated on the server; stations take them at their next sync.\n');
    expect(await numbers()).toHaveLength(6);
    // The JSON export's fourth entry has a wrong check digit: the other three are taken.
    expect(await run(['rmas', 'import', fixture('rmas.json'), ...s.at])).toEqual({
      code: 1,
      out: 'rmas.json: 0 RMAs added, 3 updated on the server; stations take them at their next sync.\n1 left out:\n  entry 4: number: has a wrong check digit\n',
      err: '',
    });
  });

  it('lists the rows left out and ends with status 1, having imported the rest', async () => {
    const { code, out } = await run(['rmas', 'import', fixture('rmas-with-problems.csv'), ...s.at]);
    expect(code).toBe(1);
    const [summary, count, ...rows] = out.trim().split('\n');
    expect(summary).toMatch(/^rmas-with-problems\.csv: \d+ RMAs added, 0 updated/);
    expect(Number(/^(\d+) left out:$/.exec(count!)?.[1])).toBe(rows.length);
    expect(rows).toContain('  line 4: RMA10000024 issued_on: must be a real date as YYYY-MM-DD');
    expect(await numbers()).toContain('RMA10000016');
    expect(await numbers()).not.toContain('RMA10000024');
  });

  it('says what is wrong with the file or the request, and the server keeps what it had', async () => {
    await run(['rmas', 'import', fixture('rmas.csv'), ...s.at]);
    expect(await run(['rmas', 'import', join(s.data, 'nope.csv'), ...s.at])).toEqual({ code: 1, out: '', err: `rmadock rmas: cannot read ${join(s.data, 'nope.csv')} (ENOENT)\n` });
    const broken = join(s.data, 'broken.json');
    writeFileSync(broken, '[{"number": "RMA10000016",');
    expect(await run(['rmas', 'import', broken, ...s.at])).toEqual({ code: 1, out: '', err: expect.stringMatching(/^rmadock rmas: broken\.json is not valid JSON \(.+\); nothing was sent\n$/) });
    expect(await numbers()).toHaveLength(6);
    expect(await run(['rmas', 'import'])).toMatchObject({ code: 2, err: 'rmadock rmas: say rmadock rmas import FILE, as in rmadock rmas import rmas.csv\n' });
  });
});

describe('rmadock rmas show and list', () => {
  const ADMIN = 'cli-admin-token-for-rma-lookups';
  const s = serverForAdminCommands(ADMIN);

  it('shows one RMA with its lines and where it stands, and lists them by lifecycle', async () => {
    await run(['rmas', 'import', new URL('../fixtures/rmas.csv', import.meta.url).pathname, ...s.at]);
    const admin = { authorization: `Bearer ${ADMIN}` };
    const { enrolCode } = (await s.server.app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: admin, payload: { name: 'Dock door 2' } })).json<{ enrolCode: string }>();
    const stationId = uuidv7();
    const { token } = (await s.server.app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: enrolCode, stationId, lastSeq: 0 } })).json<{ token: string }>();
    await s.server.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${token}` }, payload: { stationId, events: [dockEvent(stationId, 1, 'RMA10000024')] } });

    const shown = await run(['rmas', 'show', 'rma-1000-0024', ...s.at]);
    expect(shown.code).toBe(0);
    const lines = shown.out.trim().split('\n');
    expect(lines[0]).toBe('RMA10000024: open, receiving (1 box accepted); replacement, issued 2026-11-18');
    expect(lines[1]).toBe('James Okafor, Columbus, US; bought 2026-06-10 (authorized seller)');
    expect(lines[2]).toMatch(/^SKU +QTY +KIND +CONDITION +SERIALS +DESCRIPTION$/);
    expect(lines[3]).toMatch(/^NV4108E-HS +1 +product +new +AMC9Z8Y7X6W5V4 +8-channel network video recorder$/);
    expect(lines[4]).toMatch(/^PS12V2A +2 +accessory +new +— +12 V 2 A power supply$/);

    const listed = (await run(['rmas', ...s.at])).out.trim().split('\n');
    expect(listed).toHaveLength(7);
    expect(listed[0]).toMatch(/^RMA +STATUS +LIFECYCLE +BOXES$/);
    expect((await run(['rmas', 'list', '--lifecycle', 'receiving', ...s.at])).out.trim().split('\n').slice(1)).toEqual([expect.stringMatching(/^RMA10000024 +open +receiving +1$/)]);
    expect((await run(['rmas', 'list', '--lifecycle', 'closed', ...s.at])).out).toBe('No RMAs closed on the server.\n');

    expect(await run(['rmas', 'show', 'RMA10000099', ...s.at])).toEqual({ code: 1, out: '', err: 'rmadock rmas: the server has no RMA RMA10000099: rmadock rmas import sends it the export\n' });
    expect(await run(['rmas', 'show', 'RMA10000025', ...s.at])).toMatchObject({ code: 2, err: 'rmadock rmas: RMA10000025 has a wrong check digit\n' });
    expect(await run(['rmas', 'list', '--lifecycle', 'shipped', ...s.at])).toMatchObject({ code: 2, err: 'rmadock rmas: --lifecycle must be open, receiving, closed, not "shipped"\n' });
    expect(await run(['rmas', 'show', 'RMA10000024', '--lifecycle', 'open', ...s.at])).toMatchObject({ code: 2, err: expect.stringContaining('--lifecycle goes with list') });
  });
});

describe('rmadock catalog', () => {
  const ADMIN = 'cli-admin-token-for-the-catalog';
  const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
  const s = serverForAdminCommands(ADMIN);

  it('imports a product list, lists it, and exports it in a form that imports back unchanged', async () => {
    expect(await run(['catalog', ...s.at])).toEqual({ code: 0, out: 'The catalog is empty: rmadock catalog import catalog.csv fills it.\n', err: '' });
    expect(await run(['catalog', 'import', fixture('catalog.csv'), ...s.at])).toEqual({
      code: 0,
      out: 'catalog.csv: 6 entries added, 0 updated, 0 as they were on the server; stations take the changes at their next sync.\n',
      err: '',
    });
    const listed = (await run(['catalog', 'list', ...s.at])).out.split('\n');
    expect(listed[0]).toMatch(/^SKU +KIND +WARRANTY +BARCODES +DESCRIPTION$/);
    expect(listed.find((l) => l.startsWith('NV4108E-HS'))).toMatch(/^NV4108E-HS +product +24 months +693927800459 693927800787 +8-channel network video recorder$/);
    expect(listed.find((l) => l.startsWith('PS12V2A'))).toMatch(/^PS12V2A +accessory +— +— +12 V 2 A power supply$/);

    const exported = join(s.data, 'exported.csv');
    writeFileSync(exported, (await run(['catalog', 'export', ...s.at])).out);
    expect((await run(['catalog', 'import', exported, ...s.at])).out).toBe('exported.csv: 0 entries added, 0 updated, 6 as they were on the server; stations take the changes at their next sync.\n');
    const json = join(s.data, 'exported.json');
    const asJson = (await run(['catalog', 'export', '--json', ...s.at])).out;
    expect(JSON.parse(asJson)).toHaveLength(6);
    writeFileSync(json, asJson.replace('"warrantyMonths": 12', '"warrantyMonths": 18'));
    expect((await run(['catalog', 'import', json, ...s.at])).out).toBe('exported.json: 0 entries added, 1 updated, 5 as they were on the server; stations take the changes at their next sync.\n');
    expect((await run(['catalog', ...s.at])).out.split('\n').find((l) => l.startsWith('ASH21-B'))).toMatch(/ 18 months /);

    // Removed against the version read; the removal is logged for stations to pull.
    expect(await run(['catalog', 'remove', 'ps12v2a', ...s.at])).toEqual({
      code: 0,
      out: 'PS12V2A (12 V 2 A power supply) removed. Each linked station drops it at its next sync; what was decided with it stays.\n',
      err: '',
    });
    expect((await run(['catalog', ...s.at])).out).not.toContain('PS12V2A');
    const removal = await s.server.store.db.selectFrom('changes').select(['kind', 'deleted']).where('key', '=', 'PS12V2A').orderBy('server_seq', 'desc').executeTakeFirst();
    expect(removal).toEqual({ kind: 'catalog', deleted: 1 });
    expect(await run(['catalog', 'remove', 'PS12V2A', ...s.at])).toEqual({ code: 1, out: '', err: 'rmadock catalog: the catalog has no SKU PS12V2A; rmadock catalog lists them\n' });
  });

  it('lists the rows left out, ends with status 1 having imported the rest, and says what is wrong with a request', async () => {
    const { code, out } = await run(['catalog', 'import', fixture('catalog-with-problems.csv'), ...s.at]);
    expect(code).toBe(1);
    expect(out).toBe(
      'catalog-with-problems.csv: 1 entry added, 0 updated, 0 as they were on the server; stations take the changes at their next sync.\n' +
        '6 left out:\n' +
        '  line 3: NV4108E-HS kind: must be one of "product", "accessory"\n' +
        '  line 4: PS12V2A warranty_months: must be a number\n' +
        '  line 5: sku: must not be blank\n' +
        '  line 7: ASH21-B barcodes: must be 8–14 digits\n' +
        '  line 8: IP8M-2496EB appears again (first at line 2); the first is kept\n' +
        '  line 9: AD410 description: must not be blank\n',
    );
    expect(await run(['catalog', 'import', join(s.data, 'nope.csv'), ...s.at])).toEqual({ code: 1, out: '', err: `rmadock catalog: cannot read ${join(s.data, 'nope.csv')} (ENOENT)\n` });
    const broken = join(s.data, 'catalog.json');
    writeFileSync(broken, '[{"sku": "PS12V2A",');
    expect(await run(['catalog', 'import', broken, ...s.at])).toEqual({ code: 1, out: '', err: expect.stringMatching(/^rmadock catalog: catalog\.json is not valid JSON \(.+\); nothing was sent\n$/) });
    expect(await run(['catalog', 'import', ...s.at])).toMatchObject({ code: 2, err: 'rmadock catalog: say rmadock catalog import FILE, as in rmadock catalog import catalog.csv\n' });
    expect(await run(['catalog', 'list', '--json', ...s.at])).toMatchObject({ code: 2, err: 'rmadock catalog: --json goes with export, as in rmadock catalog export --json\n' });
    expect(await run(['catalog', 'delete', 'PS12V2A', ...s.at])).toMatchObject({ code: 2, err: 'rmadock catalog: say list, import FILE, export or remove SKU, not "delete PS12V2A"\n' });
    expect(await run(['catalog', 'remove', ...s.at])).toMatchObject({ code: 2, err: 'rmadock catalog: say rmadock catalog remove SKU, as in rmadock catalog remove PS12V2A\n' });
    expect(await run(['catalog', '--server', s.server.url, '--data', join(s.data, 'elsewhere')])).toMatchObject({ code: 1, err: expect.stringContaining('rmadock catalog: no admin token') });
    expect((await run(['catalog', ...s.at])).out.trim().split('\n')).toHaveLength(2);
  });
});

describe('rmadock exceptions and rmadock refused', () => {
  const ADMIN = 'cli-admin-token-for-exceptions';
  const s = serverForAdminCommands(ADMIN);
  const admin = { authorization: `Bearer ${ADMIN}` };

  it('rmadock exceptions lists the open exceptions in words with their RMA and station, and with --all the resolved ones and how', async () => {
    expect(await run(['exceptions', ...s.at])).toEqual({ code: 0, out: 'No open exceptions: the facts agree, or every disagreement was resolved.\n', err: '' });
    const csv = new URL('../fixtures/rmas.csv', import.meta.url);
    await s.server.app.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: readFileSync(csv, 'utf8') });
    const { stationId, push } = await linkedStation(s.server, admin, 'Dock door 2');
    const second = dockEvent(stationId, 2, 'RMA10000016');
    const resolution = {
      ...dockEvent(stationId, 4, 'RMA10000016'),
      actor: { name: 'Sam Lee', role: 'supervisor' as const },
      schemaVersion: 2,
      type: 'exception_resolved' as const,
      payload: { exceptionId: exceptionIdFor('more_packages_than_authorised', second.id), note: 'The second box was the same shipment.' },
    };
    expect((await push([dockEvent(stationId, 1, 'RMA10000016'), second, dockEvent(stationId, 3, 'RMA10000032')])).statusCode).toBe(200);

    const open = (await run(['exceptions', ...s.at])).out.trim().split('\n');
    expect(open[0]).toMatch(/^RMA +STATION +WHAT$/);
    expect(open.slice(1)).toEqual([
      expect.stringMatching(/^RMA10000016 +Dock door 2 +2 packages accepted against 1 unit authorised$/),
      expect.stringMatching(/^RMA10000032 +Dock door 2 +a package accepted for an RMA that is cancelled$/),
    ]);
    expect((await push([resolution])).statusCode).toBe(200);
    expect((await run(['exceptions', ...s.at])).out.trim().split('\n').slice(1)).toEqual([expect.stringMatching(/^RMA10000032 /)]);
    const all = (await run(['exceptions', '--all', ...s.at])).out.trim().split('\n');
    expect(all[0]).toMatch(/^RMA +STATION +RESOLVED +WHAT$/);
    expect(all[1]).toMatch(/^RMA10000016 +Dock door 2 +Sam Lee: The second box was the same shipment\. +2 packages accepted against 1 unit authorised$/);
    expect(all[2]).toMatch(/^RMA10000032 +Dock door 2 +open +a package accepted/);
    expect(await run(['exceptions', '--open', ...s.at])).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--open'") });
  });

  it("rmadock refused lists every station's refused facts in words: where, what, for which RMA, who and when, and why", async () => {
    expect(await run(['refused', ...s.at])).toEqual({ code: 0, out: 'The server has refused no fact.\n', err: '' });
    const { stationId, push } = await linkedStation(s.server, admin, 'Dock door 2');
    const notAllowed = { ...dockEvent(stationId, 3, 'RMA10000016'), schemaVersion: 2, type: 'exception_resolved' as const, payload: { exceptionId: uuidv7(), note: 'Settled it myself.' } };
    expect((await push([dockEvent(stationId, 1, 'RMA10000073'), dockEvent(stationId, 2, null, 'package_refused'), notAllowed])).statusCode).toBe(200);
    const listed = (await run(['refused', ...s.at])).out.trim().split('\n');
    expect(listed[0]).toMatch(/^STATION +# +WHAT +RMA +RECORDED +WHY$/);
    expect(listed.slice(1)).toEqual([
      expect.stringMatching(/^Dock door 2 +1 +package accepted +RMA10000073 +\S.*, 2026-11-28 10:00 UTC +the server does not know this RMA$/),
      expect.stringMatching(/^Dock door 2 +3 +exception resolved +RMA10000016 +\S.*, 2026-11-28 10:00 UTC +the person who recorded it may not record that$/),
    ]);
    expect(await run(['refused', 'all', ...s.at])).toMatchObject({ code: 2 });
  });
});

describe('rmadock status', () => {
  const ADMIN = 'cli-admin-token-for-status';
  const s = serverForAdminCommands(ADMIN);
  const admin = { authorization: `Bearer ${ADMIN}` };

  it('says at a glance that the server answers, which linked stations have not synced for a day, and what waits for a supervisor', async () => {
    const empty = await run(['status', ...s.at]);
    expect(empty).toMatchObject({ code: 0, err: '' });
    expect(empty.out.split('\n')).toEqual([
      `The sync server at ${s.server.url}/ answers (store: sqlite; 0 changes numbered so far).`,
      // This machine's disk has room (roomInWords is tested with the figures that warn).
      expect.stringMatching(/^Storage: the database takes \d+\.\d MB; \d+\.\d [MG]B free on its disk\.$/),
      'Stations: none yet — rmadock stations add "Dock door 1" makes one.',
      'Exceptions open: 0.',
      'Facts refused, in all: 0.',
      '',
    ]);
    await s.server.app.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: readFileSync(new URL('../fixtures/rmas.csv', import.meta.url), 'utf8') });
    const door2 = await linkedStation(s.server, admin, 'Dock door 2');
    await linkedStation(s.server, admin, 'Bench 1');
    const door3 = await linkedStation(s.server, admin, 'Dock door 3');
    await run(['stations', 'add', 'Dock door 4', ...s.at]);
    // Two boxes against one unit (an exception), and an RMA the server does not know (refused).
    await door2.push([dockEvent(door2.stationId, 1, 'RMA10000016'), dockEvent(door2.stationId, 2, 'RMA10000016'), dockEvent(door2.stationId, 3, 'RMA10000073')]);
    const seen = (stationId: string, at: string) => s.server.store.db.updateTable('stations').set({ last_seen_at: at }).where('id', '=', stationId).execute();
    await seen(door2.stationId, '2026-11-27T09:12:00.000Z');
    // Dock door 3 syncs now, and says its storage is nearly full.
    const GB = 1024 ** 3;
    expect((await door3.askStatus(`?storageUsed=${9.5 * GB}&storageQuota=${10 * GB}`)).statusCode).toBe(200);
    expect((await run(['stations', ...s.at])).out).toMatch(/^Dock door 3 .* 9\.5 GB of 10\.0 GB \(nearly full\) /m);

    const { code, out } = await run(['status', ...s.at]);
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^The sync server at ${s.server.url}/ answers \\(store: sqlite; \\d+ changes numbered so far\\)\\.$`)),
      expect.stringMatching(/^Storage: /),
      'Stations: 3 linked, 1 with a code not yet used.',
      'Not synced for a day or more, so boxes accepted there may not have reached the server: Dock door 2 (last 2026-11-27 09:12 UTC), Bench 1 (never synced) — rmadock stations lists them all.',
      'Storage nearly full, as last said, at: Dock door 3 (9.5 GB of 10.0 GB). Once full, a station records nothing more: free space on its computer\'s disk, or a supervisor there removes the photos the server keeps (Settings).',
      'Exceptions open: 1 — rmadock exceptions lists them.',
      'Facts refused, in all: 1 — rmadock refused lists them.',
      '',
    ]);
    expect(await run(['status', '--server', 'http://127.0.0.1:1', '--data', s.data])).toMatchObject({ code: 1, err: expect.stringMatching(/^rmadock status: no sync server answers at http:\/\/127\.0\.0\.1:1\//) });
  });
});

describe('rmadock demo-data', () => {
  it('writes the same realistic RMAs for the same seed, in a format the import reads', async () => {
    const { parseRmaExport } = await import('../../shared/rma');
    const a = await run(['demo-data', '--rmas', '40', '--seed', '3', '--issued-up-to', '2026-11-28']);
    const b = await run(['demo-data', '--rmas', '40', '--seed', '3', '--issued-up-to', '2026-11-28']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const parsed = parseRmaExport(a.out);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rmas).toHaveLength(40);
    expect(new Set(parsed.rmas.map((r) => r.number)).size).toBe(40);
    expect(parsed.rmas.every((r) => r.issuedOn <= '2026-11-28')).toBe(true);
    const json = await run(['demo-data', '--rmas', '5', '--format', 'json', '--issued-up-to', '2026-11-28']);
    expect(parseRmaExport(json.out)).toMatchObject({ format: 'json', problems: [] });
  });

  it('refuses bad arguments, naming them', async () => {
    expect(await run(['demo-data'])).toMatchObject({ code: 2, err: expect.stringMatching(/--rmas must be a whole number/) });
    expect(await run(['demo-data', '--rmas', '-3'])).toMatchObject({ code: 2 });
    expect(await run(['demo-data', '--rmas', '3', '--format', 'xml'])).toMatchObject({ code: 2, err: expect.stringMatching(/--format/) });
    expect(await run(['demo-data', '--rmas', '3', '--issued-up-to', '2026-13-01'])).toMatchObject({ code: 2, err: expect.stringMatching(/--issued-up-to/) });
  });

  it('says a file it cannot write, and exits 1 (it had crashed with a stack trace)', async () => {
    const missing = join(tmpdir(), `rd-no-such-folder-${uuidv7()}`, 'rmas.csv');
    expect(await run(['demo-data', '--rmas', '3', '--out', missing])).toEqual({ code: 1, out: '', err: `rmadock demo-data: cannot write ${missing} (ENOENT)\n` });
    expect(await run(['demo-data', '--rmas', '3', '--out', tmpdir()])).toEqual({ code: 1, out: '', err: `rmadock demo-data: cannot write ${tmpdir()} (EISDIR)\n` });
  });
});
