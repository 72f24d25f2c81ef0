import Dexie, { type Table, type Transaction } from 'dexie';
import type { DockReason, DockWarning } from '../../shared/policy';
import type { CatalogEntry, User } from '../../shared/entities';
import type { Rma } from '../../shared/rma';
import type { EventOf, PhotoRef, StationEvent, Tracking } from '../../shared/events';
import type { UnitMatch } from '../../shared/inspection';
import type { ExceptionResolution, ServerException } from '../../shared/sync';
import { photosNamedBy } from './photoOutbox';
import type { Decision, Finding, Outcome } from '../../shared/policy';

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
  /** Set while the box waits for inspection (accepted, not voided, not closed): the queue's index. */
  queuedAt?: string;
  /** What the inspector counted in it, once the box was closed. */
  closed?: EventOf<'box_closed'>['payload'] & { at: string; by: string };
}

/** Who recorded a fact about a unit, and when (the station's clock, for people). */
export interface Stamp {
  eventId: string;
  by: string;
  at: string;
}

/** One unit taken out of a box, with everything recorded about it since (a projection). */
export interface UnitRow {
  unitId: string;
  packageId: string;
  rmaNumber: string | null;
  sku: string;
  serial: string | null;
  logged: Stamp;
  /** How the blind count places it, recomputed over the RMA's units whenever one is counted. */
  match: UnitMatch['status'];
  line: number | null;
  inspection: (Stamp & { finding: Finding; note: string; photos: PhotoRef[] }) | null;
  decision: (Stamp & { decision: Decision; receivedOn: string; purchasedOn: string }) | null;
  approval: Stamp | null;
  override: (Stamp & { outcome: Outcome; reason: string }) | null;
  replacement: (Stamp & { serial: string; originalPurchasedOn: string }) | null;
  /** Indexed: a later claim on this replacement finds its first purchase's date (clause 3). */
  replacementSerial?: string;
  /** The slip this unit goes out on, once one was printed, and its shipment once it left. */
  slipId?: string;
  shipment?: Stamp & { tracking: Tracking; slipId: string };
  voided: boolean;
  /**
   * Indexed, and present only while the unit is decided, counted and not yet shipped: the Slips
   * screen reads those few through it instead of every unit the station ever counted.
   */
  toShip?: 1;
}

/** Whether a unit waits to leave the warehouse (the Slips screen sorts out what ships). */
export const waitsToShip = (u: UnitRow): boolean => u.decision !== null && !u.voided && !u.shipment;

/**
 * A row with the indexed marker `key` set to 1 exactly while `holds`, and absent otherwise, so the
 * index lists only the few rows that hold: the same row when it already says so.
 */
function keyedWhile<T extends object, K extends string>(row: T & Partial<Record<K, 1>>, key: K, holds: boolean): T {
  if (holds) return row[key] === 1 ? row : { ...row, [key]: 1 };
  if (row[key] === undefined) return row;
  const copy = { ...row };
  delete copy[key];
  return copy;
}

/** A unit as it is stored: with `toShip` exactly while it waits to leave. */
export const withShippingKey = (u: UnitRow): UnitRow => keyedWhile(u, 'toShip', waitsToShip(u));

/** A packing slip: what it covers, every time it was output, and the shipment it went with. */
export interface SlipRow {
  slipId: string;
  rmaNumber: string;
  kind: EventOf<'slip_printed'>['payload']['kind'];
  unitIds: string[];
  outputs: (Stamp & { output: EventOf<'slip_printed'>['payload']['output']; reprint: boolean; pageSize: string })[];
  shipment: (Stamp & { tracking: Tracking }) | null;
}

