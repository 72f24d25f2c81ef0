import { joinedWithAnd } from '../words';
import type { EventType, Role } from './schema';

/**
 * Who may record what (issue 5, *Roles*): the dock's facts anyone at a station may record; a
 * finding and what follows from it needs an inspector; letting a decision stand or replacing it
 * needs a supervisor. The station checks before writing and the server checks again on push.
 */
const MAY_RECORD: Record<EventType, readonly Role[]> = {
  package_accepted: ['dock', 'inspector', 'supervisor'],
  package_refused: ['dock', 'inspector', 'supervisor'],
  package_held: ['dock', 'inspector', 'supervisor'],
  package_tracked: ['dock', 'inspector', 'supervisor'],
  event_voided: ['dock', 'inspector', 'supervisor'],
  item_logged: ['inspector', 'supervisor'],
  item_inspected: ['inspector', 'supervisor'],
  disposition_decided: ['inspector', 'supervisor'],
  replacement_assigned: ['inspector', 'supervisor'],
  box_closed: ['inspector', 'supervisor'],
  slip_printed: ['inspector', 'supervisor'],
  shipment_sent: ['dock', 'inspector', 'supervisor'],
  disposition_approved: ['supervisor'],
  override_recorded: ['supervisor'],
  exception_resolved: ['supervisor'],
};

export function mayRecord(role: Role, type: EventType): boolean {
  return MAY_RECORD[type].includes(role);
}

const WHO: Record<Role, string> = { dock: 'dock workers', inspector: 'inspectors', supervisor: 'supervisors' };

/** In plain words, for the screen: "Only inspectors and supervisors record findings." */
export function rolesAllowed(type: EventType): string {
  const names = MAY_RECORD[type].map((r) => WHO[r]);
  return `only ${joinedWithAnd(names)}`;
}

const WHAT: Record<EventType, string> = {
  package_accepted: 'dock verdicts',
  package_refused: 'dock verdicts',
  package_held: 'dock verdicts',
  package_tracked: 'tracking numbers',
  event_voided: 'corrections',
  item_logged: 'items taken out of a box',
  item_inspected: 'findings',
  disposition_decided: 'decisions',
  replacement_assigned: 'replacement units',
  box_closed: 'closed boxes',
  slip_printed: 'printed slips',
  shipment_sent: 'shipments',
  disposition_approved: 'approvals',
  override_recorded: 'overrides',
  exception_resolved: 'how an exception was resolved',
};

const SIGNED_IN_AS: Record<Role, string> = { dock: 'you are signed in as a dock worker', inspector: 'you are signed in as an inspector', supervisor: 'you are signed in as a supervisor' };

/** Why a role may not record a fact, in plain words. */
export function notAllowedMessage(role: Role, type: EventType): string {
  const allowed = rolesAllowed(type);
  return `${allowed.charAt(0).toUpperCase()}${allowed.slice(1)} may record ${WHAT[type]}; ${SIGNED_IN_AS[role]}.`;
}

/** Why a role may not do what only a supervisor does beyond recording a fact: "Only a supervisor decides a held package; …". */
export function supervisorOnlyMessage(role: Role, what: string): string {
  return `Only a supervisor ${what}; ${SIGNED_IN_AS[role]}.`;
}
