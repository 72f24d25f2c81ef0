import type { StationEvent } from '../../shared/events';
import type { Store } from '../db/connect';

export interface PhotoUpload {
  id: string;
  /** The `item_inspected` fact that names the photo. */
  eventId: string;
  type: string;
  body: Uint8Array;
}

export type PhotoOutcome = { kind: 'stored' } | { kind: 'already_stored' } | { kind: 'refused'; reason: string };

/**
 * Keep a photo an accepted inspection of this station names, exactly as named (type and size):
 * a station cannot park other files here, nor replace evidence once it is kept. Sending it again
 * is answered as already stored, so an upload cut off before its answer is simply repeated.
 */
export async function keepPhoto(store: Store, stationId: string, photo: PhotoUpload, now: Date): Promise<PhotoOutcome> {
  return store.db.transaction().execute(async (trx) => {
    const event = await trx.selectFrom('events').select(['station_id', 'type', 'status', 'body']).where('id', '=', photo.eventId).executeTakeFirst();
    if (!event || event.station_id !== stationId) return { kind: 'refused', reason: 'no fact of this station has that id: push the inspection first' };
    if (event.type !== 'item_inspected' || event.status !== 'accepted') return { kind: 'refused', reason: 'that fact is not an accepted inspection' };
    // Stored bodies were validated when they were pushed.
    const named = (JSON.parse(event.body) as Extract<StationEvent, { type: 'item_inspected' }>).payload.photos.find((p) => p.id === photo.id);
    if (!named) return { kind: 'refused', reason: 'the inspection does not name that photo' };
    if (named.type !== photo.type || named.bytes !== photo.body.byteLength) {
      return { kind: 'refused', reason: `the inspection names a ${named.type} of ${named.bytes} bytes; this is a ${photo.type} of ${photo.body.byteLength}` };
    }
    const kept = await trx.selectFrom('photos').select('id').where('id', '=', photo.id).executeTakeFirst();
    if (kept) return { kind: 'already_stored' };
    // The same upload may be in hand twice at once (a repeated request): the later one keeps nothing.
    const inserted = await trx
      .insertInto('photos')
      .values({ id: photo.id, event_id: photo.eventId, station_id: stationId, type: photo.type, bytes: photo.body.byteLength, body: photo.body, received_at: now.toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return inserted.numInsertedOrUpdatedRows === 0n ? { kind: 'already_stored' } : { kind: 'stored' };
  });
}

export async function photoById(store: Store, id: string): Promise<{ type: string; body: Uint8Array } | null> {
  const row = await store.db.selectFrom('photos').select(['type', 'body']).where('id', '=', id).executeTakeFirst();
  return row ?? null;
}
