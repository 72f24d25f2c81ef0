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
  /** The cursor is ahead of this server (its data was restored or replaced): start again from 0. */
  resetRequired: boolean;
}

export const MAX_PULL = 5000;

/** Changes after the cursor, in commit order (SYNC.md, *Pull*). Re-pulling a page is harmless. */
export async function pullChanges(store: Store, after: number, limit: number): Promise<PullPage> {
  // One statement, so one snapshot: read in two, a commit landing between them could show a
  // change while hiding an event numbered before it.
  const { db } = store;
  const others = db
    .selectFrom('changes')
    .select(['server_seq', sql<Change['kind']>`kind`.as('kind'), 'key', 'deleted', 'body', sql<string | null>`null`.as('status'), sql<string | null>`null`.as('reason')])
    .where('server_seq', '>', after)
    .orderBy('server_seq')
    .limit(limit + 1);
  const events = db
    .selectFrom('events')
    .select(['server_seq', sql<Change['kind']>`'event'`.as('kind'), 'id as key', sql<number>`0`.as('deleted'), 'body', 'status', 'reason'])
    .where('server_seq', '>', after)
    .orderBy('server_seq')
    .limit(limit + 1);
  const rows = await db
    .selectFrom(others.as('c'))
    .selectAll()
    .unionAll(db.selectFrom(events.as('e')).selectAll())
    .orderBy('server_seq')
    .limit(limit + 1)
    .execute();
  if (rows.length === 0 && after > 0 && after > (await currentServerSeq(store.db))) {
    return { changes: [], nextCursor: 0, more: false, resetRequired: true };
  }
  const page = rows.slice(0, limit);
  return {
    changes: page.map((r) => ({
      serverSeq: Number(r.server_seq),
      kind: r.kind,
      key: r.key,
      deleted: Number(r.deleted) === 1,
      data: r.kind === 'event' ? { event: JSON.parse(r.body) as unknown, status: r.status, reason: r.reason } : (JSON.parse(r.body) as unknown),
    })),
    nextCursor: page.length ? Number(page.at(-1)!.server_seq) : after,
    more: rows.length > limit,
    resetRequired: false,
  };
}
