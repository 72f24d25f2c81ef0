import type { StationEvent } from '../../../shared/events';
import type { DockReason, DockVerdictKind } from '../../../shared/policy';
import type { StationDb } from '../../db';

export interface RecentRow {
  eventId: string;
  time: string;
  rmaNumber: string | null;
  kind: Exclude<DockVerdictKind, 'rescan'> | 'tracked';
  reason: DockReason | null;
  tracking: string | null;
  undone: boolean;
  /** A hold settled when RMA data arrived. */
  settled: boolean;
}

const KIND = { package_accepted: 'accept', package_refused: 'refuse', package_held: 'hold', package_tracked: 'tracked' } as const;

/** The last facts of this shift, newest first, with undone ones marked. */
export async function loadRecent(db: StationDb, shiftStartSeq: number, limit = 25): Promise<RecentRow[]> {
  // The shift's dock facts: an inspection station's own facts are listed on its own screen.
  const events: StationEvent[] = await db.events.where('stationSeq').above(shiftStartSeq).reverse().limit(limit * 2).toArray();
  const undone = new Set(events.flatMap((e) => (e.type === 'event_voided' ? [e.payload.eventId] : [])));
  return events
    .flatMap((e): RecentRow[] =>
      e.type !== 'package_accepted' && e.type !== 'package_refused' && e.type !== 'package_held' && e.type !== 'package_tracked'
        ? []
        : [
            {
              eventId: e.id,
              time: new Date(e.clientTs).toLocaleTimeString(),
              rmaNumber: e.rmaNumber,
              kind: KIND[e.type],
              reason: 'reason' in e.payload ? e.payload.reason : null,
              tracking: e.payload.tracking?.value ?? null,
              undone: undone.has(e.id),
              settled: 'settlesHold' in e.payload && e.payload.settlesHold !== null,
            },
          ],
    )
    .slice(0, limit);
}
