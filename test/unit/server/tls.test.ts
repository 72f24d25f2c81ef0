import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli as run } from '../runCli';
import { unreachable } from '../../../cli/adminClient';
import { startServer, type RunningServer } from '../../../server/main';
import { checkedCertificate } from '../../../server/tls';

// A self-signed certificate for localhost and 127.0.0.1, valid until 2126, made for these tests
// with openssl; other-key.pem is a key of no certificate, no-names-cert.pem names no host.
const TLS = new URL('../../fixtures/tls/', import.meta.url).pathname;
const pem = (name: string) => readFileSync(join(TLS, name), 'utf8');
const files = { cert: pem('server-cert.pem'), key: pem('server-key.pem') };
const ADMIN = 'a-long-enough-admin-token';


/** A GET trusting only the test certificate, as a station given it would. */
function getTrusting(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: files.cert }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const folders: string[] = [];
const servers: RunningServer[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-tls-'));
  folders.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

describe('the sync server over HTTPS', () => {
  it('serves HTTPS with the certificate given, and nothing in plain HTTP', async () => {
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: folder(), adminToken: ADMIN, tls: files });
    servers.push(server);
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.certificate).toMatchObject({ names: ['localhost', '127.0.0.1'], validTo: new Date('2126-11-06T03:55:12Z'), warning: null });
    const health = await getTrusting(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    // Under the certificate's other name too.
    expect((await getTrusting(`${server.url.replace('127.0.0.1', 'localhost')}/api/v1/health`)).status).toBe(200);
    await expect(fetch(`${server.url.replace('https:', 'http:')}/api/v1/health`)).rejects.toThrow();
  });

  it('takes admin commands over HTTPS from a computer that trusts its certificate, and says what to do on one that does not', async () => {
    const data = folder();
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data, tls: files });
    servers.push(server);
    const at = ['--server', server.url, '--data', data];

    const untrusted = await run(['stations', ...at]);
    expect(untrusted).toEqual({
      code: 1,
      out: '',
      err: `rmadock stations: the server at ${server.url}/ serves a certificate this computer does not trust (DEPTH_ZERO_SELF_SIGNED_CERT): run the command with NODE_EXTRA_CA_CERTS set to that certificate's file (or its authority's)\n`,
    });
    const plain = await run(['stations', '--server', server.url.replace('https:', 'http:'), '--data', data]);
    expect(plain.err).toBe(`rmadock stations: the server at ${server.url.replace('https:', 'http:')}/ closed the connection: if it serves HTTPS (rmadock serve --tls-cert), give --server its address with https://\n`);

    // As the message says: a new process, told to trust the certificate.
    const bin = new URL('../../../bin/rmadock.js', import.meta.url).pathname;
    const trusting = (...args: string[]) =>
      promisify(execFile)(process.execPath, [bin, ...args, ...at], { env: { ...process.env, NODE_EXTRA_CA_CERTS: join(TLS, 'server-cert.pem'), RMADOCK_ADMIN_TOKEN: '' } });
    expect((await trusting('stations', 'add', 'Dock door 3')).stdout).toMatch(/^Dock door 3: enrolment code [A-Z2-9]{10}, for one station/);
    // rmadock status says when the certificate runs out (a warning only in its last 30 days).
    expect((await trusting('status')).stdout.split('\n').slice(0, 4)).toEqual([
      `The sync server at ${server.url}/ answers (store: sqlite; 0 changes numbered so far).`,
      expect.stringMatching(/^HTTPS certificate: runs out on 2126-11-06, in \d{5} days\.$/),
      expect.stringMatching(/^Storage: the database takes /),
      'Stations: 0 linked, 1 with a code not yet used.',
    ]);
    const listed = await server.app.inject({ method: 'GET', url: '/api/v1/admin/stations', headers: { authorization: `Bearer ${readFileSync(join(data, 'admin-token'), 'utf8').trim()}` } });
    expect(listed.json<{ name: string }[]>().map((s) => s.name)).toEqual(['Dock door 3']);
  }, 30_000);

  it('says a certificate that does not name the host asked, or has run out (as Node names them)', () => {
    const failed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
    expect(unreachable('https://192.168.1.10:8787/', failed('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe(
      "the server's certificate does not name the host in https://192.168.1.10:8787/: give --server one of the names it was made for (rmadock serve lists them)",
    );
    expect(unreachable('https://returns-server:8787/', failed('CERT_HAS_EXPIRED'))).toBe('the server at https://returns-server:8787/ serves a certificate that has run out: renew it');
    expect(unreachable('https://returns-server:8787/', failed('ECONNREFUSED'))).toBe('no sync server answers at https://returns-server:8787/: start it with rmadock serve, or give --server its address');
  });

  it('says an HTTPS address given for a server in plain HTTP', async () => {
    const data = folder();
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data });
    servers.push(server);
    const https = server.url.replace('http:', 'https:');
    expect((await run(['stations', '--server', https, '--data', data])).err).toBe(`rmadock stations: the server at ${https}/ answers in plain HTTP, not HTTPS: give --server its address with http://\n`);
  });
});

