import { sql } from 'kysely';
import type { Store } from '../db/connect';
import { currentServerSeq } from './sequence';

export interface Change {
  serverSeq: number;
  kind: 'event' | 'rma' | 'exception' | 'catalog' | 'user';
  key: string;
  deleted: boolean;
  data: unknown;
}

export interface PullPage {
  changes: Change[];
  nextCursor: number;
  more: boolean;
  /** This server no longer holds what the station pulled up to its cursor: start again from 0. */
  resetRequired: boolean;
  /** The tag of the write numbered `nextCursor`, which the station sends back as `at`. */
  cursorTag: number | null;
  /** With more to come: the last number this server has given, as the page was read (how far a station has to go). */
  latestSeq?: number;
}

const RESET: PullPage = { changes: [], nextCursor: 0, more: false, resetRequired: true, cursorTag: null };

/**
 * Changes after the cursor, in commit order (SYNC.md, *Pull*). Re-pulling a page is harmless.
 *
 * The change log only grows, so the row numbered `after` is still here, written by the same write,
 * unless this server was restored from a backup (or replaced). Then it answers `resetRequired`:
 * later writes are numbered from the backup's last number, so a station going on from its cursor
 * would skip those numbered up to it.
 */
export async function pullChanges(store: Store, { after, at, limit }: { after: number; at?: number | undefined; limit: number }): Promise<PullPage> {
  const { db } = store;
  let cursorTag: number | null = null;
  if (after > 0) {
    const row = await db
      .selectFrom('changes')
      .select('tag')
      .where('server_seq', '=', after)
      .unionAll(db.selectFrom('events').select('tag').where('server_seq', '=', after))
      .executeTakeFirst();
    if (!row || (at !== undefined && Number(row.tag) !== at)) return RESET;
    cursorTag = Number(row.tag);
  }
  // One statement, so one snapshot: read in two, a commit landing between them could show a
  // change while hiding an event numbered before it.
  const others = db
    .selectFrom('changes')
    .select(['server_seq', sql<Change['kind']>`kind`.as('kind'), 'key', 'deleted', 'body', sql<string | null>`null`.as('status'), sql<string | null>`null`.as('reason'), 'tag', sql<string | null>`null`.as('station_name')])
    .where('server_seq', '>', after)
    .orderBy('server_seq')
    .limit(limit + 1);
  // A fact comes with its station's name as the server has it, for people to read where it happened.
  const events = db
    .selectFrom('events')
    .leftJoin('stations', 'stations.id', 'events.station_id')
    .select([
      'events.server_seq',
      sql<Change['kind']>`'event'`.as('kind'),
      'events.id as key',
      sql<number>`0`.as('deleted'),
      'events.body',
      'events.status',
      'events.reason',
      'events.tag',
      'stations.name as station_name',
    ])
    .where('events.server_seq', '>', after)
    .orderBy('events.server_seq')
    .limit(limit + 1);
  const rows = await db
    .selectFrom(others.as('c'))
    .selectAll()
    .unionAll(db.selectFrom(events.as('e')).selectAll())
    .orderBy('server_seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const more = rows.length > limit;
  return {
    changes: page.map((r) => ({
      serverSeq: Number(r.server_seq),
      kind: r.kind,
      key: r.key,
      deleted: Number(r.deleted) === 1,
      data: r.kind === 'event' ? { event: JSON.parse(r.body) as unknown, status: r.status, reason: r.reason, stationName: r.station_name } : (JSON.parse(r.body) as unknown),
    })),
    nextCursor: last ? Number(last.server_seq) : after,
    more,
    resetRequired: false,
    cursorTag: last ? Number(last.tag) : cursorTag,
    // Only a station with more to come shows how far it has come; the periodic pull of a station
    // up to date asks nothing more. Read after the page, so never below the page's last number.
    ...(more ? { latestSeq: await currentServerSeq(db) } : {}),
  };
}
