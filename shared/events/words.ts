import type { EventType } from './schema';

const FACT_WORDS: Record<EventType, string> = {
  package_accepted: 'package accepted',
  package_refused: 'package refused',
  package_held: 'package held',
  package_tracked: 'tracking number',
  event_voided: 'correction',
  item_logged: 'item counted',
  item_inspected: 'finding',
  disposition_decided: 'decision',
  disposition_approved: 'approval',
  override_recorded: 'override',
  replacement_assigned: 'replacement unit',
  box_closed: 'box closed',
  slip_printed: 'slip printed',
  shipment_sent: 'shipment',
  exception_resolved: 'exception resolved',
};

/** What a fact is, as a supervisor reads it in a list: "package accepted". A type a newer app records is said as its name. */
export function factInWords(type: string): string {
  return Object.hasOwn(FACT_WORDS, type) ? FACT_WORDS[type as EventType] : type.replaceAll('_', ' ');
}
