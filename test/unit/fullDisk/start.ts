/**
 * Run by fullDisk.test.ts inside a mount namespace of its own, on a small tmpfs: `rmadock serve`
 * started on a disk full to the last byte, for a data folder that holds a database and for a new
 * one. Prints what the command said and its exit code, each time.
 */
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
process.stdout.write(JSON.stringify({ held: await start(held), fresh: await start(join(disk, 'new')) }));
