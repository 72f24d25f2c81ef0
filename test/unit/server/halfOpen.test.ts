import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startServer, type RunningServer } from '../../../server/main';
import { enrolmentCode } from './harness';

let server: RunningServer | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await server?.stop();
  server = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A socket that sends `text` and no more, as a station whose network dropped part way; what it was told before the server closed it. */
function sendAndFallSilent(url: string, text: string): Promise<{ said: string; closed: true }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let said = '';
    const socket = connect(Number(port), hostname, () => socket.write(text));
    socket.on('data', (chunk: Buffer) => (said += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ said, closed: true }));
  });
}

describe('a request that stops arriving part way (a station whose network dropped mid-push)', () => {
  it('is answered 408 and its connection closed once its time is up; the server serves the rest meanwhile', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rd-half-open-'));
    dirs.push(dataDir);
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminToken: 'half-open-admin-token', requestWithinMs: 1_000 });
    const admin = { authorization: 'Bearer half-open-admin-token' };
    const stationId = uuidv7();
    const code = await enrolmentCode(server.app, admin, 'Dock door 1');
    const { token } = (await server.app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code, stationId, lastSeq: 0 } })).json<{ token: string }>();
    const head = `POST /api/v1/sync/push HTTP/1.1\r\nHost: sync\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n`;
    const cut = sendAndFallSilent(server.url, `${head}{"stationId": "${stationId}", "events": [`);
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    const { said } = await cut;
    expect(said).toMatch(/^HTTP\/1\.1 408 /);
    expect(await server.store.db.selectFrom('events').select('id').execute()).toEqual([]);
  }, 15_000);
});
