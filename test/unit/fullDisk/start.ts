/**
 * Run by fullDisk.test.ts inside a mount namespace of its own, on a small tmpfs: `rmadock serve`
 * started on a disk full to the last byte, for a data folder that holds a database and for a new
 * one. Prints what the command said and its exit code, each time, and how the new one starts
 * once there is room (an admin's request answered with the token it made).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../../server/main';
import { runCli } from '../runCli';
import { fillTheDisk } from './filler';

const [disk] = process.argv.slice(2) as [string];
const held = join(disk, 'data');
await (await startServer({ port: 0, host: '127.0.0.1', dataDir: held, adminToken: 'full-disk-admin-token' })).stop();
fillTheDisk(join(disk, 'another program.bin'));
const start = async (data: string) => {
  const { code, err } = await runCli(['serve', '--port', '0', '--data', data]);
  return { code, err };
};
const said = { held: await start(held), fresh: await start(join(disk, 'new')) };
// Room made, the new folder starts: what the failed start left in it does not stand in the way.
rmSync(join(disk, 'another program.bin'));
const later = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(disk, 'new') });
const admin = { authorization: `Bearer ${readFileSync(join(disk, 'new', 'admin-token'), 'utf8').trim()}` };
const stations = await later.app.inject({ method: 'GET', url: '/api/v1/admin/stations', headers: admin });
await later.stop();
process.stdout.write(JSON.stringify({ ...said, later: stations.statusCode }));