describe('the certificate, checked before the server listens', () => {
  const now = new Date('2026-11-30T12:00:00Z');

  it('refuses a key of another certificate, a file that is not PEM, a certificate naming no host', () => {
    expect(() => checkedCertificate({ ...files, key: pem('other-key.pem') }, now)).toThrow('the key file holds the key of another certificate: give the key made with this certificate');
    expect(() => checkedCertificate({ ...files, cert: files.key }, now)).toThrow('the certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    expect(() => checkedCertificate({ ...files, key: files.cert }, now)).toThrow('the key file holds no PEM private key, or one protected by a passphrase');
    expect(() => checkedCertificate({ ...files, cert: pem('no-names-cert.pem') }, now)).toThrow('the certificate names no host or address (subjectAltName): stations would refuse it');
  });

  it('refuses a certificate out of date, and warns of one that runs out within a month', () => {
    expect(() => checkedCertificate(files, new Date('2127-01-01T00:00:00Z'))).toThrow('the certificate ran out on 2126-11-06: stations would refuse it. Renew it');
    expect(() => checkedCertificate(files, new Date('2020-01-01T00:00:00Z'))).toThrow(/^the certificate is valid only from 2026-11-\d\d: check this computer's date/);
    expect(checkedCertificate(files, new Date('2126-10-27T03:55:12Z')).warning).toBe('the certificate runs out on 2126-11-06, in 10 days: renew it before then, or stations stop syncing');
    expect(checkedCertificate(files, new Date('2126-10-01T00:00:00Z')).warning).toBeNull();
  });
});

describe('rmadock serve --tls-cert --tls-key', () => {
  it('wants both files, names one it cannot read, and says what is wrong with them before it opens the store', async () => {
    const data = folder();
    const cert = join(TLS, 'server-cert.pem');
    expect(await run(['serve', '--port', '0', '--data', data, '--tls-cert', cert])).toMatchObject({ code: 2, err: 'rmadock serve: --tls-cert and --tls-key go together: the certificate file and its private key file\n' });
    const missing = join(data, 'nope.pem');
    expect(await run(['serve', '--port', '0', '--data', data, '--tls-cert', cert, '--tls-key', missing])).toEqual({
      code: 1,
      out: '',
      err: `rmadock serve: could not start: --tls-key ${missing}: no such file\n`,
    });
    expect(await run(['serve', '--port', '0', '--data', data, '--tls-cert', cert, '--tls-key', join(TLS, 'other-key.pem')])).toEqual({
      code: 1,
      out: '',
      err: 'rmadock serve: could not start: the key file holds the key of another certificate: give the key made with this certificate\n',
    });
    // The store was never opened, so nothing holds the folder.
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data, adminToken: ADMIN });
    servers.push(server);
  });
});
