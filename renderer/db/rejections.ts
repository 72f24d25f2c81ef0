import type { StationEvent } from '../../shared/events';
import { requireSupervisor, type Recorder } from './facts';
import { RefusalError } from './writeErrors';
import type { Rejection, StationDb } from './schema';

/** A fact the server refused, with the fact as recorded here (kept, never re-sent). */
export interface RefusedFact {
  rejection: Rejection;
  fact: StationEvent | undefined;
}

/** The facts the server refused, in the order they were recorded. */
export async function refusedFacts(db: StationDb): Promise<RefusedFact[]> {
  // Few, and not indexed by stationSeq (orderBy on it threw, and the list never showed): sorted here.
  const rejections = (await db.rejections.toArray()).sort((a, b) => a.stationSeq - b.stationSeq);
  const facts = await db.events.bulkGet(rejections.map((r) => r.eventId));
  return rejections.map((rejection, i) => ({ rejection, fact: facts[i] }));
}

/**
 * A supervisor has seen to a refused fact (imported the missing RMA and scanned the box again,
 * say): it leaves the badge's count and the open list, and stays below as the record. The note is
 * this station's own; the refused fact and the server's answer are unchanged.
 */
export async function markRefusalDealtWith(db: StationDb, eventId: string, by: Recorder, now: Date): Promise<void> {
  requireSupervisor(by, 'sees to the facts the server refused');
  await db.transaction('rw', db.rejections, async () => {
    const rejection = await db.rejections.get(eventId);
    if (!rejection) throw new RefusalError('That refusal is no longer on this station.');
    if (rejection.dealtWith) return;
    await db.rejections.put({ ...rejection, dealtWith: { by: by.actor.name, at: now.toISOString() } });
  });
}
