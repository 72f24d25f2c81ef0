import type { DockVerdictEvent, EventOf, StationEvent } from '../../shared/events';
import { matchUnits } from '../../shared/inspection';
import { inMemory, PartRows, type ProjectionRows } from './projectionRows';
import { withShippingKey, type PackageRow, type RmaProgress, type StationDb, type UnitRow } from './schema';

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

function moveCount(rows: ProjectionRows, rmaNumber: string | null, from: Verdict | null, to: Verdict | null) {
  if (rmaNumber === null || from === to) return;
  rows.rmaProgress.put(movedCount(rows.rmaProgress.get(rmaNumber), rmaNumber, from, to));
}

const counted = (row: PackageRow | undefined) => (row && !row.voided ? row.verdict : null);

/**
 * Apply one event to the projections, in memory (`PartRows`, flushed by the caller): a fact
 * recorded here, facts pulled from other stations, a rebuild and a restore all go through here,
 * so every path gives the same rows.
 */
export function applyEvent(rows: ProjectionRows, e: StationEvent): void {
  switch (e.type) {
    case 'package_accepted':
    case 'package_refused':
    case 'package_held': {
      const before = rows.packages.get(e.payload.packageId);
      const progress = e.rmaNumber === null ? undefined : rows.rmaProgress.get(e.rmaNumber);
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
        ...(VERDICT_OF[e.type] === 'accept' && !before?.closed ? { queuedAt: e.clientTs } : {}),
        ...(before?.closed ? { closed: before.closed } : {}),
      };
      const from = counted(before);
      rows.packages.put(row);
      if (e.rmaNumber !== null && from !== row.verdict) rows.rmaProgress.put(movedCount(progress, e.rmaNumber, from, row.verdict));
      return;
    }
    case 'package_tracked': {
      const row = rows.packages.get(e.payload.packageId);
      if (!row) return;
      rows.packages.put({ ...row, tracking: e.payload.tracking, warnings: row.warnings.filter((w) => w !== 'untraceable_shipment') });
      return;
    }
    case 'event_voided': {
      // A station voids only its own facts; pulled from another station, they are remote here.
      const target = rows.fact(e.payload.eventId);
      if (target?.type === 'item_logged') return uncountUnit(rows, target);
      if (!target || !isVerdictEvent(target)) return;
      const row = rows.packages.get(target.payload.packageId);
      if (!row || row.eventId !== target.id || row.voided) return;
      rows.packages.put({ ...withoutQueue(row), voided: true });
      moveCount(rows, row.rmaNumber, row.verdict, null);
      return;
    }
    case 'item_logged':
      return countUnit(rows, e);
    case 'item_inspected':
      return updateUnit(rows, e.payload.unitId, (u) => ({ ...u, inspection: { ...stamp(e), finding: e.payload.finding, note: e.payload.note, photos: e.payload.photos } }));
    case 'disposition_decided':
      // A new finding's decision replaces an earlier one, and with it any approval or override.
      return updateUnit(rows, e.payload.unitId, (u) => ({
        ...u,
        decision: { ...stamp(e), decision: e.payload.decision, receivedOn: e.payload.receivedOn, purchasedOn: e.payload.purchasedOn },
        approval: null,
        override: null,
      }));
    case 'disposition_approved':
      return updateUnit(rows, e.payload.unitId, (u) => (u.decision?.eventId === e.payload.decisionId ? { ...u, approval: stamp(e) } : u));
    case 'override_recorded':
      return updateUnit(rows, e.payload.unitId, (u) =>
        u.decision?.eventId === e.payload.decisionId ? { ...u, override: { ...stamp(e), outcome: e.payload.outcome, reason: e.payload.reason } } : u,
      );
    case 'replacement_assigned':
      return updateUnit(rows, e.payload.unitId, (u) => ({
        ...u,
        replacement: { ...stamp(e), serial: e.payload.replacementSerial, originalPurchasedOn: e.payload.originalPurchasedOn },
        replacementSerial: e.payload.replacementSerial,
      }));
    case 'slip_printed': {
      const { slipId, kind, unitIds, reprint, pageSize, output } = e.payload;
      const slip = rows.slips.get(slipId) ?? { slipId, rmaNumber: e.rmaNumber ?? '', kind, unitIds, outputs: [], shipment: null };
      rows.slips.put({ ...slip, outputs: [...slip.outputs, { ...stamp(e), output, reprint, pageSize }] });
      for (const unitId of unitIds) updateUnit(rows, unitId, (u) => ({ ...u, slipId }));
      return;
    }
    case 'shipment_sent': {
      const { slipId, unitIds, tracking } = e.payload;
      const slip = rows.slips.get(slipId);
      if (slip) rows.slips.put({ ...slip, shipment: { ...stamp(e), tracking } });
      for (const unitId of unitIds) updateUnit(rows, unitId, (u) => ({ ...u, shipment: { ...stamp(e), tracking, slipId } }));
      return;
    }
    case 'box_closed': {
      const row = rows.packages.get(e.payload.packageId);
      if (!row) return;
      rows.packages.put({ ...withoutQueue(row), closed: { ...e.payload, at: e.clientTs, by: e.actor.name } });
      return;
    }
  }
}

