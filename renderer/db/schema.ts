import Dexie, { type Table } from 'dexie';
import type { DockReason, DockWarning } from '../../shared/policy';
import type { CatalogEntry, User } from '../../shared/entities';
import type { Rma } from '../../shared/rma';
import type { StationEvent, Tracking } from '../../shared/events';

/** A package as the facts so far describe it (a projection: rebuilt from events at any time). */
export interface PackageRow {
  id: string;
  rmaNumber: string | null;
  verdict: 'accept' | 'refuse' | 'hold';
  reason: DockReason | null;
  warnings: DockWarning[];
  tracking: Tracking | null;
  /** The event that gave the verdict in force, and when (the station's clock, for people). */
  eventId: string;
  decidedAt: string;
  voided: boolean;
}

/** Per-RMA counts of packages by verdict in force and of units logged (a projection). */
export interface RmaProgress {
  rmaNumber: string;
  accepted: number;
  refused: number;
  held: number;
  unitsLogged: number;
}

export interface OutboxEntry {
  stationSeq: number;
  eventId: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * RMAs as pulled or imported; `receivedAt` is when this station got this version, `version` the
 * server's (none for a file import): a lower version never overwrites a higher one.
 */
export type StoredRma = Rma & { receivedAt: string; version?: number };

/** Another station's fact, as pulled from the server. */
export type RemoteEvent = StationEvent & { serverSeq: number };

/** The server's answer for one of this station's facts that it refused (kept, never re-sent). */
export interface Rejection {
  eventId: string;
  stationSeq: number;
  reason: string;
}

/** Where facts disagree across stations, as the server raised it for a supervisor. */
export interface ExceptionRow {
  id: string;
  kind: string;
  rmaNumber: string | null;
  eventId: string;
  stationId: string;
  details: Record<string, unknown>;
  raisedSeq: number;
}

/**
 * The station's database. One database, strict durability: an event, its outbox entry and its
 * projections commit together, and a commit is on disk before the screen shows its result.
 */
export class StationDb extends Dexie {
  events!: Table<StationEvent, string>;
  outbox!: Table<OutboxEntry, number>;
  meta!: Table<MetaRow, string>;
  rmas!: Table<StoredRma, string>;
  packages!: Table<PackageRow, string>;
  rmaProgress!: Table<RmaProgress, string>;
  remoteEvents!: Table<RemoteEvent, string>;
  rejections!: Table<Rejection, string>;
  exceptions!: Table<ExceptionRow, string>;
  catalog!: Table<CatalogEntry & { version: number }, string>;
  users!: Table<User & { version: number }, string>;

  constructor(
    name = 'returns-dock',
    options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {},
    versions: readonly (readonly [number, Record<string, string>])[] = SCHEMA_VERSIONS,
  ) {
    super(name, { chromeTransactionDurability: 'strict', ...options });
    for (const [version, stores] of versions) this.version(version).stores(stores);
  }
}

/**
 * Every schema version, oldest first. Index only what `where()` uses. A new version is added
 * below, never edited in place, and keeps every event (test/unit/db.test.ts opens v1 with it).
 */
export const SCHEMA_VERSIONS: readonly (readonly [number, Record<string, string>])[] = [
  [
    1,
    {
      events: '&id, &stationSeq',
      outbox: '&stationSeq',
      meta: '&key',
      rmas: '&number',
      packages: '&id, rmaNumber, [verdict+reason]',
      rmaProgress: '&rmaNumber',
    },
  ],
  // v2: sync — other stations' facts, the server's refusals of ours, and exceptions.
  [2, { remoteEvents: '&id, serverSeq', rejections: '&eventId', exceptions: '&id' }],
  // v3: the catalog and the users, pulled from the server.
  [3, { catalog: '&sku', users: '&id' }],
];

/** The tables a recorded fact writes, in one transaction. */
export const FACT_TABLES = ['events', 'outbox', 'meta', 'packages', 'rmaProgress'] as const;
