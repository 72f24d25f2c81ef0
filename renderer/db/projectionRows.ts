import Dexie, { type Table } from 'dexie';
import type { StationEvent } from '../../shared/events';
import type { PackageRow, RemoteEvent, RmaProgress, SlipRow, StationDb, StoredRma, UnitRow } from './schema';

/** Rows of one table as applying a fact reads and writes them. */
export interface Rows<T> {
  get(key: string): Promise<T | undefined>;
  put(...rows: T[]): Promise<unknown>;
}

/**
 * What applying a fact reads and writes (`applyEvent`): the tables themselves on the scan path,
 * where each fact commits on its own, or a buffer of them (`PartRows`) where many facts are
 * applied in one transaction.
 */
export interface ProjectionRows {
  packages: Rows<PackageRow>;
  rmaProgress: Rows<RmaProgress>;
  units: Rows<UnitRow> & { ofRma(rmaNumber: string): Promise<UnitRow[]> };
  slips: Rows<SlipRow>;
  rma(rmaNumber: string): Promise<StoredRma | undefined>;
  /** A fact this station holds, its own or pulled from another. */
  fact(id: string): Promise<StationEvent | undefined>;
}

function rowsOfTable<T>(table: Table<T, string>): Rows<T> {
  return { get: (key) => table.get(key), put: (...rows) => (rows.length === 1 ? table.put(rows[0]!) : table.bulkPut(rows)) };
}

const ofTables = new WeakMap<StationDb, ProjectionRows>();

/** The tables themselves: each read and write a request of its own. Made once per database: every scan asks. */
export function tableRows(db: StationDb): ProjectionRows {
  let rows = ofTables.get(db);
  if (!rows) {
    rows = {
      packages: rowsOfTable(db.packages),
      rmaProgress: rowsOfTable(db.rmaProgress),
      units: { ...rowsOfTable(db.units), ofRma: (rmaNumber) => db.units.where('rmaNumber').equals(rmaNumber).toArray() },
      slips: rowsOfTable(db.slips),
      rma: (rmaNumber) => db.rmas.get(rmaNumber),
      fact: async (id) => (await db.events.get(id)) ?? (await db.remoteEvents.get(id)),
    };
    ofTables.set(db, rows);
  }
  return rows;
}

/**
 * One table's rows as a batch of facts has read or written them: read once, then from here;
 * written here, then all at once (`flush`). Only for use inside one transaction, whose other
 * writes never touch the same table.
 */
export class BufferedRows<T> implements Rows<T> {
  private readonly rows = new Map<string, T | undefined>();
  private readonly written = new Set<string>();

  constructor(
    private readonly table: Table<T, string>,
    private readonly keyOf: (row: T) => string,
  ) {}

  /** Read these rows in one request, ahead of the facts that will ask for them one by one. */
  async prefetch(keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.rows.has(k));
    if (!missing.length) return;
    const found = await this.table.bulkGet(missing);
    missing.forEach((k, i) => this.rows.set(k, found[i]));
  }

  // Answers are Dexie's promises even from memory: Dexie keeps the transaction's context across
  // only some hundred awaits of other promises, and a batch answered from memory would outlast
  // it (the transaction then commits before the batch's writes). One costs ~45 µs (Chromium, this
  // machine); a request, 1–2 ms.
  get(key: string): Promise<T | undefined> {
    if (this.rows.has(key)) return Dexie.Promise.resolve(this.rows.get(key));
    return this.table.get(key).then((row) => {
      if (!this.rows.has(key)) this.rows.set(key, row);
      return this.rows.get(key);
    });
  }

  put(...rows: T[]): Promise<void> {
    for (const row of rows) {
      const key = this.keyOf(row);
      this.rows.set(key, row);
      this.written.add(key);
    }
    return Dexie.Promise.resolve();
  }

  /** Rows read from elsewhere (an index query): kept only where this batch holds none newer. */
  learn(rows: readonly T[]): void {
    for (const row of rows) if (!this.rows.has(this.keyOf(row))) this.rows.set(this.keyOf(row), row);
  }

  /** Every row held here that is not known to be absent. */
  held(): T[] {
    return [...this.rows.values()].filter((r): r is T => r !== undefined);
  }

  async flush(): Promise<void> {
    if (!this.written.size) return;
    await this.table.bulkPut([...this.written].map((k) => this.rows.get(k)!));
    this.written.clear();
  }
}

