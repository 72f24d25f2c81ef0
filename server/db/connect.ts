import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, PostgresDriver, type PostgresDialectConfig, SqliteAdapter, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type SqliteDialectConfig } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { migrationProvider } from './migrations';
import { sqliteRoom, type StoreRoom } from './room';
import { isDatabaseUnreachable } from './unreachable';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for the log: a folder or a database URL without its password. */
  location: string;
  /** How much the data takes, and the room left for it (`rmadock status`). */
  room(): Promise<StoreRoom>;
  /** Told of a connection the database closed while the store was not using it (PostgreSQL); the store opens another as needed. */
  onConnectionLost(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

// bigint columns come back as numbers: every sequence here stays far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export class StoreLockedError extends Error {}

/** A lock not refreshed for this long is a crashed server's, and is taken over. */
const LOCK_STALE_MS = 15_000;

/** The SQLite store's file in a data folder. */
export const sqliteFileIn = (dataDir: string): string => join(resolve(dataDir), 'returns-dock.sqlite');

/**
 * Hold the data folder for one process: a server, or a restore. Returns its release.
 * @param whatFor what the caller would do with it, for the message when another holds it
 */
export async function lockDataFolder(dataDir: string, whatFor = 'point this one at another folder'): Promise<() => Promise<void>> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  try {
    return await lockfile.lock(dir, { lockfilePath: join(dir, 'server.lock'), stale: LOCK_STALE_MS, update: 5_000 });
  } catch {
    throw new StoreLockedError(
      `another returns-dock server is using the data folder ${dir}; stop it first, or ${whatFor} ` +
        `(a server that stopped abruptly keeps the folder for ${LOCK_STALE_MS / 1000} seconds)`,
    );
  }
}

/**
 * SQLite's schema changes are transactional, but Kysely's adapter says they are not, so its
 * migrator ran each migration bare: one cut short (a crash, a damaged RMA body) left its columns
 * added and itself unrecorded, and every later start failed on adding them again. Said truly, the
 * migrator runs the pending migrations and their record in one transaction, as on PostgreSQL.
 */
class SqliteTransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * A full disk (SQLITE_FULL) or an I/O error mid-transaction makes SQLite roll the whole
 * transaction back itself. Kysely's rollback after it then failed ("no transaction is active")
 * and was thrown in place of the error that caused it, so a full disk reached the stations as
 * "the server failed" (seen on a real full tmpfs: fullDisk.test.ts).
 */
type SqliteStoreConfig = SqliteDialectConfig & { database: Sqlite.Database };

class SqliteStoreDriver extends SqliteDriver {
  constructor(private readonly config: SqliteStoreConfig) {
    super(config);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.config.database.inTransaction) await super.rollbackTransaction(connection);
  }
}

class SqliteStoreDialect extends SqliteDialect {
  constructor(private readonly config: SqliteStoreConfig) {
    super(config);
  }

  override createAdapter(): SqliteAdapter {
    return new SqliteTransactionalDdlAdapter();
  }

  override createDriver(): SqliteDriver {
    return new SqliteStoreDriver(this.config);
  }
}

/**
 * The embedded default: one SQLite file in `dataDir`, WAL with synchronous=FULL so a commit is
 * on disk before the push is answered, and a lock so a second server cannot open the same folder.
 */
async function openSqlite(dataDir: string): Promise<Store> {
  const dir = resolve(dataDir);
  const release = await lockDataFolder(dir);
  const sqlite = new Sqlite(sqliteFileIn(dir));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteStoreDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    location: dir,
    room: () => sqliteRoom(sqliteFileIn(dir)),
    // One file, opened once: there is no connection to lose.
    onConnectionLost: () => undefined,
    async close() {
      await db.destroy();
      await release();
    },
  };
}

/**
 * PostgreSQL ending the connection under a transaction (a restart, a failover) takes the
 * transaction with it. Kysely's rollback on the dead connection then failed ("Connection
 * terminated unexpectedly") and was thrown in place of the error that said why (57P01), as
 * SQLite's rollback did after a full disk.
 */
class PostgresStoreDriver extends PostgresDriver {
  override async rollbackTransaction(connection: Parameters<PostgresDriver['rollbackTransaction']>[0]): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (e) {
      if (!isDatabaseUnreachable(e)) throw e;
    }
  }
}

class PostgresStoreDialect extends PostgresDialect {
  constructor(private readonly config: PostgresDialectConfig) {
    super(config);
  }

  override createDriver(): PostgresDriver {
    return new PostgresStoreDriver(this.config);
  }
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const lost = new Set<(error: Error) => void>();
  // PostgreSQL closing a connection the pool holds idle (a restart, a failover, an administrator's
  // pg_terminate_backend) is an 'error' on the pool, and with nothing listening Node ended the
  // whole server on it. The pool has already let the connection go; the next query opens another.
  pool.on('error', (error) => lost.forEach((listener) => listener(error)));
  // One closed under a request is an 'error' on the connection itself, which the pool does not
  // listen to while it is lent out, and Node ended the server on it too. The request hears of it
  // from its query (answered 503), and the pool drops the connection when it comes back.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresStoreDialect({ pool }) });
  const shown = new URL(url);
  shown.password = shown.password ? '***' : '';
  const room = async (): Promise<StoreRoom> => {
    const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(db);
    return { databaseBytes: Number(rows[0]!.bytes), freeBytes: null };
  };
  return { db, dialect: 'postgres', location: shown.toString(), room, onConnectionLost: (listener) => void lost.add(listener), close: () => db.destroy() };
}

/**
 * On PostgreSQL, the schema the store lives in, named to the migrator: unnamed, Kysely takes its
 * own tables in *any* schema of the database (another app's, another store's) for this one's, and
 * the store's migration then fails on a table that is not there.
 */
async function migrationSchema(store: Store): Promise<string | undefined> {
  if (store.dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(store.db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('the PostgreSQL search_path names no schema that exists: create one, or set search_path in DATABASE_URL');
  return schema;
}

const databaseUrlSchema = z.url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL must be a PostgreSQL address, postgres://user:password@host:5432/database' });

/** Open the store — PostgreSQL when a URL is given, else SQLite in the data folder — and migrate it. */
export async function openStore(options: { databaseUrl?: string; dataDir: string }): Promise<Store> {
  if (options.databaseUrl !== undefined) {
    const url = databaseUrlSchema.safeParse(options.databaseUrl);
    if (!url.success) throw new Error(url.error.issues[0]!.message);
  }
  const store = options.databaseUrl ? openPostgres(options.databaseUrl) : await openSqlite(options.dataDir);
  try {
    const { error } = await new Migrator({ db: store.db, provider: migrationProvider, migrationTableSchema: await migrationSchema(store) }).migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  } catch (e) {
    await store.close();
    // Say which database could not be reached or migrated (the address without its password).
    if (store.dialect === 'postgres') throw new Error(`PostgreSQL at ${store.location}: ${(e as Error).message}`, { cause: e });
    throw e;
  }
  return store;
}
