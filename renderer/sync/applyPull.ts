import type { Table } from 'dexie';
import { z } from 'zod';
import { stationEventSchema } from '../../shared/events';
import { catalogEntrySchema, userSchema } from '../../shared/entities';
import { serverExceptionSchema, type PullAnswerBody, type ServerException } from '../../shared/sync';
import { writeMeta } from '../db/meta';
import { writeInParts } from '../db/scanFirst';
import { applyEvent } from '../db/projections';
import { HeldRows, inMemory, PartRows, together } from '../db/projectionRows';
import { withOpenKey, type ExceptionRow, type PulledRow, type StationDb, type StoredRma } from '../db/schema';
import type { PreparedPage } from './pageReader';

const pulledEventSchema = z.object({
  event: stationEventSchema,
  status: z.enum(['accepted', 'rejected']),
  reason: z.string().nullable(),
  /** A server older than this sends none. */
  stationName: z.string().nullable().default(null),
});

export interface Applied {
  rmas: number;
  events: number;
  skipped: number;
}

/**
 * RMAs per write transaction. A scan waits behind one of these at most (`scanFirst`), so while
 * someone is scanning the parts are small, with a rest after each (`restAfterWrite`); while nobody
 * is, larger parts make the pull faster, and the first scan after a quiet spell waits behind one.
 * 100,000 RMAs pulled with nobody scanning, a read of the RMA table timed about once a second
 * (what that first scan waits), 6 pulls a size alternating, both stores, one machine:
 * 100 a part: 20.7–23.0 s (1.28–1.55× a raw bulkPut), the wait p50 17–25 ms, p95 33–59 ms;
 * 250: 18.5–22.4 s (1.15–1.59×, mean 1.31 against 1.45), p50 30–40 ms, p95 55–99 ms;
 * 500: 14.5–21.2 s (1.12–1.30×), p50 38–63 ms, p95 105–270 ms — a wait a person notices.
 * While scanning, 20 a part gave verdicts p95 17.4–23.9 ms and a pull 1.6–2.5× raw, and with the
 * rest p95 12.6–16.2 ms (9 of 10 runs under 16; 5–7 ms once the pull is done) and a pull 2.3–3.5×
 * raw: the disk, not the tables, was what a verdict's strict commit waited on.
 */
export const RMA_PART = { quiet: 250, inUse: 20 };

/**
 * The page's other changes per write transaction, on the same terms. Another station's fact is
 * stored with what it changes here (the box, the RMA's count); a part's facts read those rows in
 * a few requests and write them in one per table (`PartRows`). `npm run bench -- pull --quick`
 * (5,000 RMAs and 5,000 facts): a whole page of 1,000 at once made a write wait up to 171 ms
 * (p95) while scanning; 10 a part, 11–15 ms; 25, 26–31 ms, and again 24–29 ms once parts were
 * batched. While nobody scans, 100 a part is as fast as 250 or 1,000, and the first scan after a
 * quiet spell waits behind a tenth of the writing.
 */
export const CHANGE_PART = { quiet: 100, inUse: 10 };

type Change = PullAnswerBody['changes'][number];
type Replaces = (stored: (PulledRow & { version?: number }) | undefined, version: number) => boolean;

/**
 * A part's catalog entries or people, pulled, in order: each kept when newer than the copy here,
 * and a removal on the server takes the copy away. Read in one request and written in one or two:
 * one by one, a get and a put each, a new station took 3.9 s to link and take in a catalog of
 * 10,000 (Chromium, this machine); so, 1.4 s. Returns how many this version cannot read.
 */
