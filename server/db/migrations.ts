import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { enrolCodeExpiry } from '../store/stations';

/** The RMAs' table as 0008 leaves it: the columns its fill writes (later versions may add more). */
interface RmaRowAt0008 {
  number: string;
  version: number;
  body: string;
  deleted: number;
  updated_at: string;
  status: string;
  units_authorised: number;
}

/**
 * An RMA's status and units, from its body as an earlier version stored it, counted as this
 * version counts units (shared/rma's unitsAuthorised), kept here as it was. A body that cannot be
 * read is named, and the upgrade stops with nothing changed.
 */
function statusAndUnits(number: string, body: string): Pick<RmaRowAt0008, 'status' | 'units_authorised'> {
  const damaged = (why: string, cause?: unknown) =>
    new Error(`RMA ${number} is stored damaged (${why}); nothing was changed: put its body right or delete its row, then start again`, { cause });
  let rma: { status?: unknown; lines?: { quantity?: unknown }[] };
  try {
    rma = JSON.parse(body) as typeof rma;
  } catch (e) {
    throw damaged(`its body is not JSON: ${(e as Error).message}`, e);
  }
  const units = Array.isArray(rma.lines) ? rma.lines.reduce((n, l) => n + Number(l?.quantity), 0) : NaN;
  if (typeof rma.status !== 'string' || !Number.isInteger(units)) throw damaged('its body has no status or lines');
  return { status: rma.status, units_authorised: units };
}

/**
 * Versioned migrations, applied at start, the same for SQLite and PostgreSQL. A new one is added
 * at the end; none is ever edited once released.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_sync_store': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('counter').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('value', 'bigint', (c) => c.notNull()).execute();
      await sql`insert into counter (id, value) values (1, 0)`.execute(db);

      await db.schema
        .createTable('stations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('enrol_code_hash', 'text')
        .addColumn('token_hash', 'text', (c) => c.unique())
        .addColumn('last_ack', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('enrolled_at', 'text')
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id'))
        .addColumn('station_seq', 'bigint', (c) => c.notNull())
        .addColumn('server_seq', 'bigint', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('rma_number', 'text')
        .addColumn('schema_version', 'integer', (c) => c.notNull())
        .addColumn('client_ts', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('events_station_seq', ['station_id', 'station_seq'])
        .execute();
      await db.schema.createIndex('events_rma').on('events').column('rma_number').execute();

      await db.schema
        .createTable('changes')
        .addColumn('server_seq', 'bigint', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('rmas')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('rma_state')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('lifecycle', 'text', (c) => c.notNull())
        .addColumn('packages_accepted', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('exceptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('rma_number', 'text')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('raised_seq', 'bigint', (c) => c.notNull())
        .addColumn('resolved_by_event', 'text')
        .execute();
    },
  },
  '0002_catalog_and_users': {
    async up(db: Kysely<unknown>) {
      for (const table of ['catalog', 'users']) {
        await db.schema
          .createTable(table)
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('version', 'bigint', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      }
    },
  },
  '0003_events_are_their_own_change_log': {
    // An event's row carries its serverSeq already: pull reads events from there, and a second
    // row per event in `changes` was a write on every push for nothing.
    async up(db: Kysely<unknown>) {
      await sql`delete from changes where kind = 'event'`.execute(db);
    },
  },
  '0004_photos': {
    // The pictures an inspection names, sent by the station that took them after their fact was
    // acknowledged. 'bytea' is PostgreSQL's binary type; SQLite stores a Buffer as a BLOB whatever
    // the column's declared type.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('photos')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
        .addColumn('station_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('body', 'bytea', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0005_write_tags': {
    // Which write numbered a row: a station's pull cursor carries it, so a server restored from a
    // backup, which numbers later writes as the lost ones were, is noticed (store/pull.ts).
    async up(db: Kysely<unknown>) {
      for (const table of ['events', 'changes']) {
        await db.schema.alterTable(table).addColumn('tag', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      }
    },
  },
  '0006_enrol_code_expiry': {
    // A one-time code now lapses if nobody uses it (store/stations.ts). Codes given out before
    // this version get the same time to be used, counted from the upgrade.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('stations').addColumn('enrol_code_expires_at', 'text').execute();
      await sql`update stations set enrol_code_expires_at = ${enrolCodeExpiry(new Date())} where enrol_code_hash is not null`.execute(db);
    },
  },
  '0007_rejected_events_index': {
    // The refused facts, for the admin's list, without reading every event: on SQLite that read
    // held up every push for a quarter of a second at a million events. Only refused rows are in
    // it, so a push writes nothing more.
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('events_rejected').on('events').column('server_seq').where(sql.ref('status'), '=', sql.lit('rejected')).execute();
    },
  },
  '0008_rma_status_columns': {
    // What a push asks of an RMA for each accept: its status and the units it authorises. Reading
    // and parsing every body for them was about a sixth of a dock push's store time on SQLite
    // (`npm run bench -- sync`). Filled here from the bodies, a page at a time.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('rmas').addColumn('status', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.alterTable('rmas').addColumn('units_authorised', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      const rmas = db as unknown as Kysely<{ rmas: RmaRowAt0008 }>;
      for (let after = ''; ; ) {
        const page = await rmas.selectFrom('rmas').select(['number', 'version', 'body', 'deleted', 'updated_at']).where('number', '>', after).orderBy('number').limit(1000).execute();
        if (!page.length) break;
        const filled = page.map((row) => ({ ...row, ...statusAndUnits(row.number, row.body) }));
        // A page in one statement: an upgrade of 100,000 RMAs is 100 writes, not 100,000.
        await rmas
          .insertInto('rmas')
          .values(filled)
          .onConflict((oc) => oc.column('number').doUpdateSet((eb) => ({ status: eb.ref('excluded.status'), units_authorised: eb.ref('excluded.units_authorised') })))
          .execute();
        after = page.at(-1)!.number;
      }
    },
  },
  '0009_station_last_seen': {
    // When each station last asked the server anything (store/stations.ts): a station that has not
    // synced for days holds boxes the server has not heard of, and the admin's list says so.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('stations').addColumn('last_seen_at', 'text').execute();
    },
  },
  '0010_station_storage': {
    // Each station's storage as it last said it: a station filling up is seen from the server.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('stations').addColumn('storage_used', 'bigint').execute();
      await db.schema.alterTable('stations').addColumn('storage_quota', 'bigint').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
