import type { Transaction } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import { mayRecord, type EventOf, type StationEvent } from '../../shared/events';
import { resolutionOf, type ServerException } from '../../shared/sync';
import { rmaClosesByFacts } from '../../shared/inspection';
import type { Store } from '../db/connect';
import type { Database } from '../db/schema';
import { PushRows, type PushedFact } from './pushRows';
import { takeServerSeqs } from './sequence';

export type PushStatus = 'accepted' | 'rejected' | 'duplicate';

export interface PushResult {
  id: string;
  stationSeq: number;
  status: PushStatus;
  serverSeq?: number;
  reason?: string;
}

export type PushAnswer =
  | { kind: 'ok'; ackStationSeq: number; results: PushResult[] }
  | { kind: 'seq_gap'; ackStationSeq: number };

interface Decided extends PushedFact {
  reason: string | null;
}

/**
 * The only pushes refused as impossible (SYNC.md: reject only the impossible): a fact the
 * recording person's role may not record (issue 5, *Roles*), an accept for an RMA the server does
 * not know, a void of a fact this station never sent. (A resolution of an exception not raised
 * here is not impossible: after a restore it may arrive before the fact that raises it again.)
 * Looked up for the whole batch at once; a void may name a fact earlier in the same batch.
 */
async function rejectionsFor(trx: Transaction<Database>, rows: PushRows, stationId: string, events: readonly StationEvent[]): Promise<(string | null)[]> {
  const voided = [...new Set(events.flatMap((e) => (e.type === 'event_voided' ? [e.payload.eventId] : [])))];
  const stored = new Set(
    voided.length ? (await trx.selectFrom('events').select('id').where('id', 'in', voided).where('station_id', '=', stationId).execute()).map((r) => r.id) : [],
  );
  const earlier = new Set<string>();
  return events.map((e) => {
    earlier.add(e.id);
    if (!mayRecord(e.actor.role, e.type)) return 'role_not_allowed';
    if (e.type === 'package_accepted' && e.rmaNumber !== null && !rows.rma(e.rmaNumber, { live: true })) return 'unknown_rma';
    if (e.type === 'event_voided' && !stored.has(e.payload.eventId) && !earlier.has(e.payload.eventId)) return 'unknown_event';
    return null;
  });
}

/** The reason for a fact sent under a stationSeq the server holds another fact of this station under. */
export const STATION_SEQ_TAKEN = 'station_seq_taken';

/** Any UUID, fixed for ever: the namespace exception ids are made in. */
const EXCEPTIONS_NAMESPACE = '5b0f3d2e-8a4c-4e7b-9c1d-2f6a8e4b7c30';

/**
 * An exception's id follows from the fact that raised it and its kind (a fact raises each kind
 * at most once), so a server restored from a backup raises it again under the same id when the
 * fact is sent again, and a supervisor's resolution of it still names it.
 */
export function exceptionIdFor(kind: string, eventId: string): string {
  return uuidv5(`${kind}:${eventId}`, EXCEPTIONS_NAMESPACE);
}

function raise(rows: PushRows, kind: string, e: StationEvent, serverSeq: number, details: Record<string, unknown>): ServerException {
  const id = exceptionIdFor(kind, e.id);
  const resolvedBy = earlierResolution(rows, id, e.rmaNumber, serverSeq);
  const resolution = resolvedBy ? resolutionOf(resolvedBy) : null;
  rows.raised.set(id, { id, kind, rma_number: e.rmaNumber, event_id: e.id, details: JSON.stringify(details), raised_seq: serverSeq, resolved_by_event: resolvedBy?.id ?? null });
  return { id, kind, rmaNumber: e.rmaNumber, eventId: e.id, stationId: e.stationId, details, raisedSeq: serverSeq, resolution };
}

/**
 * A resolution that arrived before its exception was raised (after a restore, the supervisor's
 * station sent it again before the station whose fact raises it): the first settles it at once.
 * A resolution carries its exception's RMA, which narrows the search to that RMA's facts.
 */
function earlierResolution(rows: PushRows, exceptionId: string, rmaNumber: string | null, serverSeq: number): EventOf<'exception_resolved'> | null {
  if (rmaNumber === null) return null;
  for (const fact of rows.acceptedFactsOf(rmaNumber, serverSeq)) {
    if (fact.type !== 'exception_resolved') continue;
    const resolution = rows.bodyOf(fact) as EventOf<'exception_resolved'>;
    if (resolution.payload.exceptionId === exceptionId) return resolution;
  }
  return null;
}

