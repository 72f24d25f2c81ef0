import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useState } from 'react';
import { usFederalCalendar } from '../../../shared/dates';
import { OUTCOME_WORDS } from '../../../shared/inspection';
import { asGtin14 } from '../../../shared/labels';
import type { Outcome } from '../../../shared/policy';
import { useStation } from '../../app/station';
import {
  approveDecision,
  assignReplacement,
  closeBox,
  logItem,
  overrideDecision,
  recordFinding,
  uncountItem,
} from '../../db/inspection';
import { inForeground } from '../../db/scanFirst';
import { describeWriteError } from '../../db/writeErrors';
import type { FindingDraft } from './FindingForm';

export interface BenchMessage {
  ok: boolean;
  text: string;
}

/** One box at the bench: what is in it so far, and every fact an inspector records about it. */
export function useBench(packageId: string) {
  const { db, recorder } = useStation();
  const [message, setMessage] = useState<BenchMessage | null>(null);
  const box = useLiveQuery(() => db.packages.get(packageId), [db, packageId]);
  const rma = useLiveQuery(async () => (box?.rmaNumber ? ((await db.rmas.get(box.rmaNumber)) ?? null) : null), [db, box?.rmaNumber]);
  const rmaUnits = useLiveQuery(async () => (box?.rmaNumber ? (await db.units.where('rmaNumber').equals(box.rmaNumber).toArray()).filter((u) => !u.voided) : []), [db, box?.rmaNumber]);
  // The first photo of each unit in the box, for the list's thumbnails.
  const firstPhotos = useLiveQuery(
    async () => {
      const ids = (rmaUnits ?? []).filter((u) => u.packageId === packageId).map((u) => u.unitId);
      const photos = ids.length ? await db.photos.where('unitId').anyOf(ids).toArray() : [];
      return new Map(photos.reverse().map((p) => [p.unitId, p.thumbnail]));
    },
    [db, packageId, rmaUnits],
  );
  const units = (rmaUnits ?? []).filter((u) => u.packageId === packageId).sort((a, b) => (a.logged.eventId < b.logged.eventId ? -1 : 1));

  const attempt = useCallback(
    async (work: () => Promise<string>): Promise<boolean> => {
      if (!recorder) return false;
      try {
        // The inspector's recording goes before a pull's next write (scanFirst).
        setMessage({ ok: true, text: await inForeground(work) });
        return true;
      } catch (e) {
        setMessage({ ok: false, text: describeWriteError(e) });
        return false;
      }
    },
    [recorder],
  );

  return {
    box,
    rma,
    units,
    rmaUnits: rmaUnits ?? [],
    thumbnails: firstPhotos ?? new Map<string, Blob>(),
    message,
    /** A word for the inspector that is not a recorded fact (what the camera saw, say). */
    say: (ok: boolean, text: string) => setMessage({ ok, text }),
    count: (sku: string, serial: string | null) =>
      attempt(async () => {
        const unit = await logItem(db, { packageId, sku, serial }, recorder!, new Date());
        // A UPC counted under the RMA's or the catalog's SKU: said, so the inspector sees why.
        const scanned = sku.trim().toUpperCase();
        const counted = `Counted ${unit.sku}${unit.serial ? ` ${unit.serial}` : ''}${scanned === unit.sku ? '' : ` (scanned as ${scanned})`}.`;
        // A barcode nothing names would send the RMA's own item back at the customer's cost.
        const unknownBarcode = unit.match === 'not_on_rma' && asGtin14(unit.sku) !== null;
        return unknownBarcode ? `${counted} Neither the RMA nor the catalog knows this barcode: if it is the item’s UPC, take it off the count and scan the SKU printed on the item.` : counted;
      }),
    uncount: (unitId: string) => attempt(async () => (await uncountItem(db, unitId, recorder!, new Date()), 'Taken off the count.')),
    record: (unitId: string, draft: FindingDraft) =>
      attempt(async () => {
        const decision = await recordFinding(db, { unitId, ...draft }, recorder!, new Date(), usFederalCalendar);
        return `Recorded: ${OUTCOME_WORDS[decision.outcome]}.`;
      }),
    approve: (unitId: string) => attempt(async () => (await approveDecision(db, unitId, recorder!, new Date()), 'Approved.')),
    override: (unitId: string, outcome: Exclude<Outcome, 'supervisor_review'>, reason: string) =>
      attempt(async () => (await overrideDecision(db, { unitId, outcome, reason }, recorder!, new Date()), `Overridden: ${OUTCOME_WORDS[outcome]}.`)),
    replace: (unitId: string, serial: string) => attempt(async () => (await assignReplacement(db, unitId, serial, recorder!, new Date()), `Replacement ${serial.trim().toUpperCase()} recorded.`)),
    close: () => attempt(async () => (await closeBox(db, packageId, recorder!, new Date()), 'Box closed.')),
  };
}