/** A box leaves the inspection queue by losing its index key. */
function withoutQueue(row: PackageRow): PackageRow {
  const copy = { ...row };
  delete copy.queuedAt;
  return copy;
}

const stamp = (e: StationEvent) => ({ eventId: e.id, by: e.actor.name, at: e.clientTs });

function updateUnit(rows: ProjectionRows, unitId: string, change: (u: UnitRow) => UnitRow): void {
  const unit = rows.units.get(unitId);
  if (unit) rows.units.put(withShippingKey(change(unit)));
}

/**
 * Count a unit, then place every unit of its RMA again: a listed serial counted later claims its
 * line from a unit counted earlier without one (matching.ts), so one unit can move another.
 */
function countUnit(rows: ProjectionRows, e: EventOf<'item_logged'>): void {
  const unit: UnitRow = {
    unitId: e.payload.unitId,
    packageId: e.payload.packageId,
    rmaNumber: e.rmaNumber,
    sku: e.payload.sku,
    serial: e.payload.serial,
    logged: stamp(e),
    match: 'not_on_rma',
    line: null,
    inspection: null,
    decision: null,
    approval: null,
    override: null,
    replacement: null,
    voided: false,
  };
  rows.units.put(withShippingKey(unit));
  if (e.rmaNumber === null) return;
  const progress = rows.rmaProgress.get(e.rmaNumber);
  rows.rmaProgress.put({ ...(progress ?? { rmaNumber: e.rmaNumber, accepted: 0, refused: 0, held: 0, unitsLogged: 0 }), unitsLogged: (progress?.unitsLogged ?? 0) + 1 });
  placeUnits(rows, e.rmaNumber);
}

function uncountUnit(rows: ProjectionRows, logged: EventOf<'item_logged'>): void {
  const unit = rows.units.get(logged.payload.unitId);
  if (!unit || unit.voided) return;
  rows.units.put(withShippingKey({ ...unit, voided: true }));
  if (unit.rmaNumber === null) return;
  const progress = rows.rmaProgress.get(unit.rmaNumber);
  if (progress) rows.rmaProgress.put({ ...progress, unitsLogged: Math.max(0, progress.unitsLogged - 1) });
  placeUnits(rows, unit.rmaNumber);
}

/** The blind count's standing of each unit of one RMA, written where it changed. */
function placeUnits(rows: ProjectionRows, rmaNumber: string): void {
  const rma = rows.rma(rmaNumber);
  const units = rows.units.ofRma(rmaNumber);
  const counted = units.filter((u) => !u.voided).sort((a, b) => (a.logged.eventId < b.logged.eventId ? -1 : 1));
  const { units: placed } = matchUnits(rma?.lines ?? [], counted);
  const byId = new Map(placed.map((m) => [m.unitId, m]));
  const changed = counted.flatMap((u) => {
    const m = byId.get(u.unitId)!;
    const line = 'line' in m ? m.line : null;
    return m.status === u.match && line === u.line ? [] : [withShippingKey({ ...u, match: m.status, line })];
  });
  if (changed.length) rows.units.put(...changed);
}

/** Facts per batch in `applyFacts`: a few hundred rows held in memory at a time. */
const FACTS_A_BATCH = 200;

/**
 * Many facts applied in order inside the caller's transaction (which must cover the tables of
 * `PartRows`): a batch's rows read in a few requests, then written in one request per table.
 */
export async function applyFacts(db: StationDb, facts: readonly StationEvent[], batchSize = FACTS_A_BATCH): Promise<void> {
  for (let i = 0; i < facts.length; i += batchSize) await applyBatch(new PartRows(db), facts.slice(i, i + batchSize));
}

function applyBatch(rows: PartRows, facts: readonly StationEvent[]): Promise<unknown> {
  const apply = () => inMemory([rows], () => facts.forEach((e) => applyEvent(rows, e)), () => rows.flush());
  const reading = rows.prefetch(facts);
  return reading ? reading.then(apply) : apply();
}

/**
 * What the caller of `applyRecorded` already read in its transaction, so applying the fact reads
 * nothing more: a dock verdict's writes then go out with the fact's own, in one round trip.
 */
export interface KnownState {
  packageBefore: PackageRow | undefined;
  progress: RmaProgress | undefined;
}

/** A fact just recorded here, applied inside the transaction that records it. */
export function applyRecorded(db: StationDb, e: StationEvent, known?: KnownState): Promise<unknown> {
  const rows = new PartRows(db);
  if (known && isVerdictEvent(e)) {
    rows.packages.know(e.payload.packageId, known.packageBefore);
    if (e.rmaNumber !== null) rows.rmaProgress.know(e.rmaNumber, known.progress);
  }
  return applyBatch(rows, [e]);
}
