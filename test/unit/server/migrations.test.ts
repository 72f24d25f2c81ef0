import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../../server/db/migrations';
import type { Database } from '../../../server/db/schema';
import { ENROL_CODE_DAYS } from '../../../server/store/stations';

describe('upgrading a server store', () => {
  let dir: string;
  let db: Kysely<Database>;
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives codes handed out before expiry existed a week from the upgrade, and none to stations already linked', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rd-migrate-'));
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new Sqlite(join(dir, 'store.sqlite')) }) });
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0005_write_tags')).error).toBeUndefined();
    const station = { name: 'x', last_ack: 0, created_at: '2026-11-01T00:00:00.000Z', enrolled_at: null };
    await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto('stations')
      .values([
        { ...station, id: 'waiting', enrol_code_hash: 'h1', token_hash: null },
        { ...station, id: 'linked', enrol_code_hash: null, token_hash: 't1' },
      ])
      .execute();
    const before = Date.now();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const rows = await db.selectFrom('stations').select(['id', 'enrol_code_expires_at']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.enrol_code_expires_at === null])).toEqual([['linked', true], ['waiting', false]]);
    const lapses = Date.parse(rows[1]!.enrol_code_expires_at!);
    expect(lapses - before).toBeGreaterThanOrEqual(ENROL_CODE_DAYS * 86_400_000);
    expect(lapses - before).toBeLessThan(ENROL_CODE_DAYS * 86_400_000 + 60_000);
  });
});