/**
 * Derived server state for an accepted fact: the RMA's lifecycle and package count, and the
 * exceptions where facts disagree. Both facts are always kept; a supervisor resolves the rest.
 */
async function project(trx: Transaction<Database>, rows: PushRows, d: Decided): Promise<ServerException[]> {
  const e = d.event;
  if (d.status !== 'accepted') return [];
  if (e.type === 'exception_resolved') return resolve(trx, rows, e);
  if (e.rmaNumber === null) return [];
  if (e.type === 'item_logged') return serialCountedTwice(rows, e, d.serverSeq);
  if (CLOSING_FACTS.has(e.type)) closeWhenDone(rows, e.rmaNumber, d.serverSeq);
  if (e.type !== 'package_accepted' && e.type !== 'event_voided') return [];
  const delta = e.type === 'package_accepted' ? 1 : voidedAcceptDelta(rows, e, d.serverSeq);
  if (delta === 0) return [];
  const state = rows.state(e.rmaNumber);
  const accepted = (state?.packages_accepted ?? 0) + delta;
  const lifecycle = state?.lifecycle === 'closed' ? 'closed' : accepted > 0 ? 'receiving' : (state?.lifecycle ?? 'open');
  rows.setState(e.rmaNumber, { lifecycle, packages_accepted: accepted });
  if (delta < 0) return [];

  const raised: ServerException[] = [];
  const rma = rows.rma(e.rmaNumber, { live: false });
  if (rma) {
    if (rma.status !== 'open') raised.push(raise(rows, 'event_for_inactive_rma', e, d.serverSeq, { status: rma.status }));
    const authorised = rma.unitsAuthorised;
    if (accepted > authorised) raised.push(raise(rows, 'more_packages_than_authorised', e, d.serverSeq, { accepted, authorised }));
  }
  return raised;
}

/**
 * The first resolution of an exception, in serverSeq order, settles it; the exception is published
 * again with it, so every station takes it off its open list. A later one (two supervisors at
 * two stations) is kept as a fact and changes nothing; so is one of an exception not raised
 * (yet), until the fact that raises it arrives.
 */
async function resolve(trx: Transaction<Database>, rows: PushRows, e: EventOf<'exception_resolved'>): Promise<ServerException[]> {
  const { exceptionId } = e.payload;
  const resolution = resolutionOf(e);
  const raisedHere = rows.raised.get(exceptionId);
  if (raisedHere) {
    if (raisedHere.resolved_by_event !== null) return [];
    raisedHere.resolved_by_event = e.id;
    const { kind, rma_number, event_id, details, raised_seq } = raisedHere;
    // Raised by a fact of this push: of the station that sent the resolution too.
    return [{ id: exceptionId, kind, rmaNumber: rma_number, eventId: event_id, stationId: e.stationId, details: JSON.parse(details) as Record<string, unknown>, raisedSeq: raised_seq, resolution }];
  }
  const settled = await trx.updateTable('exceptions').set({ resolved_by_event: e.id }).where('id', '=', exceptionId).where('resolved_by_event', 'is', null).executeTakeFirst();
  if (Number(settled.numUpdatedRows) === 0) return [];
  const x = await trx
    .selectFrom('exceptions')
    // Should the raising fact's row ever be missing, the push still goes through.
    .leftJoin('events', 'events.id', 'exceptions.event_id')
    .select(['exceptions.kind', 'exceptions.rma_number', 'exceptions.event_id', 'exceptions.details', 'exceptions.raised_seq', 'events.station_id'])
    .where('exceptions.id', '=', exceptionId)
    .executeTakeFirstOrThrow();
  const details = JSON.parse(x.details) as Record<string, unknown>;
  return [{ id: exceptionId, kind: x.kind, rmaNumber: x.rma_number, eventId: x.event_id, stationId: x.station_id ?? '', details, raisedSeq: Number(x.raised_seq), resolution }];
}

/**
 * One physical unit counted twice — two inspection stations with the same box, or a unit moved
 * between boxes — shows as the same serial logged twice on one RMA (invariant: both facts kept).
 */
function serialCountedTwice(rows: PushRows, e: Extract<StationEvent, { type: 'item_logged' }>, serverSeq: number): ServerException[] {
  const { serial } = e.payload;
  if (serial === null || e.rmaNumber === null) return [];
  const before = rows.acceptedFactsOf(e.rmaNumber, serverSeq - 1);
  const voided = new Set(before.filter((f) => f.type === 'event_voided').map((f) => (rows.bodyOf(f) as EventOf<'event_voided'>).payload.eventId));
  const same = before.find((f) => f.type === 'item_logged' && !voided.has(f.id) && (rows.bodyOf(f) as EventOf<'item_logged'>).payload.serial === serial);
  return same ? [raise(rows, 'serial_counted_twice', e, serverSeq, { serial, firstEventId: same.id })] : [];
}