/** A batch's units, and every unit of an RMA once asked for: a unit's RMA never changes. */
class UnitRows extends BufferedRows<UnitRow> {
  private readonly rmasRead = new Set<string>();

  constructor(private readonly units: Table<UnitRow, string>) {
    super(units, (u) => u.unitId);
  }

  /** Once read, the units held here for an RMA are all it has, as this batch left them. */
  ofRma(rmaNumber: string): Promise<UnitRow[]> {
    const held = () => this.held().filter((u) => u.rmaNumber === rmaNumber);
    if (this.rmasRead.has(rmaNumber)) return Dexie.Promise.resolve(held());
    return this.units
      .where('rmaNumber')
      .equals(rmaNumber)
      .toArray()
      .then((found) => {
        this.learn(found);
        this.rmasRead.add(rmaNumber);
        return held();
      });
  }
}

/**
 * The projections and facts of one batch of facts applied together — a pulled part, a rebuild,
 * a restore — read at most once each and written in one request per table at the end (`flush`),
 * instead of some six requests one after another for each fact.
 */
export class PartRows implements ProjectionRows {
  readonly packages: BufferedRows<PackageRow>;
  readonly rmaProgress: BufferedRows<RmaProgress>;
  readonly slips: BufferedRows<SlipRow>;
  readonly events: BufferedRows<StationEvent>;
  readonly remoteEvents: BufferedRows<RemoteEvent>;
  readonly units: UnitRows;
  /** Only read here. */
  private readonly rmas: BufferedRows<StoredRma>;

  constructor(db: StationDb) {
    this.packages = new BufferedRows(db.packages, (p) => p.id);
    this.rmaProgress = new BufferedRows(db.rmaProgress, (p) => p.rmaNumber);
    this.slips = new BufferedRows(db.slips, (s) => s.slipId);
    this.events = new BufferedRows(db.events, (e) => e.id);
    this.remoteEvents = new BufferedRows(db.remoteEvents, (e) => e.id);
    this.units = new UnitRows(db.units);
    this.rmas = new BufferedRows(db.rmas, (r) => r.number);
  }

  rma(rmaNumber: string): Promise<StoredRma | undefined> {
    return this.rmas.get(rmaNumber);
  }

  async fact(id: string): Promise<StationEvent | undefined> {
    return (await this.events.get(id)) ?? (await this.remoteEvents.get(id));
  }

  /** Read ahead, in a few requests, the rows these facts are about to ask for one by one. */
  async prefetch(facts: readonly StationEvent[]): Promise<void> {
    const ids = facts.map((f) => f.id);
    const packageIds: string[] = [];
    const unitIds: string[] = [];
    const slipIds: string[] = [];
    const rmaNumbers: string[] = [];
    for (const f of facts) {
      if (f.rmaNumber !== null) rmaNumbers.push(f.rmaNumber);
      const { payload } = f;
      if ('packageId' in payload) packageIds.push(payload.packageId);
      if ('unitId' in payload) unitIds.push(payload.unitId);
      if ('unitIds' in payload) unitIds.push(...payload.unitIds);
      if ('slipId' in payload) slipIds.push(payload.slipId);
      if ('eventId' in payload) ids.push(payload.eventId);
    }
    await Promise.all([
      this.events.prefetch(ids),
      this.remoteEvents.prefetch(ids),
      this.packages.prefetch(packageIds),
      this.rmaProgress.prefetch(rmaNumbers),
      this.units.prefetch(unitIds),
      this.slips.prefetch(slipIds),
    ]);
  }

  async flush(): Promise<void> {
    await Promise.all([this.packages, this.rmaProgress, this.slips, this.events, this.remoteEvents, this.units].map((rows) => rows.flush()));
  }
}
