import type { StationEvent } from '../events';
import { rmaCloses, type Outcome, type UnitStanding } from '../policy';
import { unitsAuthorised, type Rma } from '../rma';
import { isOnRma } from './decisionCase';
import { matchUnits } from './matching';
import { settledOutcome } from './standing';

interface Unit {
  unitId: string;
  sku: string;
  serial: string | null;
  decided: Outcome | null;
  approved: boolean;
  overridden: Outcome | null;
  shipped: boolean;
}

/**
 * Clause 11's closing rule folded straight from an RMA's facts, in commit order — what the server
 * derives (it keeps no unit projection): every authorised unit has a final outcome and whatever
 * ships has left with a tracking number. Voided facts do not count.
 */
export function rmaClosesByFacts(rma: Pick<Rma, 'lines'>, facts: readonly StationEvent[]): boolean {
  const voided = new Set(facts.flatMap((e) => (e.type === 'event_voided' ? [e.payload.eventId] : [])));
  const units = new Map<string, Unit>();
  const decisionOf = new Map<string, string>();
  for (const e of facts) {
    if (voided.has(e.id)) continue;
    switch (e.type) {
      case 'item_logged':
        units.set(e.payload.unitId, { unitId: e.payload.unitId, sku: e.payload.sku, serial: e.payload.serial, decided: null, approved: false, overridden: null, shipped: false });
        break;
      case 'disposition_decided': {
        const u = units.get(e.payload.unitId);
        if (u) Object.assign(u, { decided: e.payload.decision.outcome, approved: false, overridden: null });
        decisionOf.set(e.payload.unitId, e.id);
        break;
      }
      case 'disposition_approved': {
        const u = units.get(e.payload.unitId);
        if (u && decisionOf.get(u.unitId) === e.payload.decisionId) u.approved = true;
        break;
      }
      case 'override_recorded': {
        const u = units.get(e.payload.unitId);
        if (u && decisionOf.get(u.unitId) === e.payload.decisionId) u.overridden = e.payload.outcome;
        break;
      }
      case 'shipment_sent':
        for (const id of e.payload.unitIds) {
          const u = units.get(id);
          if (u) u.shipped = true;
        }
        break;
      default:
        break;
    }
  }
  const all = [...units.values()];
  const placed = matchUnits(rma.lines, all).units;
  return rmaClosesWith(
    rma,
    all.map((u, i) => {
      const m = placed[i]!;
      return { onRma: isOnRma({ match: m.status, line: 'line' in m ? m.line : null }), settled: settledOutcome(u), shipped: u.shipped };
    }),
  );
}

/**
 * The closing rule over units as counted — the station's projections and the server's fold both
 * end here: authorised units not counted are not final; a repair offer a supervisor let stand
 * counts as answered until the customer's answer is a fact of its own.
 */
export function rmaClosesWith(rma: Pick<Rma, 'lines'>, units: readonly { onRma: boolean; settled: Outcome | null; shipped: boolean }[]): boolean {
  const standings: UnitStanding[] = [
    ...units.map((u) => ({ outcome: u.settled, shipped: u.shipped, repairOffer: u.settled === 'paid_repair_offer' ? ('accepted' as const) : null })),
    ...Array.from({ length: Math.max(0, unitsAuthorised(rma) - units.filter((u) => u.onRma).length) }, () => ({ outcome: null, shipped: false, repairOffer: null })),
  ];
  return rmaCloses(standings);
}
