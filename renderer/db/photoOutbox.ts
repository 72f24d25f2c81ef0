import type { StationDb } from './schema';

/** Photos still to send: queued after their inspection, and not refused by the server. */
export const photosToSend = (db: StationDb) => db.photoOutbox.filter((p) => p.refused === undefined);

/** Photos the server would not keep: they stay on the station, each with the server's reason. */
export const photosRefused = (db: StationDb) => db.photoOutbox.filter((p) => p.refused !== undefined);
