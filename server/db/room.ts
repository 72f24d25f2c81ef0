import { stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { bytesInWords } from '../../shared/words';

/**
 * How much the store takes, and the room left on the disk it lives on. `freeBytes` is null on
 * PostgreSQL: its disk is the database server's, which this process cannot see.
 */
export const storeRoomSchema = z.object({ databaseBytes: z.number().min(0), freeBytes: z.number().min(0).nullable() });
export type StoreRoom = z.infer<typeof storeRoomSchema>;

/** Room a process may still write in the folder holding `path` (what an unprivileged user may use). */
export async function freeBytesAt(path: string): Promise<number> {
  const fs = await statfs(path);
  return fs.bavail * fs.bsize;
}

/** What a SQLite database takes: its file and its write-ahead log, which holds commits not yet copied into it. */
export async function sqliteBytes(file: string): Promise<number> {
  const sizes = await Promise.all([file, `${file}-wal`].map((f) => stat(f).then((s) => s.size, () => 0)));
  return sizes[0]! + sizes[1]!;
}

export async function sqliteRoom(file: string): Promise<StoreRoom> {
  const [databaseBytes, freeBytes] = await Promise.all([sqliteBytes(file), freeBytesAt(dirname(file))]);
  return { databaseBytes, freeBytes };
}

/**
 * The write was refused for want of room: SQLite's SQLITE_FULL (its disk, or its page limit),
 * PostgreSQL's disk_full (53100), or the file system's ENOSPC. The store rolls the transaction
 * back whole, and takes writes again once there is room.
 */
export function isOutOfRoom(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC';
}

/** What the server answers and logs; a station says it in its own words (nothing it recorded is lost). */
export const OUT_OF_ROOM = "the sync server's disk is full, so nothing of this request was kept: whoever looks after the server must make room on it";

const GB = 1024 ** 3;

/**
 * Too little room: less than the database again (a backup on the same disk needs that much, and
 * so does its growth), or under 1 GB whatever its size. A full disk stops every station's sync.
 */
export function roomIsShort({ databaseBytes, freeBytes }: StoreRoom): boolean {
  return freeBytes !== null && (freeBytes < databaseBytes || freeBytes < GB);
}

/** One line for an administrator: the sizes, and what to do when the room is short. */
export function roomInWords(room: StoreRoom): string {
  const takes = `the database takes ${bytesInWords(room.databaseBytes)}`;
  if (room.freeBytes === null) return `${takes} (PostgreSQL's disk is watched where PostgreSQL runs)`;
  if (!roomIsShort(room)) return `${takes}; ${bytesInWords(room.freeBytes)} free on its disk`;
  return (
    `${takes}, and only ${bytesInWords(room.freeBytes)} is free on its disk: make room before it fills. ` +
    'A full disk stops every station’s sync, and a backup on that disk needs as much room as the database'
  );
}