async function applyVersioned<T>(
  table: Table<T & PulledRow & { version: number }, string>,
  schema: z.ZodType<T>,
  keyOf: (value: T) => string,
  changes: readonly Change[],
  mark: PulledRow,
  replaces: Replaces,
): Promise<number> {
  if (!changes.length) return 0;
  type Row = T & PulledRow & { version: number };
  const read = changes.map((change) => {
    if (change.deleted) return { key: change.key, serverSeq: change.serverSeq, value: null };
    const value = schema.safeParse(change.data);
    return value.success ? { key: keyOf(value.data), serverSeq: change.serverSeq, value: value.data } : undefined;
  });
  const readable = read.filter((r) => r !== undefined);
  const keys = [...new Set(readable.map((r) => r.key))];
  const stored = await table.bulkGet(keys);
  const after = new Map<string, Row | undefined>(keys.map((k, i) => [k, stored[i]]));
  for (const { key, serverSeq, value } of readable) {
    const current = after.get(key);
    if (value === null) {
      if (current && replaces(current, serverSeq)) after.set(key, undefined);
    } else if (replaces(current, serverSeq)) after.set(key, { ...value, ...mark, version: serverSeq });
  }
  const changed = keys.filter((k, i) => after.get(k) !== stored[i]);
  const kept = changed.flatMap((k) => after.get(k) ?? []);
  const removed = changed.filter((k) => after.get(k) === undefined);
  await together(kept.length ? table.bulkPut(kept) : undefined, removed.length ? table.bulkDelete(removed) : undefined);
  return read.length - readable.length;
}

type PulledEvent = z.infer<typeof pulledEventSchema>;

/** A pulled fact, in its part's rows: kept, with what it changes here, unless held already. False when it was. */
function applyPulledEvent(rows: PartRows, { event, status, stationName }: PulledEvent, serverSeq: number, stationId: string): boolean {
  if (event.stationId === stationId) {
    // Our own fact: here already, unless this database was lost and enrolled again.
    if (rows.events.get(event.id)) return false;
    rows.events.put(event);
  } else {
    // A refused fact from elsewhere changes nothing here.
    if (status !== 'accepted' || rows.remoteEvents.get(event.id)) return false;
    rows.remoteEvents.put({ ...event, serverSeq, stationName });
  }
  applyEvent(rows, event);
  return true;
}

/** An exception, pulled, in its part's rows. */
function applyException(exceptions: HeldRows<ExceptionRow>, x: ServerException, mark: PulledRow): void {
  // A resolution is never undone: one recorded here and not yet sent stays over the
  // server's copy from before it (and over the same exception pulled again after a restore).
  const resolution = x.resolution ?? exceptions.get(x.id)?.resolution ?? null;
  exceptions.put(withOpenKey({ ...x, resolution, ...mark }));
}

/** A change of a pulled page, read: what it is, or null when this version cannot read it. */
type ReadChange = { fact: PulledEvent } | { exception: ServerException } | { entity: Change } | null;

function readChange(change: Change): ReadChange {
  if (change.kind === 'event') {
    const pulled = pulledEventSchema.safeParse(change.data);
    return pulled.success ? { fact: pulled.data } : null;
  }
  if (change.kind === 'exception') {
    const x = serverExceptionSchema.safeParse(change.data);
    return x.success ? { exception: x.data } : null;
  }
  return { entity: change };
}

/**
 * Apply one pulled page and store the cursor that covers it (SYNC.md, invariant 7): re-applying
 * a page changes nothing. A change this version cannot read is skipped and counted, never allowed
 * to stop the station.
 */
