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

/** Records per transaction on import: a push waits behind one chunk at most. */
const IMPORT_CHUNK = 1000;

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Create or update records by key from a file (the catalog's import): the file is the newer word,
 * so no version is checked; a record already as the file has it is left alone, and no station
 * pulls it again. A removed record is made anew. Records not in the file stay as they are.
 */
export async function importEntities<T>(store: Store, kind: EntityKind, records: readonly { key: string; value: T }[], now: Date): Promise<ImportCounts> {
  const table = TABLES[kind];
  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < records.length; i += IMPORT_CHUNK) {
    const chunk = records.slice(i, i + IMPORT_CHUNK);
    await store.db.transaction().execute(async (trx) => {
      // Compared after the writers in flight, as an edit is.
      await waitForEarlierWriters(trx, store.dialect);
      const live = await trx
        .selectFrom(table)
        .select(['key', 'body'])
        .where('key', 'in', chunk.map((r) => r.key))
        .where('deleted', '=', 0)
        .execute();
      const stored = new Map(live.map((r) => [r.key, r.body]));
      const changed = chunk.map((r) => ({ key: r.key, body: JSON.stringify(r.value) })).filter((r) => stored.get(r.key) !== r.body);
      counts.unchanged += chunk.length - changed.length;
      counts.updated += changed.filter((r) => stored.has(r.key)).length;
      counts.added += changed.filter((r) => !stored.has(r.key)).length;
      if (!changed.length) return;
      const { first, tag } = await takeServerSeqs(trx, changed.length);
      const updatedAt = now.toISOString();
      const rows = changed.map((r, k) => ({ key: r.key, version: first + k, body: r.body, deleted: 0, updated_at: updatedAt }));
      await trx
        .insertInto(table)
        .values(rows)
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ version: eb.ref('excluded.version'), body: eb.ref('excluded.body'), deleted: 0, updated_at: eb.ref('excluded.updated_at') })))
        .execute();
      await trx
        .insertInto('changes')
        .values(rows.map((r) => ({ server_seq: r.version, kind, key: r.key, deleted: 0, body: r.body, tag })))
        .execute();
    });
  }
  return counts;
}

export async function listEntities<T>(store: Store, kind: EntityKind): Promise<{ value: T; version: number }[]> {
  const rows = await store.db.selectFrom(TABLES[kind]).select(['version', 'body']).where('deleted', '=', 0).orderBy('key').execute();
  return rows.map((r) => ({ value: JSON.parse(r.body) as T, version: Number(r.version) }));
}
