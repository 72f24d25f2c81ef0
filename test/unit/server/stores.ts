import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach } from 'vitest';
import { buildServer } from '../../../server/app';
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationResultSet } from 'kysely';
import { openStore, sqliteFileIn, type Store } from '../../../server/db/connect';
import { migrationProvider } from '../../../server/db/migrations';
import type { Database } from '../../../server/db/schema';
import type { StationEvent } from '../../../shared/events';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { writeMeta } from '../../../renderer/db/meta';
import { StationDb } from '../../../renderer/db/schema';
import { enrolStation } from '../../../renderer/sync/enrol';
import { enrolmentCode, fetchInto } from './harness';

const PG_URL = process.env.TEST_DATABASE_URL;
// CI sets TEST_DATABASE_URL: there the PostgreSQL half of these tests must run, never skip.
if (process.env.CI && !PG_URL) throw new Error('TEST_DATABASE_URL is not set: the PostgreSQL store tests cannot run');

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty, migrated store; `url` lets a second store open the same data. */
  fresh: () => Promise<{ store: Store; reopen: () => Promise<Store>; cleanup: () => Promise<void> }>;
  /**
   * An empty database as an older server left it, migrated up to `migration` only; `open` opens it
   * as this server does, migrating it to the latest. `db` stays open beside it until `cleanup`.
   */
  older: (migration: string) => Promise<OlderStore>;
}

export interface OlderStore {
  db: Kysely<Database>;
  open: () => Promise<Store>;
  /** The columns the table has now. */
  columnsOf: (table: string) => Promise<string[]>;
  cleanup: () => Promise<void>;
}

/** A table's columns as the database has them; on PostgreSQL, of the table in `schema`. */
async function columnsOf(db: Kysely<Database>, table: string, schema?: string): Promise<string[]> {
  const found = (await db.introspection.getTables()).find((t) => t.name === table && (schema === undefined || t.schema === schema));
  return found?.columns.map((c) => c.name) ?? [];
}

function migratedOrThrow({ error }: MigrationResultSet): void {
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
}

const sqlite: StoreKind = {
  name: 'sqlite',
  async fresh() {
    const dataDir = mkdtempSync(join(tmpdir(), 'rd-store-'));
    const store = await openStore({ dataDir });
    return {
      store,
      reopen: () => openStore({ dataDir }),
      cleanup: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    };
  },
  async older(migration) {
    const dataDir = mkdtempSync(join(tmpdir(), 'rd-store-'));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new Sqlite(sqliteFileIn(dataDir)) }) });
    migratedOrThrow(await new Migrator({ db, provider: migrationProvider }).migrateTo(migration));
    return {
      db,
      open: () => openStore({ dataDir }),
      columnsOf: (table) => columnsOf(db, table),
      cleanup: async () => {
        await db.destroy();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** A schema of its own in the test database, and the address that makes it the search path. */
async function postgresSchema(): Promise<{ schema: string; url: string; drop: () => Promise<void> }> {
  const schema = `t_${uuidv7().replace(/-/g, '').slice(-16)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(PG_URL!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const drop = async () => {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  };
  return { schema, url: url.toString(), drop };
}

const postgres: StoreKind = {
  name: 'postgres',
  async fresh() {
    const { url, drop } = await postgresSchema();
    const store = await openStore({ databaseUrl: url, dataDir: '/nonexistent' }).catch(async (e: unknown) => {
      await drop();
      throw e;
    });
    return {
      store,
      reopen: () => openStore({ databaseUrl: url, dataDir: '/nonexistent' }),
      cleanup: drop,
    };
  },
  async older(migration) {
    const { schema, url, drop } = await postgresSchema();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
    try {
      migratedOrThrow(await new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema }).migrateTo(migration));
    } catch (e) {
      await db.destroy();
      await drop();
      throw e;
    }
    return {
      db,
      open: () => openStore({ databaseUrl: url, dataDir: '/nonexistent' }),
      columnsOf: (table) => columnsOf(db, table, schema),
      cleanup: async () => {
        await db.destroy();
        await drop();
      },
    };
  },
};

export const STORE_KINDS: StoreKind[] = PG_URL ? [sqlite, postgres] : [sqlite];

export const actor = { name: 'Dana', role: 'dock' as const };

/** For each test: a sync server on a fresh store of `kind`, all of it closed and removed after. */
export function serverEachTest(kind: StoreKind, adminToken: string): { readonly store: Store; readonly app: FastifyInstance } {
  const on = {} as { store: Store; app: FastifyInstance; cleanup: () => Promise<void> };
  beforeEach(async () => {
    const { store, cleanup } = await kind.fresh();
    Object.assign(on, { store, cleanup, app: buildServer({ store, adminToken }) });
  });
  afterEach(async () => {
    await on.app.close();
    await on.store.close();
    await on.cleanup();
  });
  return on;
}

/** A valid dock fact for a station, as a station would push it. */
export function dockEvent(stationId: string, stationSeq: number, rmaNumber: string | null, type: 'package_accepted' | 'package_refused' = 'package_accepted'): StationEvent {
  const base = { id: uuidv7(), stationSeq, stationId, actor, clientTs: new Date(Date.UTC(2026, 10, 28, 10, 0, stationSeq)).toISOString(), schemaVersion: 1, rmaNumber };
  return type === 'package_accepted'
    ? { ...base, type, payload: { packageId: uuidv7(), tracking: null, warnings: ['untraceable_shipment'], earlierPackages: 0, clauses: [6, 11], settlesHold: null } }
    : { ...base, type, payload: { packageId: uuidv7(), reason: rmaNumber ? 'unknown_rma' : 'no_rma_on_package', tracking: null, clauses: [11], settlesHold: null } };
}

/** Every table, parents before the tables that refer to them. */
const TABLES = ['counter', 'stations', 'events', 'changes', 'rmas', 'catalog', 'users', 'rma_state', 'photos', 'exceptions'] as const;
export type Backup = Map<(typeof TABLES)[number], Record<string, unknown>[]>;

/** What a backup of the server's database holds: every row of every table. */
export async function backUp(store: Store): Promise<Backup> {
  const backup: Backup = new Map();
  for (const table of TABLES) backup.set(table, await store.db.selectFrom(table).selectAll().execute());
  return backup;
}

/** The database put back as it was at `backup`, as an operator restoring it would. */
export async function restoreFrom(store: Store, backup: Backup): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (const table of [...TABLES].reverse()) await trx.deleteFrom(table).execute();
    for (const table of TABLES) {
      const rows = backup.get(table)!;
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto(table).values(rows.slice(i, i + 500)).execute();
    }
  });
}

/**
 * A sync server on a fresh SQLite store, and a station database linked to it: for tests of the
 * station's side that need one real server. `close` removes it all.
 */
export async function linkedStation(dbName: string, adminToken = 'admin') {
  const { store, cleanup } = await STORE_KINDS[0]!.fresh();
  const app = buildServer({ store, adminToken });
  const db = new StationDb(dbName, { indexedDB, IDBKeyRange });
  const station = { id: uuidv7(), name: 'Door 1' };
  await writeMeta(db, 'station', station);
  const admin = { authorization: `Bearer ${adminToken}` };
  const fetch = fetchInto(app);
  await enrolStation(db, 'http://sync.test', await enrolmentCode(app, admin, station.name), fetch, new Date());
  const close = async () => {
    db.close();
    await app.close();
    await store.close();
    await cleanup();
  };
  return { store, app, admin, db, station, fetch, close };
}