export async function applyPulledPage(
  db: StationDb,
  { page, rmas, skipped }: PreparedPage,
  stationId: string,
  now: Date,
  {
    firstPullOfEmptyStation = false,
    generation = 0,
  }: {
    /**
     * This pull began from cursor 0 on a station with no RMAs: nothing stored can be newer than a
     * pulled RMA (pages arrive in version order), so a fresh station's initial pull writes without
     * reading versions first — a round trip saved on each of its thousands of parts.
     */
    firstPullOfEmptyStation?: boolean;
    /** The station's `pullGeneration`: rows pulled before it are replaced whatever their version. */
    generation?: number;
  } = {},
): Promise<Applied> {
  const applied: Applied = { rmas: 0, events: 0, skipped };
  // Rows carry no mark until the station first pulls everything again: most never store more.
  const mark: PulledRow = generation > 0 ? { pullGeneration: generation } : {};
  const replaces: Replaces = (stored, version) =>
    stored === undefined || (stored.pullGeneration ?? 0) < generation || (stored.version ?? -1) < version;
  // The bulk of an initial pull, written in short parts so a scan never waits long; if one is cut
  // off, the page is pulled again (its cursor is stored only with the last part) and versions
  // make that harmless.
  if (rmas.length) {
    await writeInParts(rmas, RMA_PART, (chunk) =>
      db.transaction('rw', db.rmas, async () => {
        const current = firstPullOfEmptyStation ? [] : await db.rmas.bulkGet(chunk.map((c) => c.rma.number));
        const newer = new Map<string, StoredRma>();
        chunk.forEach(({ rma, version }, j) => {
          if (replaces(newer.get(rma.number) ?? current[j], version)) newer.set(rma.number, { ...rma, ...mark, receivedAt: now.toISOString(), version });
        });
        await db.rmas.bulkPut([...newer.values()]);
        applied.rmas += newer.size;
      }),
    );
  }
  // The rest of the page in order — other stations' facts with what they change here, people,
  // the catalog, exceptions — in parts as the RMAs are; the cursor is stored with the last part.
  await writeInParts(page.changes, CHANGE_PART, (part, last) =>
    db.transaction('rw', [db.remoteEvents, db.exceptions, db.meta, db.packages, db.rmaProgress, db.events, db.catalog, db.users, db.units, db.rmas, db.slips], async () => {
      // The part's facts and exceptions read what they change in a few requests, are applied in
      // memory, and write it in one request per table.
      const read = part.map(readChange);
      const facts = read.flatMap((r) => (r && 'fact' in r ? [r.fact.event] : []));
      const rows = new PartRows(db);
      const exceptions = new HeldRows(db.exceptions, (x) => x.id);
      await together(
        rows.prefetch(facts),
        // Whether each is held already, and another station's fact an undo names.
        rows.events.read(facts.filter((e) => e.stationId === stationId).map((e) => e.id)),
        rows.remoteEvents.read(facts.flatMap((e) => (e.stationId === stationId ? [] : e.type === 'event_voided' ? [e.id, e.payload.eventId] : [e.id]))),
        exceptions.read(read.flatMap((r) => (r && 'exception' in r ? [r.exception.id] : []))),
      );
      const kept = await inMemory(
        [rows, exceptions],
        () => {
          let n = 0;
          for (const [i, r] of read.entries()) {
            if (r && 'fact' in r && applyPulledEvent(rows, r.fact, part[i]!.serverSeq, stationId)) n++;
            else if (r && 'exception' in r) applyException(exceptions, r.exception, mark);
          }
          return n;
        },
        () => together(rows.flush(), exceptions.flush()),
      );
      applied.events += kept;
      // The catalog and people, which no fact reads. (RMAs were taken out of the page before,
      // `prepareRmas`: one left here changes nothing.)
      const entities = read.flatMap((r) => (r && 'entity' in r ? [r.entity] : []));
      applied.skipped += read.filter((r) => r === null).length;
      if (entities.length) {
        applied.skipped += await applyVersioned(db.catalog, catalogEntrySchema, (e) => e.sku, entities.filter((c) => c.kind === 'catalog'), mark, replaces);
        applied.skipped += await applyVersioned(db.users, userSchema, (u) => u.id, entities.filter((c) => c.kind === 'user'), mark, replaces);
      }
      if (last) {
        await writeMeta(db, 'pullCursor', page.nextCursor);
        await writeMeta(db, 'pullTag', page.cursorTag);
      }
    }),
  );
  return applied;
}
