/**
 * Run by fullDisk.test.ts inside a mount namespace of its own, on a small tmpfs: a backup or a
 * restore that passes its room check (the disk had room when it looked) and then meets a full
 * disk part way, as when another program fills it meanwhile. Prints what it said, what was left
 * in the folder it wrote to and, for a restore, what the database it was to replace holds.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { backUpStore, restoreStore, summaryOf } from '../../../server/db/backup';

const [mode, data, file] = process.argv.slice(2) as ['backup' | 'restore', string, string];
const roomAtTheCheck = { freeBytesAt: () => Promise.resolve(Number.MAX_SAFE_INTEGER) };
const copy = mode === 'backup' ? backUpStore(data, file, roomAtTheCheck) : restoreStore(data, file, new Date('2026-12-07T10:00:00Z'), roomAtTheCheck);
const said = await copy.then(
  () => 'done',
  (e: Error) => `${e.constructor.name}: ${e.message}`,
);
// Listed before the database is read: a read-only look at it leaves SQLite's -wal and -shm behind.
const left = readdirSync(mode === 'backup' ? dirname(file) : data).sort();
const kept = mode === 'restore' ? summaryOf(join(data, 'returns-dock.sqlite')) : null;
process.stdout.write(JSON.stringify({ said, left, kept }));
