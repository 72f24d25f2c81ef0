import type { StationDb } from './schema';

/**
 * How long a photo stays on the station after the server keeps it, at the least: by then the
 * server's nightly backups hold it too, so a server restored from one still has it.
 */
export const KEEP_PHOTOS_DAYS = 30;

export interface PhotosOnServer {
  count: number;
  bytes: number;
}

/**
 * The photos this station may let go of: the server keeps them (each was sent, or fetched from
 * it: nothing waits to be sent or was refused), taken at least `KEEP_PHOTOS_DAYS` ago. A unit
 * whose photo is gone from here offers it from the server, as for a photo taken elsewhere.
 */
async function lettable(db: StationDb, now: Date): Promise<{ ids: string[]; bytes: number }> {
  const before = new Date(now.getTime() - KEEP_PHOTOS_DAYS * 86_400_000).toISOString();
  const [photos, queued] = await Promise.all([db.photos.toArray(), db.photoOutbox.toCollection().primaryKeys()]);
  const stays = new Set<string>(queued);
  const gone = photos.filter((p) => !stays.has(p.id) && p.takenAt !== '' && p.takenAt < before);
  return { ids: gone.map((p) => p.id), bytes: gone.reduce((sum, p) => sum + p.bytes, 0) };
}

export async function photosOnServer(db: StationDb, now: Date): Promise<PhotosOnServer> {
  const { ids, bytes } = await lettable(db, now);
  return { count: ids.length, bytes };
}

/** A supervisor makes room: those photos leave this station (no fact: the server still has them). */
export async function removePhotosOnServer(db: StationDb, now: Date): Promise<PhotosOnServer> {
  return db.transaction('rw', db.photos, db.photoOutbox, async () => {
    const { ids, bytes } = await lettable(db, now);
    await db.photos.bulkDelete(ids);
    return { count: ids.length, bytes };
  });
}
