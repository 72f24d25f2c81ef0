import Dexie from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import { mayRecord, notAllowedMessage, schemaVersionOf, supervisorOnlyMessage, stationEventSchema, type Actor, type EventDraft, type StationEvent } from '../../shared/events';
import { readMeta, writeMeta } from './meta';
import { RefusalError } from './writeErrors';
import { applyRecorded, type KnownState } from './projections';
import type { StationDb } from './schema';

type Listener = (event: StationEvent) => void;
const recorded = new Set<Listener>();

/** Be told after each recorded fact commits (the sync engine pushes shortly after a write). */
export function onFactRecorded(listener: Listener): () => void {
  recorded.add(listener);
  return () => recorded.delete(listener);
}

/** A fact the signed-in person's role may not record; nothing was written. */
export class NotAllowedError extends RefusalError {
  override name = 'NotAllowedError';
}

/** Who records a fact, and where. */
export interface Recorder {
  stationId: string;
  actor: Actor;
}

/** The one signed in, if a supervisor: who may act on what waits for one. */
export const asSupervisor = (recorder: Recorder | null): Recorder | null => (recorder?.actor.role === 'supervisor' ? recorder : null);

/** Refuse, writing nothing, what only a supervisor may do (`what`: "decides a held package"). */
export function requireSupervisor(by: Recorder, what: string): void {
  if (by.actor.role !== 'supervisor') throw new NotAllowedError(supervisorOnlyMessage(by.actor.role, what));
}

/**
 * Record one fact: its gap-free stationSeq, the event, its outbox entry and its projections.
 * Must run inside a read-write transaction over FACT_TABLES (and whatever the caller read), so
 * all of it commits together or not at all (SYNC.md, invariants 1–3).
 */
export async function appendFact(
  db: StationDb,
  draft: EventDraft,
  by: Recorder,
  now: Date,
  /** What the caller already read in this transaction: the last stationSeq, the projection rows. */
  known?: { lastSeq: number } & Partial<{ projections: KnownState }>,
): Promise<StationEvent> {
  if (!mayRecord(by.actor.role, draft.type)) throw new NotAllowedError(notAllowedMessage(by.actor.role, draft.type));
  const lastSeq = known?.lastSeq;
  const stationSeq = (lastSeq ?? (await readMeta(db, 'seq')) ?? 0) + 1;
  const event = stationEventSchema.parse({
    ...draft,
    id: uuidv7(),
    stationSeq,
    stationId: by.stationId,
    actor: by.actor,
    clientTs: now.toISOString(),
    schemaVersion: schemaVersionOf(draft.type),
  });
  Dexie.currentTransaction?.on('complete', () => recorded.forEach((l) => l(event)));
  // Issued together: one transaction either way, and one round trip instead of four.
  await Promise.all([
    db.events.add(event),
    db.outbox.add({ stationSeq, eventId: event.id }),
    writeMeta(db, 'seq', stationSeq),
    applyRecorded(db, event, known?.projections),
  ]);
  return event;
}

/** A fact as this station holds it, with the name of the station that recorded it (null where not known here). */
export interface FactWithStation {
  fact: StationEvent;
  station: string | null;
}

/**
 * The facts with these ids, this station's own or others' it pulled (each with its station's name
 * as the server gave it), in the order asked; undefined where none is held here.
 */
export async function factsWithStation(db: StationDb, ids: readonly string[]): Promise<(FactWithStation | undefined)[]> {
  // The dock's held list asks after every verdict, and there is seldom a hold.
  if (!ids.length) return [];
  const [own, pulled, station] = await Promise.all([db.events.bulkGet([...ids]), db.remoteEvents.bulkGet([...ids]), readMeta(db, 'station')]);
  return ids.map((_, i) => {
    const here = own[i];
    if (here) return { fact: here, station: station?.name ?? null };
    const there = pulled[i];
    return there && { fact: there, station: there.stationName ?? null };
  });
}
