import { v7 as uuidv7 } from 'uuid';
import type { HolidayCalendar } from '../../shared/dates';
import type { PhotoRef } from '../../shared/events';
import { countedSku, isOnRma, matchUnits, policyCaseFor } from '../../shared/inspection';
import { gtinForms } from '../../shared/labels';
import { decideItem, policyCaseSchema, type Decision, type Finding, type Outcome } from '../../shared/policy';
import { parseAt } from '../../shared/validation';
import { appendFact, type Recorder } from './facts';
import { readMeta } from './meta';
import { RefusalError } from './writeErrors';
import { FACT_TABLES, type PackageRow, type PhotoRow, type StationDb, type UnitRow } from './schema';

/** Something the inspector can put right (a missing photo, a box already closed); nothing was written. */
export class InspectionError extends RefusalError {
  override name = 'InspectionError';
}

/** A unit's decision, approval and override, as `shared/inspection/standing.ts` reads them. */
export function dispositionOf(u: UnitRow): { decided: Outcome | null; approved: boolean; overridden: Outcome | null } {
  return { decided: u.decision?.decision.outcome ?? null, approved: u.approval !== null, overridden: u.override?.outcome ?? null };
}

/** The station's calendar date of a moment: the day a box was received, as people there say it. */
export function localDateOf(moment: string | Date): string {
  const d = new Date(moment);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A box the inspector may still take units out of. */
async function openBox(db: StationDb, packageId: string): Promise<PackageRow & { rmaNumber: string }> {
  const box = await db.packages.get(packageId);
  if (!box || box.voided || box.verdict !== 'accept' || box.rmaNumber === null) throw new InspectionError('That box was not accepted at the dock, or its verdict was undone.');
  if (box.closed) throw new InspectionError('That box is closed: nothing more can be counted in it.');
  return box as PackageRow & { rmaNumber: string };
}

async function unitOf(db: StationDb, unitId: string): Promise<UnitRow> {
  const unit = await db.units.get(unitId);
  if (!unit || unit.voided) throw new InspectionError('That unit was taken off the count.');
  return unit;
}

/**
 * Count one unit out of a box (a blind count: what is in the box, not what was expected). The
 * same serial twice in one RMA is a double scan, refused here with the unit it repeats.
 */
export async function logItem(db: StationDb, input: { packageId: string; sku: string; serial: string | null }, by: Recorder, now: Date): Promise<UnitRow> {
  return db.transaction('rw', [...FACT_TABLES, 'catalog'], async () => {
    const box = await openBox(db, input.packageId);
    // Only a UPC/EAN can stand for another SKU: anything else is counted as typed, reading nothing.
    const forms = gtinForms(input.sku.trim());
    const [rma, carriers] = forms.length ? await Promise.all([db.rmas.get(box.rmaNumber), db.catalog.where('barcodes').anyOf(forms).toArray()]) : [undefined, []];
    const sku = countedSku(input.sku, rma?.lines.map((l) => l.sku) ?? [], carriers);
    const serial = input.serial?.trim().toUpperCase() || null;
    if (serial) {
      const same = (await db.units.where('rmaNumber').equals(box.rmaNumber).toArray()).find((u) => !u.voided && u.serial === serial);
      if (same) throw new InspectionError(`Serial ${serial} is already counted on ${box.rmaNumber} (${same.sku}). Scan the next unit.`);
    }
    const unitId = uuidv7();
    await appendFact(db, { type: 'item_logged', rmaNumber: box.rmaNumber, payload: { unitId, packageId: box.id, sku, serial } }, by, now);
    return (await db.units.get(unitId))!;
  });
}

/** Take a mis-counted unit off the count (a voiding fact); an inspected unit stays. */
export async function uncountItem(db: StationDb, unitId: string, by: Recorder, now: Date): Promise<void> {
  await db.transaction('rw', FACT_TABLES, async () => {
    const unit = await unitOf(db, unitId);
    await openBox(db, unit.packageId);
    if (unit.inspection) throw new InspectionError('This unit has a finding recorded: it stays on the count.');
    await appendFact(db, { type: 'event_voided', rmaNumber: unit.rmaNumber, payload: { eventId: unit.logged.eventId, reason: 'taken off the count at inspection' } }, by, now);
  });
}

/** A photo as the screen prepared it: the evidence and its thumbnail. */
export interface NewPhoto {
  type: PhotoRef['type'];
  blob: Blob;
  thumbnail: Blob;
}

export interface FindingInput {
  unitId: string;
  finding: Finding;
  note: string;
  photos: readonly NewPhoto[];
  /** Whether the same item is in stock for a replacement (clause 10). */
  inStock: boolean;
}

/**
 * Record a finding and the policy's decision on it: the photos, `item_inspected` and
 * `disposition_decided` commit together. Misuse needs its kind and a photo (the evidence when the
 * customer disputes it); so does a unit not on the RMA, which goes back at the customer's cost.
 */
export async function recordFinding(db: StationDb, input: FindingInput, by: Recorder, now: Date, calendar: HolidayCalendar): Promise<Decision> {
  const { finding, photos } = input;
  if (finding.result === 'misuse' && finding.misuse.length === 0) throw new InspectionError('A misuse finding needs its kind: tick at least one.');
  if (finding.result === 'misuse' && photos.length === 0) throw new InspectionError('A misuse finding needs at least one photo: it is the evidence if the customer disputes it.');
  return db.transaction('rw', [...FACT_TABLES, 'photos', 'photoOutbox', 'catalog'], async () => {
    const unit = await unitOf(db, input.unitId);
    // Everything else it reads, in one round trip: the inspector is waiting for the decision.
    const [box, rma, catalog, earlier, lastSeq] = await Promise.all([
      db.packages.get(unit.packageId),
      unit.rmaNumber ? db.rmas.get(unit.rmaNumber) : undefined,
      db.catalog.get(unit.sku),
      unit.serial ? db.units.where('replacementSerial').equals(unit.serial).first() : undefined,
      readMeta(db, 'seq'),
    ]);
    if (!box || !rma) throw new InspectionError('This unit’s RMA is not on this station: sync or import RMAs first.');
    if (!isOnRma(unit) && photos.length === 0) throw new InspectionError('This unit is not on the RMA: photograph it before recording, since it goes back at the customer’s cost.');
    const receivedOn = localDateOf(box.decidedAt);
    const policyCase = parseAt(
      policyCaseSchema,
      policyCaseFor({ rma, unit, catalog, receivedOn, finding, inStock: input.inStock, originalPurchasedOn: earlier?.replacement?.originalPurchasedOn }),
      'case',
    );
    if (!policyCase.ok) throw new InspectionError(`This unit cannot be decided: ${policyCase.error}`);
    const decision = decideItem(policyCase.value, { calendar });

    const takenAt = now.toISOString();
    const rows: PhotoRow[] = photos.map((p) => ({ id: uuidv7(), unitId: unit.unitId, type: p.type, bytes: p.blob.size, blob: p.blob, thumbnail: p.thumbnail, takenAt }));
    const [, inspected] = await Promise.all([
      db.photos.bulkAdd(rows),
      appendFact(
      db,
      {
        type: 'item_inspected',
        rmaNumber: unit.rmaNumber,
        payload: { unitId: unit.unitId, finding, note: input.note.trim(), photos: rows.map(({ id, bytes, type }) => ({ id, bytes, type })) },
      },
      by,
      now,
      { lastSeq: lastSeq ?? 0 },
      ),
    ]);
    if (rows.length) await db.photoOutbox.bulkAdd(rows.map((p) => ({ photoId: p.id, eventId: inspected.id })));
    await appendFact(
      db,
      {
        type: 'disposition_decided',
        rmaNumber: unit.rmaNumber,
        payload: { unitId: unit.unitId, inspectionId: inspected.id, receivedOn, purchasedOn: policyCase.value.rma.purchasedOn, decision },
      },
      by,
      now,
      { lastSeq: (lastSeq ?? 0) + 1 },
    );
    return decision;
  });
}

/**
 * A photo another station took, fetched from the server: kept beside this station's own for the
 * unit's panel, but never queued to be sent back.
 */
export async function keepPhotoFromServer(db: StationDb, photo: PhotoRow): Promise<void> {
  await db.photos.put(photo);
}

/** A supervisor lets a repair offer stand. */
export async function approveDecision(db: StationDb, unitId: string, by: Recorder, now: Date): Promise<void> {
  await db.transaction('rw', FACT_TABLES, async () => {
    const unit = await unitOf(db, unitId);
    if (!unit.decision) throw new InspectionError('There is no decision to approve yet.');
    if (unit.decision.decision.outcome === 'supervisor_review') throw new InspectionError('The policy leaves this one to you: choose an outcome and say why.');
    await appendFact(db, { type: 'disposition_approved', rmaNumber: unit.rmaNumber, payload: { unitId, decisionId: unit.decision.eventId } }, by, now);
  });
}

/** A supervisor replaces the outcome, with a written reason. */
export async function overrideDecision(
  db: StationDb,
  input: { unitId: string; outcome: Exclude<Outcome, 'supervisor_review'>; reason: string },
  by: Recorder,
  now: Date,
): Promise<void> {
  if (input.reason.trim().length < 10) throw new InspectionError('An override needs a written reason of at least 10 characters.');
  await db.transaction('rw', FACT_TABLES, async () => {
    const unit = await unitOf(db, input.unitId);
    if (!unit.decision) throw new InspectionError('There is no decision to override yet: record the finding first.');
    await appendFact(
      db,
      { type: 'override_recorded', rmaNumber: unit.rmaNumber, payload: { unitId: unit.unitId, decisionId: unit.decision.eventId, outcome: input.outcome, reason: input.reason.trim() } },
      by,
      now,
    );
  });
}

/** The unit going out in place of a faulty one; it carries the first purchase's date (clause 3). */
export async function assignReplacement(db: StationDb, unitId: string, replacementSerial: string, by: Recorder, now: Date): Promise<void> {
  const serial = replacementSerial.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9-]{2,39}$/.test(serial)) throw new InspectionError('A replacement serial is 3–40 letters, digits or dashes.');
  await db.transaction('rw', FACT_TABLES, async () => {
    const unit = await unitOf(db, unitId);
    const outcome = unit.override?.outcome ?? unit.decision?.decision.outcome;
    if (outcome !== 'replace' || !unit.decision) throw new InspectionError('Only a unit to be replaced gets a replacement.');
    if (serial === unit.serial) throw new InspectionError('The replacement’s serial is the faulty unit’s own: scan the replacement unit.');
    await appendFact(
      db,
      { type: 'replacement_assigned', rmaNumber: unit.rmaNumber, payload: { unitId, replacementSerial: serial, originalPurchasedOn: unit.decision.purchasedOn } },
      by,
      now,
    );
  });
}

/** Close a box: what was counted in it, against what its RMA authorised, is recorded. */
export async function closeBox(db: StationDb, packageId: string, by: Recorder, now: Date): Promise<PackageRow> {
  return db.transaction('rw', FACT_TABLES, async () => {
    const box = await openBox(db, packageId);
    const [rma, all] = await Promise.all([db.rmas.get(box.rmaNumber), db.units.where('rmaNumber').equals(box.rmaNumber).toArray()]);
    const counted = all.filter((u) => !u.voided);
    const inBox = counted.filter((u) => u.packageId === packageId);
    const lines = matchUnits(rma?.lines ?? [], counted).lines;
    const count = (status: UnitRow['match']) => inBox.filter((u) => u.match === status).length;
    await appendFact(
      db,
      {
        type: 'box_closed',
        rmaNumber: box.rmaNumber,
        payload: {
          packageId,
          units: inBox.length,
          lines: lines.map(({ sku, authorised, received, missing }) => ({ sku, authorised, received, missing })),
          notOnRma: count('not_on_rma'),
          overQuantity: count('over_quantity'),
          serialMismatches: count('serial_mismatch'),
        },
      },
      by,
      now,
    );
    return (await db.packages.get(packageId))!;
  });
}
