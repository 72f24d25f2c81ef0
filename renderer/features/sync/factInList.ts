import { factInWords, type StationEvent } from '../../../shared/events';

/**
 * A fact as a supervisor finds it in a list: "package accepted for RMA10000016 at Dock door 4 by
 * Dana Reyes, 11/29/2026, 5:54 AM".
 */
export function factInList(fact: StationEvent, { withRma = true, station = null as string | null } = {}): string {
  const rma = withRma && fact.rmaNumber ? ` for ${fact.rmaNumber}` : '';
  const where = station ? ` at ${station}` : '';
  return `${factInWords(fact.type)}${rma}${where} by ${fact.actor.name}, ${new Date(fact.clientTs).toLocaleString()}`;
}
