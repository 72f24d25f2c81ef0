import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backUpStore, summaryOf } from '../../../server/db/backup';
import { startServer } from '../../../server/main';

/**
 * A disk that really fills: a tmpfs of 1.5 MB, mounted in a mount
 * namespace of the test's own (`unshare -rm`: no root needed, and nothing is mounted outside it).
 * Where the system has no such namespaces (not Linux, or user namespaces turned off) there is
 * nothing to mount; the room checks are tested there with the free space supplied (cli.test.ts).
 */
const canMount = process.platform === 'linux' && spawnSync('unshare', ['-rm', 'true']).status === 0;

const DISK_BYTES = 1536 * 1024;

/** A server's data folder, its changes numbered up to `serverSeq` to tell it apart, its database made larger by a table of filler. */
async function serverData(dir: string, serverSeq: number, fillerBytes: number): Promise<void> {
  mkdirSync(dir);
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, adminToken: 'full-disk-admin-token' });
  await server.stop();
  const db = new Sqlite(join(dir, 'returns-dock.sqlite'));
  try {
    db.prepare('update counter set value = ? where id = 1').run(serverSeq);
    db.exec('create table filler (b blob)');
    const insert = db.prepare('insert into filler values (randomblob(16384))');
    for (let i = 0; i < fillerBytes / 16384; i++) insert.run();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

interface Seen {
  said: string;
  left: string[];
  kept: unknown;
}

describe.skipIf(!canMount)('a full disk under the sync server (a real tmpfs)', () => {
  const root = mkdtempSync(join(tmpdir(), 'rd-full-disk-'));
  const disk = join(root, 'disk');
  const onDisk = join(disk, 'data');
  const data = (name: string) => join(root, name);
  const backup = (name: string) => join(root, `${name}-backup.sqlite`);
  beforeAll(async () => {
    mkdirSync(disk);
    // Larger than the disk; empty; two under half of it each, whose copies fit beside either but not both.
    const folders = [['big', 300, 3 * 1024 * 1024], ['empty', 100, 0], ['half', 200, 550 * 1024], ['other half', 250, 550 * 1024]] as const;
    for (const [name, serverSeq, filler] of folders) {
      await serverData(data(name), serverSeq, filler);
      await backUpStore(data(name), backup(name));
    }
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /**
   * In the namespace: the small disk mounted, a backups folder on it, `dataOnDisk` copied onto it
   * as `data`; then `script` with `args`, its output read as JSON.
   */
  async function onSmallDisk<T>(dataOnDisk: string | null, script: string, args: string[]): Promise<T> {
    const setUp = 'mount -t tmpfs -o size="$1" tmpfs "$2" && mkdir "$2/backups" && { [ -z "$3" ] || cp -r "$3" "$2/data"; } && shift 3 && exec "$@"';
    const { stdout } = await promisify(execFile)(
      'unshare',
      ['-rm', 'sh', '-c', setUp, 'sh', String(DISK_BYTES), disk, dataOnDisk ?? '', process.execPath, '--import', 'tsx', join(import.meta.dirname, script), ...args],
      { cwd: join(import.meta.dirname, '../../..'), timeout: 60_000 },
    );
    return JSON.parse(stdout) as T;
  }
  const copyOnSmallDisk = (dataOnDisk: string | null, mode: 'backup' | 'restore', folder: string, file: string) => onSmallDisk<Seen>(dataOnDisk, 'copies.ts', [mode, folder, file]);

  const filledUp = (folder: string, what: string) => `BackupError: the disk holding ${folder} filled up during ${what}, and the part written was taken away: make room there, or use another disk`;

  it('a backup cut off by the full disk leaves no file looking like a backup, and says so', async () => {
    const seen = await copyOnSmallDisk(null, 'backup', data('big'), join(disk, 'backups', 'big.sqlite'));
    expect(seen).toEqual({ said: filledUp(join(disk, 'backups'), 'the backup'), left: [], kept: null });
  });

  it('a restore whose backup does not fit leaves the database it was to replace as it was', async () => {
    const seen = await copyOnSmallDisk(data('empty'), 'restore', onDisk, backup('big'));
    expect(seen).toEqual({ said: filledUp(onDisk, 'the restore'), left: readdirSync(data('empty')).sort(), kept: summaryOf(backup('empty')) });
  });

  it('a restore with room for the backup but not for the copy kept of the database it replaces takes both away', async () => {
    const seen = await copyOnSmallDisk(data('half'), 'restore', onDisk, backup('other half'));
    expect(seen).toEqual({ said: filledUp(onDisk, 'the restore'), left: readdirSync(data('half')).sort(), kept: summaryOf(backup('half')) });
  });

  it('a sync server whose disk is full to the last byte answers 507 and keeps nothing; once a file is taken away it takes the same push, once', async () => {
    const seen = await onSmallDisk<Record<string, unknown>>(null, 'server.ts', [disk]);
    expect(seen).toEqual({
      whenFull: { status: 507, body: { error: 'out_of_room', message: "the sync server's disk is full, so nothing of this request was kept: whoever looks after the server must make room on it" } },
      heldWhenFull: 0,
      once: { status: 200, results: ['accepted'] },
      twice: { status: 200, results: ['duplicate'] },
      held: 200,
    });
  });

  it('rmadock serve on a full disk says the disk is full and what to do, for a data folder in use and a new one, which starts once there is room', async () => {
    const fullDisk = (folder: string): unknown => expect.stringMatching(new RegExp(`^rmadock serve: could not start: the disk holding ${folder} is full \\(it has 0\\.0 MB free\\): make room there, then start again \\(.+\\)\n$`));
    const seen = await onSmallDisk<Record<string, unknown>>(null, 'start.ts', [disk]);
    expect(seen).toEqual({ held: { code: 1, err: fullDisk(onDisk) }, fresh: { code: 1, err: fullDisk(join(disk, 'new')) }, later: 200 });
  });

  it("the desktop app's journal on a full disk: an append or a cut it has no room for fails whole, and loses no fact; the identity beside it stays as it was", async () => {
    const seen = await onSmallDisk<Record<string, unknown>>(null, 'journal.ts', [disk]);
    const all = Array.from({ length: 12 }, (_, i) => i + 1);
    const fullDisk: unknown = expect.stringMatching(/^ENOSPC: this computer's disk is full: free space on it \(ENOSPC: no space left on device, write\)$/);
    expect(seen).toEqual({
      // A single write call had said "written" for part of facts 4–12, and the journal held 1–10, the last torn.
      appendWhenFull: fullDisk,
      heldWhenFull: [1, 2, 3],
      appendAgain: 'done: 9',
      heldAfterAppend: all,
      // A cut that wrote part of what it keeps had put 2–11 in place of the journal: fact 12 lost from it.
      cutWhenShort: fullDisk,
      heldAfterCut: all,
      renameWhenFull: fullDisk,
      recalledWhenFull: 'Door 1',
      files: ['events.jsonl', 'station.json'],
    });
  });
});
