import { v7 as uuidv7 } from 'uuid';
import { EVENT_SCHEMA_VERSION, stationEventSchema, type Actor, type EventDraft, type StationEvent } from '../../shared/events';
import { readMeta, writeMeta } from './meta';
import { applyEvent } from './projections';
import type { StationDb } from './schema';

/** Who records a fact, and where. */
export interface Recorder {
  stationId: string;
  actor: Actor;
}

/**
 * Record one fact: its gap-free stationSeq, the event, its outbox entry and its projections.
 * Must run inside a read-write transaction over FACT_TABLES (and whatever the caller read), so
 * all of it commits together or not at all (SYNC.md, invariants 1–3).
 */
export async function appendFact(db: StationDb, draft: EventDraft, by: Recorder, now: Date): Promise<StationEvent> {
  const stationSeq = ((await readMeta(db, 'seq')) ?? 0) + 1;
  const event = stationEventSchema.parse({
    ...draft,
    id: uuidv7(),
    stationSeq,
    stationId: by.stationId,
    actor: by.actor,
    clientTs: now.toISOString(),
    schemaVersion: EVENT_SCHEMA_VERSION,
  });
  await db.events.add(event);
  await db.outbox.add({ stationSeq, eventId: event.id });
  await writeMeta(db, 'seq', stationSeq);
  await applyEvent(db, event);
  return event;
}
