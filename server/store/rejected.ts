import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Store } from '../db/connect';
import type { Database } from '../db/schema';

/** Every fact the server refused, in commit order, read through the partial index `events_rejected`. */
export const refusedFactsQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('events')
    .leftJoin('stations', 'stations.id', 'events.station_id')
    .select(['events.id', 'events.station_id', 'stations.name as station_name', 'events.station_seq', 'events.server_seq', 'events.type', 'events.rma_number', 'events.client_ts', 'events.body', 'events.reason'])
    .where('events.status', '=', 'rejected')
    .orderBy('events.server_seq');

const recorderSchema = z.object({ actor: z.object({ name: z.string() }) });

/** Who recorded a stored fact, from its body (validated when it was pushed); null if it cannot be read. */
function recordedBy(body: string): string | null {
  try {
    const read = recorderSchema.safeParse(JSON.parse(body));
    return read.success ? read.data.actor.name : null;
  } catch {
    return null;
  }
}

/** The refused facts, for the admin: which station, what, for which RMA, who recorded it and when (the station's clock), and why. */
export async function refusedFacts(store: Store) {
  const rows = await refusedFactsQuery(store.db).execute();
  return rows.map(({ body, ...row }) => ({ ...row, server_seq: Number(row.server_seq), recorded_by: recordedBy(body) }));
}
