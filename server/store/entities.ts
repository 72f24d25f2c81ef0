import type { Transaction } from 'kysely';
import type { Store } from '../db/connect';
import type { Database } from '../db/schema';
import { takeServerSeqs, waitForEarlierWriters } from './sequence';

/** The server-authored records kept whole with a version: the catalog and the users. */
const TABLES = { catalog: 'catalog', user: 'users' } as const;
export type EntityKind = keyof typeof TABLES;

export type SaveResult<T> = { ok: true; version: number } | { ok: false; conflict: { value: T; version: number } | null };

/** The record as it stands, unless removed. */
async function liveRecord<T>(trx: Transaction<Database>, table: (typeof TABLES)[EntityKind], key: string): Promise<{ value: T; version: number } | null> {
  const row = await trx.selectFrom(table).select(['version', 'body']).where('key', '=', key).where('deleted', '=', 0).executeTakeFirst();
  return row ? { value: JSON.parse(row.body) as T, version: Number(row.version) } : null;
}

/**
 * Create or update one record. The edit names the version it was based on (null for a new one);
 * anything else is a version conflict answered with the current record (SYNC.md, *Conflicts*).
 * The change is logged for stations to pull in the same transaction.
 */
export async function saveEntity<T>(store: Store, kind: EntityKind, key: string, value: T, baseVersion: number | null, now: Date): Promise<SaveResult<T>> {
  const table = TABLES[kind];
  return store.db.transaction().execute(async (trx) => {
    await waitForEarlierWriters(trx, store.dialect);
    // A removed record is made anew, as if it had never been (baseVersion null).
    const current = await liveRecord<T>(trx, table, key);
    if ((current?.version ?? null) !== baseVersion) return { ok: false as const, conflict: current };
    const { first: version, tag } = await takeServerSeqs(trx, 1);
    const body = JSON.stringify(value);
    await trx
      .insertInto(table)
      .values({ key, version, body, deleted: 0, updated_at: now.toISOString() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ version, body, deleted: 0, updated_at: now.toISOString() }))
      .execute();
    await trx.insertInto('changes').values({ server_seq: version, kind, key, deleted: 0, body, tag }).execute();
    return { ok: true as const, version };
  });
}

/**
 * Remove one record, against the version it was based on. It stays in its table as a tombstone,
 * and the change log says so, so every station drops its copy (SYNC.md, *Pull*). Facts that named
 * it keep what they recorded.
 */
export async function removeEntity<T>(store: Store, kind: EntityKind, key: string, baseVersion: number, now: Date): Promise<SaveResult<T>> {
  const table = TABLES[kind];
  return store.db.transaction().execute(async (trx) => {
    await waitForEarlierWriters(trx, store.dialect);
    const current = await liveRecord<T>(trx, table, key);
    if (current?.version !== baseVersion) return { ok: false as const, conflict: current };
    const { first: version, tag } = await takeServerSeqs(trx, 1);
    await trx.updateTable(table).set({ version, deleted: 1, updated_at: now.toISOString() }).where('key', '=', key).execute();
    await trx.insertInto('changes').values({ server_seq: version, kind, key, deleted: 1, body: JSON.stringify(current.value), tag }).execute();
    return { ok: true as const, version };
  });
}

export async function listEntities<T>(store: Store, kind: EntityKind): Promise<{ value: T; version: number }[]> {
  const rows = await store.db.selectFrom(TABLES[kind]).select(['version', 'body']).where('deleted', '=', 0).orderBy('key').execute();
  return rows.map((r) => ({ value: JSON.parse(r.body) as T, version: Number(r.version) }));
}