/** A photo of a unit, kept on the station: the evidence, and a small copy for lists. */
export interface PhotoRow {
  id: string;
  unitId: string;
  type: PhotoRef['type'];
  bytes: number;
  blob: Blob;
  thumbnail: Blob;
  takenAt: string;
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

/**
 * A photo still to send to the server, after the inspection naming it (`eventId`) is acknowledged.
 * `refused` holds the server's reason when it would not keep it: the photo stays here, on record.
 */
export interface PhotoOutboxEntry {
  photoId: string;
  eventId: string;
  refused?: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * Which of the server's histories a pulled row came from: absent (0) until the station first pulls
 * everything again (`repull.ts`). A restored or another server counts versions from lower, so a row
 * from an earlier history is replaced whatever its version, and dropped if the server no longer has it.
 */
export interface PulledRow {
  pullGeneration?: number;
}

/**
 * RMAs as pulled or imported; `receivedAt` is when this station got this version, `version` the
 * server's (none for a file import): a lower version never overwrites a higher one.
 */
export type StoredRma = Rma & PulledRow & { receivedAt: string; version?: number };

/** Another station's fact, as pulled from the server, with that station's name as the server gave it (absent on rows pulled before names came). */
export type RemoteEvent = StationEvent & { serverSeq: number; stationName?: string | null };

/** The server's answer for one of this station's facts that it refused (kept, never re-sent). */
export interface Rejection {
  eventId: string;
  stationSeq: number;
  reason: string;
  /** A supervisor here has seen to it (this station's own note; the server holds the refusal). */
  dealtWith?: { by: string; at: string };
}

/** Where facts disagree across stations, as the server raised it for a supervisor. */
export type ExceptionRow = Omit<ServerException, 'resolution'> &
  PulledRow & {
    /** Absent on rows stored before resolutions existed: open. */
    resolution?: ExceptionResolution | null;
    /**
     * 1 exactly while unresolved, absent once resolved, so the index holds only open ones: the
     * badge and the inspection bench read those few instead of every exception ever pulled.
     */
    open?: 1;
  };

/** An exception as it is stored: with `open` exactly while it is unresolved. */
export const withOpenKey = (x: ExceptionRow): ExceptionRow => keyedWhile(x, 'open', !x.resolution);

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
  catalog!: Table<CatalogEntry & PulledRow & { version: number }, string>;
  users!: Table<User & PulledRow & { version: number }, string>;
  units!: Table<UnitRow, string>;
  photos!: Table<PhotoRow, string>;
  slips!: Table<SlipRow, string>;
  photoOutbox!: Table<PhotoOutboxEntry, string>;

  constructor(
    name = 'returns-dock',
    options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {},
    versions: readonly (readonly [number, Record<string, string>])[] = SCHEMA_VERSIONS,
  ) {
    super(name, { chromeTransactionDurability: 'strict', ...options });
    for (const [version, stores] of versions) {
      const upgrade = UPGRADES[version];
      if (upgrade) this.version(version).stores(stores).upgrade(upgrade);
      else this.version(version).stores(stores);
    }
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
  // v4: inspection — units and their photos; the inspection queue is an index on packages.
  [4, { packages: '&id, rmaNumber, [verdict+reason], queuedAt', units: '&unitId, packageId, rmaNumber, replacementSerial', photos: '&id, unitId' }],
  // v5: packing slips.
  [5, { slips: '&slipId, rmaNumber' }],
  // v6: photos go to the server too, each after its inspection.
  [6, { photoOutbox: '&photoId' }],
  // v7: units waiting to ship, found without reading every unit.
  [7, { units: '&unitId, packageId, rmaNumber, replacementSerial, toShip' }],
  // v8: exceptions, the open ones and the newest found without reading every one kept.
  [8, { exceptions: '&id, open, raisedSeq' }],
  // v9: a scanned UPC/EAN finds the catalog entry whose item carries it.
  [9, { catalog: '&sku, *barcodes' }],
];

/** v4 puts boxes already accepted into the inspection queue (no box was closed before it). */
export const UPGRADES: Readonly<Record<number, (tx: Transaction) => Promise<unknown>>> = {
  4: (tx) =>
    tx
      .table<PackageRow>('packages')
      .toCollection()
      .modify((p) => {
        if (p.verdict === 'accept' && !p.voided) p.queuedAt = p.decidedAt;
      }),
  // Photos taken before v6 were never sent: queue each one this station still holds.
  6: async (tx) => {
    const inspections = await tx
      .table<StationEvent, string>('events')
      .filter((e) => e.type === 'item_inspected')
      .toArray();
    const held = new Set<string>(await tx.table<PhotoRow, string>('photos').toCollection().primaryKeys());
    await tx.table<PhotoOutboxEntry, string>('photoOutbox').bulkPut(photosNamedBy(inspections).filter((p) => held.has(p.photoId)));
  },
  // Units counted before v7 get their shipping key once.
  7: (tx) =>
    tx
      .table<UnitRow>('units')
      .toCollection()
      .modify((u) => {
        if (waitsToShip(u)) u.toShip = 1;
      }),
  // Exceptions pulled before v8 get their open key once.
  8: (tx) =>
    tx
      .table<ExceptionRow>('exceptions')
      .toCollection()
      .modify((x) => {
        if (!x.resolution) x.open = 1;
      }),
};

/** The tables a recorded fact writes, in one transaction. */
export const FACT_TABLES = ['events', 'outbox', 'meta', 'packages', 'rmaProgress', 'units', 'rmas', 'slips'] as const;
