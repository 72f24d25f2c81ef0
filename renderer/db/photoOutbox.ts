import type { StationEvent } from '../../shared/events';
import type { PhotoOutboxEntry, StationDb } from './schema';

/** The photos these facts name, each as the outbox entry that sends it after its inspection. */
export const photosNamedBy = (facts: readonly StationEvent[]): PhotoOutboxEntry[] =>
  facts.flatMap((f) => (f.type === 'item_inspected' ? f.payload.photos.map((p) => ({ photoId: p.id, eventId: f.id })) : []));

/** Photos still to send: queued after their inspection, and not refused by the server. */
export const photosToSend = (db: StationDb) => db.photoOutbox.filter((p) => p.refused === undefined);

/** Photos the server would not keep: they stay on the station, each with the server's reason. */
export const photosRefused = (db: StationDb) => db.photoOutbox.filter((p) => p.refused !== undefined);
