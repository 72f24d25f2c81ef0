import type { Transaction } from 'kysely';
import { rmaSchema, unitsAuthorised, type Rma, type RmaLifecycle, type RmaListQuery } from '../../shared/rma';
import type { Store } from '../db/connect';
import type { Database } from '../db/schema';
import { takeServerSeqs, waitForEarlierWriters } from './sequence';

/** RMAs per transaction on import: a push waits behind one chunk at most. */
const CHUNK = 1000;

export interface StoredRmaVersion {
  rma: Rma;
  version: number;
}

export async function writeRmas(trx: Transaction<Database>, rmas: readonly Rma[], now: Date): Promise<number> {
  const { first, tag } = await takeServerSeqs(trx, rmas.length);
  const updatedAt = now.toISOString();
  const rows = rmas.map((rma, i) => ({
    number: rma.number,
    version: first + i,
    body: JSON.stringify(rma),
    status: rma.status,
    units_authorised: unitsAuthorised(rma),
    deleted: 0,
    updated_at: updatedAt,
  }));
  await trx
    .insertInto('rmas')
    .values(rows)
    .onConflict((oc) =>
      oc.column('number').doUpdateSet((eb) => ({
        version: eb.ref('excluded.version'),
        body: eb.ref('excluded.body'),
        status: eb.ref('excluded.status'),
        units_authorised: eb.ref('excluded.units_authorised'),
        deleted: 0,
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
  await trx
    .insertInto('changes')
    .values(rows.map((r) => ({ server_seq: r.version, kind: 'rma' as const, key: r.number, deleted: 0, body: r.body, tag })))
    .execute();
  return first;
}

/** Create or update RMAs by number (admin API and import): one path, each change logged for pull. */
export async function upsertRmas(store: Store, rmas: readonly Rma[], now: Date): Promise<{ added: number; updated: number }> {
  let added = 0;
  for (let i = 0; i < rmas.length; i += CHUNK) {
    const chunk = rmas.slice(i, i + CHUNK);
    await store.db.transaction().execute(async (trx) => {
      // Counted after the writers in flight: two imports of one file at once each counted all of it as added.
      await waitForEarlierWriters(trx, store.dialect);
      const existing = await trx.selectFrom('rmas').select('number').where('number', 'in', chunk.map((r) => r.number)).execute();
      added += chunk.length - existing.length;
      await writeRmas(trx, chunk, now);
    });
  }
  return { added, updated: rmas.length - added };
}

export type UpdateResult = { ok: true; version: number } | { ok: false; conflict: StoredRmaVersion | null };

/**
 * A supervisor's edit carries the version it was based on: a mismatch is a version conflict
 * answered with the current data, never a silent overwrite (SYNC.md, *Conflicts*).
 */
export async function updateRma(store: Store, rma: Rma, baseVersion: number | null, now: Date): Promise<UpdateResult> {
  return store.db.transaction().execute(async (trx) => {
    await waitForEarlierWriters(trx, store.dialect);
    const current = await trx.selectFrom('rmas').select(['version', 'body']).where('number', '=', rma.number).executeTakeFirst();
    const currentVersion = current ? Number(current.version) : null;
    if (currentVersion !== baseVersion) {
      return { ok: false as const, conflict: current ? { rma: rmaSchema.parse(JSON.parse(current.body)), version: Number(current.version) } : null };
    }
    return { ok: true as const, version: await writeRmas(trx, [rma], now) };
  });
}

/** Where an RMA stands by the facts: its lifecycle and the packages accepted for it (voids taken off). */
export interface RmaStanding {
  lifecycle: RmaLifecycle;
  packagesAccepted: number;
}

/** An RMA as a supervisor looks it up: its data and version, and where it stands by the facts. */
export async function getRma(store: Store, number: string): Promise<(StoredRmaVersion & RmaStanding) | null> {
  const row = await store.db
    .selectFrom('rmas')
    .leftJoin('rma_state', 'rma_state.number', 'rmas.number')
    .select(['rmas.version', 'rmas.body', 'rma_state.lifecycle', 'rma_state.packages_accepted'])
    .where('rmas.number', '=', number)
    .where('rmas.deleted', '=', 0)
    .executeTakeFirst();
  return row ? { rma: rmaSchema.parse(JSON.parse(row.body)), version: Number(row.version), ...standing(row) } : null;
}

// An RMA no fact has touched has no row in rma_state: it is open, with nothing accepted.
const standing = (row: { lifecycle: RmaLifecycle | null; packages_accepted: number | null }): RmaStanding => ({
  lifecycle: row.lifecycle ?? 'open',
  packagesAccepted: Number(row.packages_accepted ?? 0),
});

/** A page of RMAs in number order after `after`, each with its status and where it stands. */
export async function listRmas(store: Store, { lifecycle, after, limit }: RmaListQuery) {
  let query = store.db
    .selectFrom('rmas')
    .leftJoin('rma_state', 'rma_state.number', 'rmas.number')
    .select(['rmas.number', 'rmas.version', 'rmas.status', 'rma_state.lifecycle', 'rma_state.packages_accepted'])
    .where('rmas.deleted', '=', 0)
    .where('rmas.number', '>', after)
    .orderBy('rmas.number')
    .limit(limit + 1);
  if (lifecycle === 'open') query = query.where((eb) => eb.or([eb('rma_state.lifecycle', 'is', null), eb('rma_state.lifecycle', '=', 'open')]));
  else if (lifecycle) query = query.where('rma_state.lifecycle', '=', lifecycle);
  const rows = await query.execute();
  const page = rows.slice(0, limit).map((row) => ({ number: row.number, status: row.status, version: Number(row.version), ...standing(row) }));
  return { rmas: page, next: rows.length > limit ? page.at(-1)!.number : null };
}
