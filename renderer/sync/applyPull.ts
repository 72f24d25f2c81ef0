import { z } from 'zod';
import { stationEventSchema } from '../../shared/events';
import { rmaSchema } from '../../shared/rma';
import type { PullAnswerBody } from '../../shared/sync';
import { writeMeta } from '../db/meta';
import { applyEvent } from '../db/projections';
import type { ExceptionRow, StationDb, StoredRma } from '../db/schema';

const pulledEventSchema = z.object({ event: stationEventSchema, status: z.enum(['accepted', 'rejected']), reason: z.string().nullable() });
const exceptionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  rmaNumber: z.string().nullable(),
  eventId: z.string(),
  stationId: z.string(),
  details: z.record(z.string(), z.unknown()),
  raisedSeq: z.number(),
});

export interface Applied {
  rmas: number;
  events: number;
  skipped: number;
}

/**
 * Apply one pulled page and store the cursor that covers it, in one transaction (SYNC.md,
 * invariant 7): re-applying a page changes nothing. A change this version cannot read is skipped
 * and counted, never allowed to stop the station.
 */
export async function applyPulledPage(db: StationDb, page: PullAnswerBody, stationId: string, now: Date): Promise<Applied> {
  const applied: Applied = { rmas: 0, events: 0, skipped: 0 };
  await db.transaction('rw', [db.rmas, db.remoteEvents, db.exceptions, db.meta, db.packages, db.rmaProgress, db.events], async () => {
    for (const change of page.changes) {
      if (change.kind === 'rma') {
        const rma = rmaSchema.safeParse(change.data);
        if (!rma.success) {
          applied.skipped++;
          continue;
        }
        const current = await db.rmas.get(rma.data.number);
        if (current?.version !== undefined && current.version >= change.serverSeq) continue;
        const stored: StoredRma = { ...rma.data, receivedAt: now.toISOString(), version: change.serverSeq };
        await db.rmas.put(stored);
        applied.rmas++;
      } else if (change.kind === 'event') {
        const pulled = pulledEventSchema.safeParse(change.data);
        if (!pulled.success) {
          applied.skipped++;
          continue;
        }
        const { event, status } = pulled.data;
        if (event.stationId === stationId) {
          // Our own fact: here already, unless this database was lost and enrolled again.
          if (await db.events.get(event.id)) continue;
          await db.events.put(event);
        } else {
          // A refused fact from elsewhere changes nothing here.
          if (status !== 'accepted' || (await db.remoteEvents.get(event.id))) continue;
          await db.remoteEvents.put({ ...event, serverSeq: change.serverSeq });
        }
        await applyEvent(db, event);
        applied.events++;
      } else {
        const x = exceptionSchema.safeParse(change.data);
        if (x.success) await db.exceptions.put(x.data satisfies ExceptionRow);
        else applied.skipped++;
      }
    }
    await writeMeta(db, 'pullCursor', page.nextCursor);
  });
  return applied;
}
