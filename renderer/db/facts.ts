import Dexie from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import { mayRecord, notAllowedMessage, schemaVersionOf, supervisorOnlyMessage, stationEventSchema, type Actor, type EventDraft, type StationEvent } from '../../shared/events';
import { readMeta, writeMeta } from './meta';
import { RefusalError } from './writeErrors';
import { applyEvent, type KnownState } from './projections';
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
    applyEvent(db, event, known?.projections),
  ]);
  return event;
}
