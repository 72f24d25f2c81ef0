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
  const rows = await store.db
    .selectFrom('changes')
    .leftJoin('events', (join) => join.onRef('events.id', '=', 'changes.key').on('changes.kind', '=', 'event'))
    .select(['changes.server_seq', 'changes.kind', 'changes.key', 'changes.deleted', 'changes.body', 'events.body as event_body', 'events.status', 'events.reason'])
    .where('changes.server_seq', '>', after)
    .orderBy('changes.server_seq')
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
      deleted: r.deleted === 1,
      data: r.kind === 'event' ? { event: JSON.parse(r.event_body ?? 'null') as unknown, status: r.status, reason: r.reason } : (JSON.parse(r.body) as unknown),
    })),
    nextCursor: page.length ? Number(page.at(-1)!.server_seq) : after,
    more: rows.length > limit,
    resetRequired: false,
  };
}
