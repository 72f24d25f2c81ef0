import { factInWords, type StationEvent } from '../../../shared/events';

/** A fact as a supervisor finds it in a list: "package accepted for RMA10000016 by Dana Reyes, 11/29/2026, 5:54 AM". */
export function factInList(fact: StationEvent, { withRma = true } = {}): string {
  const rma = withRma && fact.rmaNumber ? ` for ${fact.rmaNumber}` : '';
  return `${factInWords(fact.type)}${rma} by ${fact.actor.name}, ${new Date(fact.clientTs).toLocaleString()}`;
}