/**
 * The RMAs whose stored facts the projections of these facts read, and the kinds they read: a count
 * reads the serials counted before; clause 11's closing (after an outcome, a shipment or an undo,
 * which also reads the accept it undoes) every fact of the RMA. An accept reads resolutions (of the
 * exception it raises) only where it may raise one — an RMA not open, or more boxes than units —
 * which a dock's day of accepts almost never is.
 */
function factsToRead(rows: PushRows, facts: readonly StationEvent[]): { rmaNumbers: string[]; types: StationEvent['type'][] | 'all' } {
  const rmaNumbers = new Set<string>();
  const types = new Set<StationEvent['type']>();
  let all = false;
  const acceptsHere = new Map<string, number>();
  for (const { type, rmaNumber } of facts) if (type === 'package_accepted' && rmaNumber !== null) acceptsHere.set(rmaNumber, (acceptsHere.get(rmaNumber) ?? 0) + 1);
  const mayRaise = (rmaNumber: string) => {
    const rma = rows.rma(rmaNumber, { live: false });
    return rma !== null && (rma.status !== 'open' || (rows.state(rmaNumber)?.packages_accepted ?? 0) + acceptsHere.get(rmaNumber)! > rma.unitsAuthorised);
  };
  for (const { type, rmaNumber } of facts) {
    if (rmaNumber === null) continue;
    if (CLOSING_FACTS.has(type)) all = true;
    else if (type === 'package_accepted') {
      if (!mayRaise(rmaNumber)) continue;
      types.add('exception_resolved');
    } else if (type === 'item_logged') for (const t of ['item_logged', 'event_voided', 'exception_resolved'] as const) types.add(t);
    else continue;
    rmaNumbers.add(rmaNumber);
  }
  return { rmaNumbers: [...rmaNumbers], types: all ? 'all' : [...types] };
}

/**
 * Facts after which an RMA may have reached clause 11's closing point: a unit's outcome or its
 * shipment, or a count taken off at the bench when the unit taken off was the last one not final
 * (the station's panel says closed then; found by the rules model in batching.test.ts).
 */
const CLOSING_FACTS = new Set<StationEvent['type']>(['disposition_decided', 'disposition_approved', 'override_recorded', 'shipment_sent', 'event_voided']);

/**
 * Clause 11: the RMA closes once every unit is final and what ships has left. The server derives
 * it from the RMA's accepted facts in commit order and publishes the RMA as closed, so every
 * dock refuses a late package for it (`rma_closed`).
 */
function closeWhenDone(rows: PushRows, rmaNumber: string, serverSeq: number): void {
  const state = rows.state(rmaNumber);
  if (state?.lifecycle === 'closed') return;
  if (rows.rma(rmaNumber, { live: true })?.status !== 'open') return;
  const rma = rows.wholeRma(rmaNumber)!;
  if (!rmaClosesByFacts(rma, rows.acceptedFactsOf(rmaNumber, serverSeq).map((f) => rows.bodyOf(f)))) return;
  rows.setState(rmaNumber, { lifecycle: 'closed', packages_accepted: state?.packages_accepted ?? 0 });
  rows.rmaClosed({ ...rma, status: 'closed' as const });
}

/**
 * Voiding an accepted package takes it off its RMA's count, once. A void that names another RMA
 * than the accept it voids, or voids it again (no station sends either), is kept and counts nothing.
 */
function voidedAcceptDelta(rows: PushRows, e: EventOf<'event_voided'>, serverSeq: number): number {
  const { eventId } = e.payload;
  if (e.rmaNumber === null) return 0;
  const target = rows.fact(eventId);
  if (target?.type !== 'package_accepted' || target.status !== 'accepted' || target.rmaNumber !== e.rmaNumber) return 0;
  const voidedBefore = rows
    .acceptedFactsOf(e.rmaNumber, serverSeq - 1)
    .some((f) => f.type === 'event_voided' && (rows.bodyOf(f) as EventOf<'event_voided'>).payload.eventId === eventId);
  return voidedBefore ? 0 : -1;
}

/**
 * One push, one transaction (SYNC.md, *Push*): lock the station, answer what it already has as
 * duplicates, take exactly lastAck + 1 onwards, stop at a gap; store, project, log and ack together.
 * `events` are already validated and belong to `stationId`, in ascending stationSeq.
 */
