import { randomInt } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from '../db/connect';
import type { Database } from '../db/schema';

/**
 * Take `n` server sequence numbers from the one counter row. The row stays locked until the
 * transaction commits, so transactions commit in serverSeq order and no reader sees n while a
 * smaller number is uncommitted (SYNC.md, invariants 5–6).
 *
 * `tag` is drawn at random for this write and stored on each row it numbers. A server restored
 * from a backup hands the same numbers out again, to other writes: a station that pulled up to n
 * tells it apart by the tag it was given with n (`pullChanges`).
 */
export async function takeServerSeqs(trx: Transaction<Database>, n: number): Promise<{ first: number; tag: number }> {
  const row = await trx
    .updateTable('counter')
    .set({ value: sql<number>`value + ${n}` })
    .where('id', '=', 1)
    .returning('value')
    .executeTakeFirstOrThrow();
  return { first: Number(row.value) - n + 1, tag: randomInt(1, 2 ** 31 - 1) };
}

export async function currentServerSeq(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.value);
}

/**
 * Before a write that depends on what it reads (a version check, an import's count of new RMAs):
 * on PostgreSQL, wait here for the writers in flight. Every writer takes the counter row before it
 * writes and holds it until it commits, so what is read after this includes all their writes, and
 * two edits based on one version cannot both pass. (SQLite runs one transaction at a time.)
 */
export async function waitForEarlierWriters(trx: Transaction<Database>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await trx.selectFrom('counter').select('value').where('id', '=', 1).forUpdate().execute();
}
