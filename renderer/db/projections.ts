import type { DockVerdictEvent, StationEvent } from '../../shared/events';
import type { PackageRow, RmaProgress, StationDb } from './schema';

type Verdict = PackageRow['verdict'];
const VERDICT_OF: Record<DockVerdictEvent['type'], Verdict> = {
  package_accepted: 'accept',
  package_refused: 'refuse',
  package_held: 'hold',
};
const COUNT_OF: Record<Verdict, 'accepted' | 'refused' | 'held'> = { accept: 'accepted', refuse: 'refused', hold: 'held' };

export function isVerdictEvent(e: StationEvent): e is DockVerdictEvent {
  return e.type in VERDICT_OF;
}

/** One package's count on its RMA, moved from one verdict to another (null: not counted). */
function movedCount(progress: RmaProgress | undefined, rmaNumber: string, from: Verdict | null, to: Verdict | null): RmaProgress {
  const p: RmaProgress = progress ? { ...progress } : { rmaNumber, accepted: 0, refused: 0, held: 0, unitsLogged: 0 };
  if (from) p[COUNT_OF[from]] -= 1;
  if (to) p[COUNT_OF[to]] += 1;
  return p;
}

async function moveCount(db: StationDb, rmaNumber: string | null, from: Verdict | null, to: Verdict | null) {
  if (rmaNumber === null || from === to) return;
  await db.rmaProgress.put(movedCount(await db.rmaProgress.get(rmaNumber), rmaNumber, from, to));
}

const counted = (row: PackageRow | undefined) => (row && !row.voided ? row.verdict : null);

/**
 * What the caller already read in this transaction, so applying the event reads nothing more:
 * on the scan path the verdict's writes then go out in a single round trip.
 */
export interface KnownState {
  packageBefore: PackageRow | undefined;
  progress: RmaProgress | undefined;
}

/**
 * Apply one event to the projections. Called inside the transaction that records the event,
 * and by `rebuildProjections`, so both paths give the same rows. Reads are issued together and
 * writes are issued together: each await is a round trip to the database on the scan path.
 */
export async function applyEvent(db: StationDb, e: StationEvent, known?: KnownState): Promise<void> {
  switch (e.type) {
    case 'package_accepted':
    case 'package_refused':
    case 'package_held': {
      const [before, progress] = known
        ? [known.packageBefore, known.progress]
        : await Promise.all([db.packages.get(e.payload.packageId), e.rmaNumber === null ? undefined : db.rmaProgress.get(e.rmaNumber)]);
      const tracking = e.payload.tracking ?? before?.tracking ?? null;
      const row: PackageRow = {
        id: e.payload.packageId,
        rmaNumber: e.rmaNumber,
        verdict: VERDICT_OF[e.type],
        reason: 'reason' in e.payload ? e.payload.reason : null,
        warnings: 'warnings' in e.payload ? e.payload.warnings.filter((w) => !(tracking && w === 'untraceable_shipment')) : [],
        tracking,
        eventId: e.id,
        decidedAt: e.clientTs,
        voided: false,
      };
      const from = counted(before);
      await Promise.all([
        db.packages.put(row),
        e.rmaNumber !== null && from !== row.verdict ? db.rmaProgress.put(movedCount(progress, e.rmaNumber, from, row.verdict)) : undefined,
      ]);
      return;
    }
    case 'package_tracked': {
      const row = await db.packages.get(e.payload.packageId);
      if (!row) return;
      row.tracking = e.payload.tracking;
      row.warnings = row.warnings.filter((w) => w !== 'untraceable_shipment');
      await db.packages.put(row);
      return;
    }
    case 'event_voided': {
      // A station voids only its own facts; pulled from another station, they are remote here.
      const target = (await db.events.get(e.payload.eventId)) ?? (await db.remoteEvents.get(e.payload.eventId));
      if (!target || !isVerdictEvent(target)) return;
      const row = await db.packages.get(target.payload.packageId);
      if (!row || row.eventId !== target.id || row.voided) return;
      await db.packages.put({ ...row, voided: true });
      await moveCount(db, row.rmaNumber, row.verdict, null);
      return;
    }
  }
}

/** Projections are derived: drop them and replay every event in station order. */
export async function rebuildProjections(db: StationDb): Promise<void> {
  await db.transaction('rw', [db.events, db.packages, db.rmaProgress], async () => {
    await db.packages.clear();
    await db.rmaProgress.clear();
    const events = await db.events.orderBy('stationSeq').toArray();
    for (const e of events) await applyEvent(db, e);
  });
}
