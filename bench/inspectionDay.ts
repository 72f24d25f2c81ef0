import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { v7 as uuidv7 } from 'uuid';
import { demoRmas } from '../cli/demoData';
import { recordDockVerdict } from '../renderer/db/dock';
import { logItem, recordFinding } from '../renderer/db/inspection';
import { writeMeta } from '../renderer/db/meta';
import { importRmas } from '../renderer/db/rmaImport';
import { StationDb } from '../renderer/db/schema';
import { usFederalCalendar } from '../shared/dates';
import type { StationEvent } from '../shared/events';
import { classifyLabel } from '../shared/labels';
import type { Rma } from '../shared/rma';
import { DEFAULT_SETTINGS } from '../shared/settings';

export interface InspectionDay {
  stationId: string;
  rmas: Rma[];
  facts: StationEvent[];
}

/**
 * A station that receives and inspects: for each of `count` open RMAs its box accepted, every unit
 * counted, found defective and decided, as the station's own code records it (on an IndexedDB in
 * memory). Some RMAs close with their last decision (clause 11), so the server derives that too.
 */
export async function inspectionDay(count: number, firstNumber: number): Promise<InspectionDay> {
  const rmas = demoRmas({ count: Math.ceil(count * 1.4), firstNumber, issuedUpTo: '2026-11-27' })
    .filter((r) => r.status === 'open')
    .slice(0, count);
  const stationId = uuidv7();
  const db = new StationDb(`inspection-day-${stationId}`, { indexedDB, IDBKeyRange });
  try {
    await writeMeta(db, 'station', { id: stationId, name: 'Bench 1' });
    await importRmas(db, rmas, new Date());
    const dock = { stationId, actor: { name: 'Dana', role: 'dock' as const } };
    const inspector = { stationId, actor: { name: 'Ines', role: 'inspector' as const } };
    const now = new Date('2026-11-28T10:00:00Z');
    for (const rma of rmas) {
      const { event } = await recordDockVerdict(db, { label: classifyLabel(rma.number), tracking: null, by: dock, settings: DEFAULT_SETTINGS, now });
      if (event?.type !== 'package_accepted') continue;
      for (const line of rma.lines) {
        for (let k = 0; k < line.quantity; k++) {
          const unit = await logItem(db, { packageId: event.payload.packageId, sku: line.sku, serial: line.serials[k] ?? `SN${uuidv7().slice(-12)}` }, inspector, now);
          await recordFinding(db, { unitId: unit.unitId, finding: { result: 'defective', misuse: [] }, note: '', photos: [], inStock: true }, inspector, now, usFederalCalendar);
        }
      }
    }
    return { stationId, rmas, facts: await db.events.orderBy('stationSeq').toArray() };
  } finally {
    db.close();
    await db.delete();
  }
}
