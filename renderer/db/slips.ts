import { v7 as uuidv7 } from 'uuid';
import type { Tracking } from '../../shared/events';
import { settledOutcome } from '../../shared/inspection';
import type { PageSize, SlipKind } from '../../shared/slips';
import { slipKindFor } from '../../shared/slips';
import { appendFact, type Recorder } from './facts';
import { dispositionOf, InspectionError } from './inspection';
import { FACT_TABLES, type SlipRow, type StationDb, type UnitRow } from './schema';

/** Units that ship together on one slip: one RMA, one kind. */
export interface SlipGroup {
  rmaNumber: string;
  kind: SlipKind;
  units: UnitRow[];
  /** Printed already: the slip; null while none was. */
  slip: SlipRow | null;
}

/**
 * What is waiting to leave: per RMA and kind, the units whose outcome in force ships something
 * (clause 11) — a repair offer once a supervisor let it stand — with their slip once printed.
 */
export function slipGroups(units: readonly UnitRow[], slips: readonly SlipRow[]): SlipGroup[] {
  const byId = new Map(slips.map((s) => [s.slipId, s]));
  const groups = new Map<string, SlipGroup>();
  for (const u of units) {
    if (u.voided || u.rmaNumber === null) continue;
    const kind = slipKindFor(settledOutcome(dispositionOf(u)));
    if (!kind) continue;
    const slip = u.slipId ? (byId.get(u.slipId) ?? null) : null;
    const key = slip ? slip.slipId : `${u.rmaNumber}|${kind}`;
    const group = groups.get(key) ?? { rmaNumber: u.rmaNumber, kind, units: [], slip };
    group.units.push(u);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * What is waiting to leave, read through the shipping key: only the units decided and not yet
 * shipped, and only their slips, however many the station has counted and shipped before.
 */
export async function slipsWaiting(db: StationDb): Promise<SlipGroup[]> {
  const units = await db.units.where('toShip').equals(1).toArray();
  const slipIds = [...new Set(units.flatMap((u) => (u.slipId ? [u.slipId] : [])))];
  const slips = await db.slips.bulkGet(slipIds);
  return slipGroups(units, slips.filter((s) => s !== undefined));
}

/** Every output of a slip — printed, downloaded, saved — is a fact; the first one gives it its id. */
export async function recordSlipOutput(
  db: StationDb,
  input: { slipId: string | null; rmaNumber: string; kind: SlipKind; unitIds: string[]; pageSize: PageSize; output: 'download' | 'dialog' | 'printer' | 'file' },
  by: Recorder,
  now: Date,
): Promise<string> {
  return db.transaction('rw', FACT_TABLES, async () => {
    const earlier = input.slipId ? await db.slips.get(input.slipId) : undefined;
    const slipId = earlier?.slipId ?? input.slipId ?? uuidv7();
    await appendFact(
      db,
      {
        type: 'slip_printed',
        rmaNumber: input.rmaNumber,
        payload: { slipId, kind: input.kind, unitIds: earlier?.unitIds ?? input.unitIds, reprint: (earlier?.outputs.length ?? 0) > 0, pageSize: input.pageSize, output: input.output },
      },
      by,
      now,
    );
    return slipId;
  });
}

/** What a slip covers left with a tracking number: the `shipment_sent` fact that lets the RMA close. */
export async function recordShipment(db: StationDb, slipId: string, tracking: Tracking, by: Recorder, now: Date): Promise<void> {
  await db.transaction('rw', FACT_TABLES, async () => {
    const slip = await db.slips.get(slipId);
    if (!slip) throw new InspectionError('Print the slip before shipping: what leaves the warehouse carries one.');
    if (slip.shipment) throw new InspectionError(`This slip already shipped with ${slip.shipment.tracking.value}.`);
    await appendFact(db, { type: 'shipment_sent', rmaNumber: slip.rmaNumber, payload: { slipId, unitIds: slip.unitIds, tracking } }, by, now);
  });
}
