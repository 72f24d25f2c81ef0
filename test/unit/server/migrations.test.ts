import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../../server/db/migrations';
import type { Database } from '../../../server/db/schema';
import { refusedFactsQuery } from '../../../server/store/rejected';
import { ENROL_CODE_DAYS } from '../../../server/store/stations';
import { pushEvents } from '../../../server/store/push';
import type { Store } from '../../../server/db/connect';
import { demoRmas } from '../../../cli/demoData';
import { unitsAuthorised, type Rma } from '../../../shared/rma';
import { dockEvent, STORE_KINDS, type OlderStore } from './stores';

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

  it('finds the refused facts through their own index, without reading every event', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rd-migrate-'));
    const sqlite = new Sqlite(join(dir, 'store.sqlite'));
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    expect((await new Migrator({ db, provider: migrationProvider }).migrateToLatest()).error).toBeUndefined();
    await db.insertInto('stations').values({ id: 's', name: 'Door', enrol_code_hash: null, token_hash: null, last_ack: 0, created_at: '', enrolled_at: null }).execute();
    const event = (n: number, status: 'accepted' | 'rejected') => ({
      id: `e${n}`, station_id: 's', station_seq: n, server_seq: n, type: 'package_accepted', rma_number: 'RMA10000073', schema_version: 1, client_ts: '', body: '{}', status, reason: status === 'rejected' ? 'unknown_rma' : null, received_at: '',
    });
    await db.insertInto('events').values([event(1, 'accepted'), event(2, 'rejected'), event(3, 'accepted'), event(4, 'rejected')]).execute();

    expect((await refusedFactsQuery(db).execute()).map((r) => [r.id, r.reason])).toEqual([['e2', 'unknown_rma'], ['e4', 'unknown_rma']]);
    const { sql: text, parameters } = refusedFactsQuery(db).compile();
    const plan = sqlite.prepare(`explain query plan ${text}`).all(...parameters) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toMatch(/USING (COVERING )?INDEX events_rejected/);
  });
});

/** RMAs as the server before 0008 wrote them, the body alone, 500 a statement; `bodyOf` may stand in for one's. */
async function writtenBefore0008(older: OlderStore, rmas: readonly Rma[], bodyOf = (rma: Rma) => JSON.stringify(rma)): Promise<void> {
  const db = older.db as unknown as Kysely<{ rmas: { number: string; version: number; body: string; deleted: number; updated_at: string } }>;
  for (let i = 0; i < rmas.length; i += 500) {
    const rows = rmas.slice(i, i + 500).map((rma, j) => ({ number: rma.number, version: i + j + 1, body: bodyOf(rma), deleted: 0, updated_at: '2026-11-20T00:00:00.000Z' }));
    await db.insertInto('rmas').values(rows).execute();
  }
}

describe.each(STORE_KINDS)('upgrading a server store to 0008 on $name', (kind) => {
  it("fills each RMA's status and units from its body, and a push after the upgrade counts against them", async () => {
    const older = await kind.older('0007_rejected_events_index');
    let store: Store | undefined;
    try {
      // More than a page of the upgrade's.
      const rmas = demoRmas({ count: 1_500, issuedUpTo: '2026-11-20' });
      await writtenBefore0008(older, rmas);
      store = await older.open();
      const filled = await store.db.selectFrom('rmas').select(['number', 'status', 'units_authorised', 'body']).orderBy('number').execute();
      const inOrder = [...rmas].sort((a, b) => (a.number < b.number ? -1 : 1));
      expect(filled.map((r) => [r.number, r.status, Number(r.units_authorised)])).toEqual(inOrder.map((r) => [r.number, r.status, unitsAuthorised(r)]));
      expect(filled.map((r) => r.body)).toEqual(inOrder.map((r) => JSON.stringify(r)));

      const open = rmas.find((r) => r.status === 'open' && unitsAuthorised(r) === 2)!;
      const notOpen = rmas.find((r) => r.status !== 'open')!;
      await store.db.insertInto('stations').values({ id: 's', name: 'Door', enrol_code_hash: null, token_hash: null, last_ack: 0, created_at: '', enrolled_at: null }).execute();
      const facts = [dockEvent('s', 1, open.number), dockEvent('s', 2, open.number), dockEvent('s', 3, open.number), dockEvent('s', 4, notOpen.number)];
      await pushEvents(store, 's', facts, new Date());
      const raised = await store.db.selectFrom('exceptions').select(['kind', 'event_id']).orderBy('raised_seq').execute();
      expect(raised).toEqual([
        { kind: 'more_packages_than_authorised', event_id: facts[2]!.id },
        { kind: 'event_for_inactive_rma', event_id: facts[3]!.id },
      ]);
    } finally {
      await store?.close();
      await older.cleanup();
    }
  });

  it('cut short, leaves the store as it was, and the server starts once the cause is put right', async () => {
    const older = await kind.older('0007_rejected_events_index');
    try {
      const rmas = demoRmas({ count: 1_200, issuedUpTo: '2026-11-20' });
      // A body damaged on disk, met on the upgrade's second page: its first page is already filled.
      const damaged = rmas[1_100]!;
      await writtenBefore0008(older, rmas, (rma) => (rma === damaged ? '{"status":' : JSON.stringify(rma)));

      await expect(older.open()).rejects.toThrow(`RMA ${damaged.number} is stored damaged`);
      const columns = await older.columnsOf('rmas');
      expect(columns).toContain('body');
      expect(columns).not.toContain('status');
      expect(columns).not.toContain('units_authorised');

      await older.db.updateTable('rmas').set({ body: JSON.stringify(damaged) }).where('number', '=', damaged.number).execute();
      const store = await older.open();
      try {
        const filled = await store.db.selectFrom('rmas').select(['number', 'status']).where('number', '=', damaged.number).executeTakeFirstOrThrow();
        expect(filled.status).toBe(damaged.status);
      } finally {
        await store.close();
      }
    } finally {
      await older.cleanup();
    }
  });
});
