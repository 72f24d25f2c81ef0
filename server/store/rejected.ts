import type { Kysely } from 'kysely';
import type { Store } from '../db/connect';
import type { Database } from '../db/schema';

/** Every fact the server refused, in commit order, read through the partial index `events_rejected`. */
export const refusedFactsQuery = (db: Kysely<Database>) =>
  db.selectFrom('events').select(['id', 'station_id', 'station_seq', 'server_seq', 'type', 'reason']).where('status', '=', 'rejected').orderBy('server_seq');

/** The refused facts, for the admin. */
export const refusedFacts = (store: Store) => refusedFactsQuery(store.db).execute();
