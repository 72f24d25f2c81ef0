import Dexie from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import type { DockVerdictEvent, StationEvent, Tracking } from '../../shared/events';
import { classifyLabel, type Label } from '../../shared/labels';
import { dockVerdictFor, supervisorVerdictOnHold, type DockRma, type DockVerdict, type HoldDecision } from '../../shared/policy';
import { unitsAuthorised } from '../../shared/rma';
import type { StationSettings } from '../../shared/settings';
import { appendFact, factsWithStation, requireSupervisor, type Recorder } from './facts';
import { readMeta } from './meta';
import { inForeground } from './scanFirst';
import { isVerdictEvent } from './projections';
import { RefusalError } from './writeErrors';
import { FACT_TABLES, type PackageRow, type RmaProgress, type StationDb, type StoredRma } from './schema';

export interface DockOutcome {
  verdict: DockVerdict;
  /** The recorded fact; null for a re-scan, which records nothing. */
  event: DockVerdictEvent | null;
  rma: StoredRma | undefined;
}

/** Whether the station's RMA copy is recent enough to refuse a number it does not know. */
function rmaCopyIsFresh(rmaDataAt: string | null | undefined, now: Date, settings: StationSettings): boolean {
  if (!rmaDataAt) return false;
  const age = now.getTime() - Date.parse(rmaDataAt);
  return age >= 0 && age <= settings.rmaStaleAfterHours * 3_600_000;
}

function draftFor(verdict: DockVerdict, rmaNumber: string | null, packageId: string, tracking: Tracking | null, settlesHold: string | null) {
  const common = { packageId, tracking, clauses: verdict.clauses };
  switch (verdict.verdict) {
    case 'accept':
      return { type: 'package_accepted' as const, rmaNumber, payload: { ...common, warnings: verdict.warnings, earlierPackages: verdict.earlierPackages, settlesHold } };
    case 'refuse':
      return { type: 'package_refused' as const, rmaNumber, payload: { ...common, reason: verdict.reason!, settlesHold } };
    default:
      return { type: 'package_held' as const, rmaNumber, payload: { ...common, reason: verdict.reason!, settlesHold } };
  }
}

/** The RMA as the dock table reads it: its status, and what the station counted against it. */
function dockRmaOf(rma: StoredRma | undefined, progress: RmaProgress | undefined): DockRma | undefined {
  return rma && { status: rma.status, unitsAuthorised: unitsAuthorised(rma), unitsLogged: progress?.unitsLogged ?? 0, packagesAccepted: progress?.accepted ?? 0 };
}

async function decideInTransaction(
  db: StationDb,
  label: Label | null,
  tracking: Tracking | null,
  settings: StationSettings,
  now: Date,
): Promise<{ verdict: DockVerdict; rma: StoredRma | undefined; lastSeq: number; progress: RmaProgress | undefined }> {
  const rmaNumber = label?.kind === 'rma' && label.valid ? label.value : null;
  const [rma, progress, rmaDataAt, lastSeq] = await Promise.all([
    rmaNumber ? db.rmas.get(rmaNumber) : undefined,
    rmaNumber ? db.rmaProgress.get(rmaNumber) : undefined,
    readMeta(db, 'rmaDataAt'),
    readMeta(db, 'seq'),
  ]);
  const verdict = dockVerdictFor({
    label,
    rma: dockRmaOf(rma, progress),
    rmaCopyFresh: rmaCopyIsFresh(rmaDataAt, now, settings),
    trackingNumber: tracking?.value ?? null,
  });
  return { verdict, rma, lastSeq: lastSeq ?? 0, progress };
}

/**
 * The dock's one question: may this package come in? `label` is the scanned label, or null when
 * the worker says the package has no RMA number. A verdict is recorded — event, outbox entry and
 * projections in one strict transaction — before this resolves; a re-scan records nothing.
 */
export async function recordDockVerdict(
  db: StationDb,
  input: { label: Label | null; tracking: Tracking | null; by: Recorder; settings: StationSettings; now: Date },
): Promise<DockOutcome> {
  const { label, tracking, by, settings, now } = input;
  if (label && !(label.kind === 'rma' && label.valid)) {
    return { verdict: dockVerdictFor({ label, rma: undefined, rmaCopyFresh: true, trackingNumber: null }), event: null, rma: undefined };
  }
  return inForeground(() => db.transaction('rw', FACT_TABLES, async () => {
    const { verdict, rma, lastSeq, progress } = await decideInTransaction(db, label, tracking, settings, now);
    const rmaNumber = label?.value ?? null;
    // A new package: nothing to read before it; the RMA's progress was read with the decision.
    const known = { lastSeq, projections: { packageBefore: undefined, progress } };
    const event = await appendFact(db, draftFor(verdict, rmaNumber, uuidv7(), tracking, null), by, now, known);
    return { verdict, event: event as DockVerdictEvent, rma };
  }));
}

