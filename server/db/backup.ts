import Sqlite from 'better-sqlite3';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { lockDataFolder, sqliteFileIn } from './connect';
import { bytesInWords } from '../../shared/words';
import { freeBytesAt, isOutOfRoom, sqliteBytes } from './room';

/** What a backup holds, for the operator to check it is the one meant. */
export interface StoreSummary {
  facts: number;
  serverSeq: number;
}

/** A backup or restore that cannot be done, and why, in words for the operator. */
export class BackupError extends Error {}

/** What a returns-dock server database file holds; a BackupError when it is not one. */
export function summaryOf(file: string): StoreSummary {
  let db: Sqlite.Database;
  try {
    db = new Sqlite(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new BackupError(`${file} cannot be opened (${(e as Error).message})`);
  }
  try {
    const tables = db.prepare(`select count(*) as n from sqlite_master where type = 'table' and name in ('counter', 'events', 'kysely_migration')`).get() as { n: number };
    if (tables.n !== 3) throw new BackupError(`${file} is not a returns-dock server database`);
    const facts = (db.prepare('select count(*) as n from events').get() as { n: number }).n;
    const counter = db.prepare('select value from counter where id = 1').get() as { value: number } | undefined;
    return { facts, serverSeq: counter?.value ?? 0 };
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`${file} is not a returns-dock server database (${(e as Error).message})`);
  } finally {
    db.close();
  }
}

/**
 * SQLite's online backup of `source` into the new file `target`, which is then made one
 * self-contained file (a rollback journal, not WAL): reading it later leaves no -wal or -shm
 * files beside it, and it can be copied alone. A backup cut off part way takes its new file away
 * itself (better-sqlite3; seen on a full tmpfs, fullDisk.test.ts); the callers still take it away
 * should the step after it fail, and take away a whole copy that cannot be used.
 */
async function copyDatabase(source: Sqlite.Database, target: string): Promise<void> {
  await source.backup(target);
  const copy = new Sqlite(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Where a copy is written: what room it has (injected where a test needs a full disk). */
export interface BackupRoom {
  freeBytesAt: (folder: string) => Promise<number>;
}

/**
 * Copy the server's SQLite database to `to`, consistent to one commit (SQLite's online backup),
 * while the server runs or not. Never overwrites a file: an earlier backup is kept. Refused when
 * the disk has less room than the database takes — the server's own disk, often, and filling it
 * would stop every station's sync; a copy cut off by a full disk is taken away, not left looking
 * like a backup.
 */
export async function backUpStore(dataDir: string, to: string, room: BackupRoom = { freeBytesAt }): Promise<StoreSummary> {
  const source = sqliteFileIn(dataDir);
  if (!existsSync(source)) throw new BackupError(`there is no returns-dock server database in ${dirname(source)}`);
  const target = resolve(to);
  if (existsSync(target)) throw new BackupError(`${target} exists already: name a new file, so that no earlier backup is overwritten`);
  if (!existsSync(dirname(target))) throw new BackupError(`the folder ${dirname(target)} does not exist`);
  const databaseBytes = await sqliteBytes(source);
  const free = await room.freeBytesAt(dirname(target));
  if (free < databaseBytes) {
    throw new BackupError(`the disk holding ${dirname(target)} has ${bytesInWords(free)} free, and the database takes ${bytesInWords(databaseBytes)}: make room there, or back up to another disk`);
  }
  const db = new Sqlite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await copyDatabase(db, target);
  } catch (e) {
    rmSync(target, { force: true });
    throw outOfRoomOr(e, dirname(target), 'the backup');
  } finally {
    db.close();
  }
  return summaryOf(target);
}

/** A day's copy in a backups folder, named so that its name sorts by its day. */
const DAILY_COPY = /^returns-dock-\d{4}-\d{2}-\d{2}\.sqlite$/;
const dailyCopyName = (day: string): string => `returns-dock-${day}.sqlite`;

/**
 * Today's copy into `folder`, then the oldest daily copies there taken away so that `keep`
 * remain: backups every night would otherwise fill the disk. Only files named as this names
 * them are ever removed, and only after today's was written whole.
 * @param day the day the copy is of, YYYY-MM-DD (the operator's calendar)
 */
export async function backUpInto(dataDir: string, folder: string, { day, keep }: { day: string; keep: number }, room?: BackupRoom): Promise<{ file: string; summary: StoreSummary; removed: string[] }> {
  const dir = resolve(folder);
  const file = join(dir, dailyCopyName(day));
  if (existsSync(file)) throw new BackupError(`${file}, the copy of ${day}, exists already: it is kept as it is`);
  const summary = await backUpStore(dataDir, file, room);
  const daily = readdirSync(dir).filter((name) => DAILY_COPY.test(name)).sort();
  // Today's stays, whatever else sorts after it (a copy named for a day ahead of this clock).
  const removed = daily.slice(0, Math.max(0, daily.length - keep)).map((name) => join(dir, name)).filter((old) => old !== file);
  for (const old of removed) rmSync(old);
  return { file, summary, removed };
}

/**
 * Put a backup in place of the server's database, with the server stopped (this holds the data
 * folder as a server would). The database it replaces is kept beside it, never deleted. The
 * backup is copied in under another name first and then renamed over, so a restore cut off
 * halfway leaves the old database whole.
 */
export async function restoreStore(dataDir: string, from: string, now: Date, room: BackupRoom = { freeBytesAt }): Promise<{ restored: StoreSummary; keptAs: string | null }> {
  const source = resolve(from);
  const restored = summaryOf(source);
  const release = await lockDataFolder(dataDir, 'restore once it has stopped');
  try {
    const current = sqliteFileIn(dataDir);
    const dir = dirname(current);
    // The backup comes in beside the database it replaces, which is kept: room for both.
    const needed = (await sqliteBytes(source)) + (await sqliteBytes(current));
    const free = await room.freeBytesAt(dir);
    if (free < needed) {
      throw new BackupError(`the disk holding ${dir} has ${bytesInWords(free)} free, and the restore needs ${bytesInWords(needed)} (the backup, and a copy of the database it replaces): make room there first`);
    }
    const incoming = join(dir, 'returns-dock.restoring.sqlite');
    rmSync(incoming, { force: true });
    const backup = new Sqlite(source, { readonly: true, fileMustExist: true });
    try {
      await copyDatabase(backup, incoming);
    } catch (e) {
      rmSync(incoming, { force: true });
      throw outOfRoomOr(e, dir, 'the restore');
    } finally {
      backup.close();
    }
    let keptAs: string | null = null;
    if (existsSync(current)) {
      keptAs = join(dir, `returns-dock.before-restore-${now.toISOString().replace(/[:.]/g, '-')}.sqlite`);
      const replaced = new Sqlite(current, { fileMustExist: true });
      try {
        await copyDatabase(replaced, keptAs);
      } catch (e) {
        for (const partial of [keptAs, incoming]) rmSync(partial, { force: true });
        throw outOfRoomOr(e, dir, 'the restore');
      } finally {
        replaced.close();
      }
    }
    // The old database's journal would be read as the new one's: it goes first.
    for (const leftover of [`${current}-wal`, `${current}-shm`]) rmSync(leftover, { force: true });
    renameSync(incoming, current);
    return { restored, keptAs };
  } finally {
    await release();
  }
}

/** A copy cut off by a full disk, said as such (what it wrote is taken away); any other failure as it is. */
function outOfRoomOr(e: unknown, dir: string, what: string): unknown {
  return isOutOfRoom(e) ? new BackupError(`the disk holding ${dir} filled up during ${what}, and the part written was taken away: make room there, or use another disk`) : e;
}
