import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { KEEP_PHOTOS_DAYS, photosOnServer, removePhotosOnServer } from '../../renderer/db/photoRoom';
import { StationDb, type PhotoRow } from '../../renderer/db/schema';

const now = new Date('2026-11-30T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
const open: StationDb[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

const photo = (id: string, takenAt: string, bytes: number): PhotoRow => ({ id, unitId: 'u1', type: 'image/jpeg', bytes, blob: new Blob(['x']), thumbnail: new Blob(['t']), takenAt });

describe('making room at a station', () => {
  it('lets go only of photos the server keeps, taken over a month ago', async () => {
    const db = new StationDb(`room-${uuidv7()}`, { indexedDB, IDBKeyRange });
    open.push(db);
    await db.photos.bulkPut([
      photo('sent-long-ago', daysAgo(KEEP_PHOTOS_DAYS + 1), 400_000),
      photo('sent-long-ago-too', daysAgo(90), 300_000),
      photo('waiting', daysAgo(60), 1),
      photo('refused', daysAgo(60), 1),
      photo('sent-this-month', daysAgo(KEEP_PHOTOS_DAYS - 1), 1),
      photo('fetched-undated', '', 1),
    ]);
    await db.photoOutbox.bulkPut([
      { photoId: 'waiting', eventId: 'e1' },
      { photoId: 'refused', eventId: 'e2', refused: 'the photo is not the one its finding names' },
    ]);
    expect(await photosOnServer(db, now)).toEqual({ count: 2, bytes: 700_000 });
    expect(await removePhotosOnServer(db, now)).toEqual({ count: 2, bytes: 700_000 });
    expect((await db.photos.toCollection().primaryKeys()).sort()).toEqual(['fetched-undated', 'refused', 'sent-this-month', 'waiting']);
    expect(await photosOnServer(db, now)).toEqual({ count: 0, bytes: 0 });
  });
});