/** A tracking number scanned after its package's verdict. */
export async function recordTracking(db: StationDb, packageId: string, tracking: Tracking, by: Recorder, now: Date): Promise<StationEvent> {
  return inForeground(() => db.transaction('rw', FACT_TABLES, async () => {
    const row = await db.packages.get(packageId);
    if (!row || row.voided) throw new RefusalError('That package’s verdict was undone: scan its label again.');
    return appendFact(db, { type: 'package_tracked', rmaNumber: row.rmaNumber, payload: { packageId, tracking } }, by, now);
  }));
}

/** Undo a verdict: a voiding fact, never a delete. Only the verdict in force can be undone. */
export async function undoVerdict(db: StationDb, eventId: string, by: Recorder, now: Date): Promise<StationEvent> {
  return db.transaction('rw', FACT_TABLES, async () => {
    const target = await db.events.get(eventId);
    if (!target || !isVerdictEvent(target)) throw new RefusalError('There is no verdict to undo.');
    const row = await db.packages.get(target.payload.packageId);
    if (!row || row.voided || row.eventId !== eventId) throw new RefusalError('That verdict was already undone or settled.');
    return appendFact(db, { type: 'event_voided', rmaNumber: target.rmaNumber, payload: { eventId, reason: 'undone at the dock' } }, by, now);
  });
}

/**
 * Packages this station held because their RMA was unknown to a stale copy are decided again once
 * newer RMA data has arrived. Each settlement is its own fact naming the hold it settles. Another
 * station's holds are listed here but settled there: the box is at that door, and two stations
 * settling one hold would accept one box twice.
 */
export async function settleHolds(db: StationDb, by: Recorder, settings: StationSettings, now: Date): Promise<DockVerdictEvent[]> {
  const holds = await db.packages.where('[verdict+reason]').equals(['hold', 'unknown_rma_unverified']).toArray();
  const settled: DockVerdictEvent[] = [];
  for (const hold of holds) {
    const event = await db.transaction('rw', FACT_TABLES, async () => {
      const row: PackageRow | undefined = await db.packages.get(hold.id);
      if (!row || row.voided || row.verdict !== 'hold' || row.rmaNumber === null) return null;
      // This station's own facts are in `events`; others' in `remoteEvents`.
      if (!(await db.events.get(row.eventId))) return null;
      const { verdict, lastSeq } = await decideInTransaction(db, classifyLabel(row.rmaNumber), row.tracking, settings, now);
      if (verdict.verdict === 'hold' && verdict.reason === 'unknown_rma_unverified') return null;
      return appendFact(db, draftFor(verdict, row.rmaNumber, row.id, row.tracking, row.eventId), by, now, { lastSeq });
    });
    if (event) settled.push(event as DockVerdictEvent);
  }
  return settled;
}

/** Packages waiting at the dock for a decision, oldest first. */
export async function heldPackages(db: StationDb): Promise<HeldPackage[]> {
  const rows = await db.packages.where('[verdict+reason]').between(['hold', Dexie.minKey], ['hold', Dexie.maxKey]).toArray();
  const held = rows.filter((p) => !p.voided).sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
  const holds = await factsWithStation(db, held.map((p) => p.eventId));
  return held.map((p, i) => ({ ...p, heldAt: holds[i]?.station ?? null, heldBy: holds[i]?.fact.actor.name ?? null }));
}

/** A held package, with where and by whom it was set aside: what a supervisor needs to find the box. Null where not known here. */
export type HeldPackage = PackageRow & { heldAt: string | null; heldBy: string | null };

/**
 * A supervisor decides a held package (`supervisorVerdictOnHold`): a fact that names the hold it
 * settles, like any settled hold, recorded with its projections in one transaction.
 */
export async function decideHold(db: StationDb, input: { packageId: string; decision: HoldDecision }, by: Recorder, now: Date): Promise<DockVerdictEvent> {
  requireSupervisor(by, 'decides a held package');
  return db.transaction('rw', FACT_TABLES, async () => {
    const row = await db.packages.get(input.packageId);
    if (!row || row.voided || row.verdict !== 'hold' || row.rmaNumber === null) throw new RefusalError('That package is no longer held: it was decided or undone meanwhile.');
    const [rma, progress] = await Promise.all([db.rmas.get(row.rmaNumber), db.rmaProgress.get(row.rmaNumber)]);
    const verdict = supervisorVerdictOnHold(row, input.decision, dockRmaOf(rma, progress), row.tracking?.value ?? null);
    if ('notAllowed' in verdict) throw new RefusalError(verdict.notAllowed);
    return (await appendFact(db, draftFor(verdict, row.rmaNumber, row.id, row.tracking, row.eventId), by, now)) as DockVerdictEvent;
  });
}
