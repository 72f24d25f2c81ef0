/**
 * Run by fullDisk.test.ts inside a mount namespace of its own, on a small tmpfs: a sync server
 * whose data folder is on it, a station's push while the disk is full to the last byte, then
 * again once a file is taken away. Prints what the server answered each time and what it holds.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { startServer } from '../../../server/main';
import { enrolmentCode } from '../server/harness';
import { dockEvent } from '../server/stores';
import { fillTheDisk } from './filler';

const [disk] = process.argv.slice(2) as [string];
const ADMIN = 'full-disk-admin-token';
const admin = { authorization: `Bearer ${ADMIN}` };
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(disk, 'data'), adminToken: ADMIN });
const { app, store } = server;
const stationId = uuidv7();
const code = await enrolmentCode(app, admin, 'Dock door 1');
const { token } = (await app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code, stationId, lastSeq: 0 } })).json<{ token: string }>();

const events = Array.from({ length: 200 }, (_, i) => dockEvent(stationId, i + 1, null, 'package_refused'));
const push = async () => {
  const r = await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${token}` }, payload: { stationId, events } });
  return { status: r.statusCode, body: r.json<{ results?: { status: string }[] }>() };
};
const statuses = (answer: Awaited<ReturnType<typeof push>>) => [...new Set(answer.body.results?.map((r) => r.status))];
const held = async () => Number((await store.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const filler = join(disk, 'another program.bin');
fillTheDisk(filler);
const whenFull = await push();
const heldWhenFull = await held();
rmSync(filler);
const once = await push();
const twice = await push();
const seen = { whenFull, heldWhenFull, once: { status: once.status, results: statuses(once) }, twice: { status: twice.status, results: statuses(twice) }, held: await held() };
await server.stop();
process.stdout.write(JSON.stringify(seen));