export async function pushEvents(store: Store, stationId: string, events: readonly StationEvent[], now: Date): Promise<PushAnswer> {
  return store.db.transaction().execute(async (trx) => {
    let lock = trx.selectFrom('stations').select('last_ack').where('id', '=', stationId);
    if (store.dialect === 'postgres') lock = lock.forUpdate();
    const station = await lock.executeTakeFirstOrThrow();
    const lastAck = Number(station.last_ack);

    const duplicates = events.filter((e) => e.stationSeq <= lastAck);
    const fresh: StationEvent[] = [];
    let gap = false;
    for (const e of events) {
      if (e.stationSeq <= lastAck) continue;
      if (e.stationSeq !== lastAck + fresh.length + 1) {
        gap = true;
        break;
      }
      fresh.push(e);
    }

    const results: PushResult[] = [];
    if (duplicates.length) {
      const stored = await trx
        .selectFrom('events')
        .select(['id', 'station_seq', 'server_seq', 'reason'])
        .where('station_id', '=', stationId)
        .where('station_seq', 'in', duplicates.map((e) => e.stationSeq))
        .execute();
      const bySeq = new Map(stored.map((s) => [Number(s.station_seq), s]));
      for (const e of duplicates) {
        const s = bySeq.get(e.stationSeq);
        if (s && s.id !== e.id) {
          // Another fact under a number already taken: the station numbered again from a lost
          // database. Answered as a duplicate it was dropped without a word; refused, it stays at
          // the station, listed for a supervisor. It cannot be stored: the number is the other's.
          results.push({ id: e.id, stationSeq: e.stationSeq, status: 'rejected', reason: STATION_SEQ_TAKEN });
          continue;
        }
        // A refusal is said again: the station may never have heard it (its answer was lost).
        results.push({ id: e.id, stationSeq: e.stationSeq, status: 'duplicate', ...(s ? { serverSeq: Number(s.server_seq) } : {}), ...(s?.reason ? { reason: s.reason } : {}) });
      }
    }

    if (fresh.length) {
      // The counter row first: held to commit, it puts every other push before or after this one,
      // so what is read next is all they committed (read before it, two servers on one PostgreSQL
      // lost a box between them: batching.test.ts, pushing at the same moment).
      const { first, tag } = await takeServerSeqs(trx, fresh.length);
      const receivedAt = now.toISOString();
      const held = await PushRows.read(trx, [...new Set(fresh.flatMap((e) => (e.rmaNumber === null ? [] : [e.rmaNumber])))]);
      const reasons = await rejectionsFor(trx, held, stationId, fresh);
      const decided: Decided[] = fresh.map((event, i) => ({ event, status: reasons[i] ? 'rejected' : 'accepted', reason: reasons[i] ?? null, serverSeq: first + i }));
      const projected = decided.filter((d) => d.status === 'accepted' && d.event.rmaNumber !== null).map((d) => d.event);
      const read = factsToRead(held, projected);
      await held.readFacts(trx, read.rmaNumbers, read.types, decided);
      await held.readWholeRmas(trx, [...new Set(projected.filter((e) => CLOSING_FACTS.has(e.type)).map((e) => e.rmaNumber!))]);

      const rows = decided.map((d) => ({
        id: d.event.id,
        station_id: stationId,
        station_seq: d.event.stationSeq,
        server_seq: d.serverSeq,
        type: d.event.type,
        rma_number: d.event.rmaNumber,
        schema_version: d.event.schemaVersion,
        client_ts: d.event.clientTs,
        body: JSON.stringify(d.event),
        status: d.status,
        reason: d.reason,
        received_at: receivedAt,
        tag,
      }));
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto('events').values(rows.slice(i, i + 500)).execute();
      for (const d of decided) {
        results.push({ id: d.event.id, stationSeq: d.event.stationSeq, status: d.status, serverSeq: d.serverSeq, ...(d.reason ? { reason: d.reason } : {}) });
      }
      const published: ServerException[] = [];
      for (const d of decided) published.push(...(await project(trx, held, d)));
      await held.write(trx, now);
      if (published.length) {
        const seqs = await takeServerSeqs(trx, published.length);
        await trx
          .insertInto('changes')
          .values(published.map((x, i) => ({ server_seq: seqs.first + i, kind: 'exception' as const, key: x.id, deleted: 0, body: JSON.stringify(x), tag: seqs.tag })))
          .execute();
      }
      await trx.updateTable('stations').set({ last_ack: lastAck + fresh.length }).where('id', '=', stationId).execute();
    }

    const ackStationSeq = lastAck + fresh.length;
    return gap ? { kind: 'seq_gap', ackStationSeq } : { kind: 'ok', ackStationSeq, results };
  });
}
