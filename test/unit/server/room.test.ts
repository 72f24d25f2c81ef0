import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isOutOfRoom, roomInWords, roomIsShort } from '../../../server/db/room';
import { bytesInWords } from '../../../shared/words';
import { sqliteFileIn } from '../../../server/db/connect';
import { upsertRmas } from '../../../server/store/rmas';
import { demoRmas } from '../../../cli/demoData';
import { serverEachTest, STORE_KINDS } from './stores';

const MB = 1024 ** 2;
const GB = 1024 ** 3;

describe('the room the server’s data has', () => {
  it('is short below as much again as the database takes, or below 1 GB', () => {
    expect(roomIsShort({ databaseBytes: 2 * GB, freeBytes: 3 * GB })).toBe(false);
    expect(roomIsShort({ databaseBytes: 2 * GB, freeBytes: 2 * GB - 1 })).toBe(true);
    expect(roomIsShort({ databaseBytes: 10 * MB, freeBytes: GB })).toBe(false);
    expect(roomIsShort({ databaseBytes: 10 * MB, freeBytes: GB - 1 })).toBe(true);
    // PostgreSQL's disk is not this process's to see: never said to be short.
    expect(roomIsShort({ databaseBytes: 2 * GB, freeBytes: null })).toBe(false);
  });

  it('is said in megabytes, or gigabytes from 1 GB, and what to do when short', () => {
    expect(bytesInWords(0)).toBe('0.0 MB');
    expect(bytesInWords(1536 * 1024)).toBe('1.5 MB');
    expect(bytesInWords(GB - 1)).toBe('1024.0 MB');
    expect(bytesInWords(5.25 * GB)).toBe('5.3 GB');
    expect(roomInWords({ databaseBytes: 300 * MB, freeBytes: 41 * GB })).toBe('the database takes 300.0 MB; 41.0 GB free on its disk');
    expect(roomInWords({ databaseBytes: 3 * GB, freeBytes: 2 * GB })).toBe(
      'the database takes 3.0 GB, and only 2.0 GB is free on its disk: make room before it fills. A full disk stops every station’s sync, and a backup on that disk needs as much room as the database',
    );
    expect(roomInWords({ databaseBytes: 3 * GB, freeBytes: null })).toBe("the database takes 3.0 GB (PostgreSQL's disk is watched where PostgreSQL runs)");
  });

  it('ran out when the store or the file system says so, and not otherwise', () => {
    expect(isOutOfRoom(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(isOutOfRoom(Object.assign(new Error('could not extend file'), { code: '53100' }))).toBe(true);
    expect(isOutOfRoom(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))).toBe(true);
    expect(isOutOfRoom(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isOutOfRoom(new Error('no code'))).toBe(false);
    expect(isOutOfRoom(null)).toBe(false);
  });
});

describe.each(STORE_KINDS)('the storage an admin asks of the server on $name', (kind) => {
  const ADMIN = 'admin-for-storage';
  const server = serverEachTest(kind, ADMIN);

  it('is answered to the admin token only, and grows with the data', async () => {
    const ask = (authorization?: string) => server.app.inject({ method: 'GET', url: '/api/v1/admin/storage', headers: authorization ? { authorization } : {} });
    expect((await ask()).statusCode).toBe(401);
    expect((await ask('Bearer not-the-admin')).statusCode).toBe(403);
    const before = (await ask(`Bearer ${ADMIN}`)).json<{ databaseBytes: number; freeBytes: number | null }>();
    await upsertRmas(server.store, demoRmas({ count: 3_000, issuedUpTo: '2026-11-27' }), new Date('2026-11-28T09:00:00Z'));
    const after = (await ask(`Bearer ${ADMIN}`)).json<{ databaseBytes: number; freeBytes: number | null }>();
    expect(after.databaseBytes).toBeGreaterThan(before.databaseBytes + MB);
    if (kind.name === 'postgres') {
      expect(after.freeBytes).toBeNull();
    } else {
      // The file and its write-ahead log, where the latest commits wait to be copied into it.
      const file = sqliteFileIn(server.store.location);
      expect(after.databaseBytes).toBe(statSync(file).size + statSync(`${file}-wal`).size);
      expect(after.freeBytes).toBeGreaterThan(0);
    }
  });
});
