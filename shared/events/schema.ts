import { z } from 'zod';
import { storableText } from '../validation';
import { carrierSchema } from '../labels/schema';
import { isoDateSchema } from '../dates';
import { dockReasonSchema } from '../policy/dock';
import { decisionSchema, findingSchema, outcomeSchema } from '../policy/schema';

/** The fact types added after version 1, each with the version that introduced it. */
const INTRODUCED_IN: Partial<Record<EventType, number>> = { exception_resolved: 2 };

/**
 * The version a fact is stamped with: the one that introduced its shape. A server one version
 * behind then still takes every fact it can read, and names the first one it cannot.
 */
export function schemaVersionOf(type: EventType): number {
  return INTRODUCED_IN[type] ?? 1;
}

/** The newest version of the event shapes below that this code reads; an older one is still read and upgraded, never dropped. */
export const EVENT_SCHEMA_VERSION = Math.max(1, ...Object.values(INTRODUCED_IN));

/**
 * The first of `events` (as received, unchecked) written by a newer app than this code reads: a
 * station updated before its server. Looked for before the shapes are checked, since a newer
 * fact's shape may be one this code has never seen.
 */
export function firstNewerFact(events: unknown): { index: number; schemaVersion: number } | null {
  if (!Array.isArray(events)) return null;
  for (const [index, event] of events.entries()) {
    const schemaVersion = (event as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (typeof schemaVersion === 'number' && schemaVersion > EVENT_SCHEMA_VERSION) return { index, schemaVersion };
  }
  return null;
}

export const roleSchema = z.enum(['dock', 'inspector', 'supervisor']);
export type Role = z.infer<typeof roleSchema>;

export const actorSchema = z.object({
  name: z.string().trim().min(1).max(80),
  role: roleSchema,
});
export type Actor = z.infer<typeof actorSchema>;

export const trackingSchema = z.object({
  value: z.string().min(1).max(60),
  carrier: carrierSchema,
});
export type Tracking = z.infer<typeof trackingSchema>;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'must be a UUID' });

/** What every fact carries (DESIGN.md, *Facts, not rows*). `clientTs` is shown, never used to decide. */
const envelope = {
  id: uuid,
  stationSeq: z.number().int().min(1),
  stationId: uuid,
  actor: actorSchema,
  clientTs: z.iso.datetime({ offset: true }),
  schemaVersion: z.number().int().min(1),
  // Kept in a column of its own on the server. A station records only what a label gave, which
  // never holds a control character (`classifyLabel`).
  rmaNumber: storableText().nullable(),
};

const dockWarningSchema = z.enum(['additional_package', 'untraceable_shipment']);
const clausesSchema = z.array(z.number().int().min(1).max(13));

/** A verdict that settles an earlier hold names the hold it settles. */
const settles = { settlesHold: uuid.nullable() };

export const packageAcceptedSchema = z.object({
  ...envelope,
  type: z.literal('package_accepted'),
  payload: z.object({
    packageId: uuid,
    tracking: trackingSchema.nullable(),
    warnings: z.array(dockWarningSchema),
    earlierPackages: z.number().int().min(0),
    clauses: clausesSchema,
    ...settles,
  }),
});

/** A refusal and a hold say the same things: which package, why, and how it travelled. */
const decidedWithReason = z.object({
  packageId: uuid,
  reason: dockReasonSchema,
  tracking: trackingSchema.nullable(),
  clauses: clausesSchema,
  ...settles,
});

export const packageRefusedSchema = z.object({ ...envelope, type: z.literal('package_refused'), payload: decidedWithReason });

export const packageHeldSchema = z.object({ ...envelope, type: z.literal('package_held'), payload: decidedWithReason });

/** A tracking number scanned after its package's verdict (clause 6: every package is traceable). */
export const packageTrackedSchema = z.object({
  ...envelope,
  type: z.literal('package_tracked'),
  payload: z.object({ packageId: uuid, tracking: trackingSchema }),
});

/** A correction: the voided fact stays, and projections stop counting it. */
export const eventVoidedSchema = z.object({
  ...envelope,
  type: z.literal('event_voided'),
  payload: z.object({ eventId: uuid, reason: z.string().trim().min(1).max(500) }),
});

/** SKUs and serials as an inspector scans or types them: compared upper-cased. */
const code = z.string().trim().min(1).max(64).transform((s) => s.toUpperCase());

/** One unit taken out of an accepted box and counted (a blind count: nothing pre-filled). */
export const itemLoggedSchema = z.object({
  ...envelope,
  type: z.literal('item_logged'),
  payload: z.object({ unitId: uuid, packageId: uuid, sku: code, serial: code.nullable() }),
});

/** A photo's identity and size; the picture itself stays in the station's photo store. */
export const photoRefSchema = z.object({ id: uuid, bytes: z.number().int().min(1), type: z.enum(['image/jpeg', 'image/png', 'image/webp']) });
export type PhotoRef = z.infer<typeof photoRefSchema>;

/** The inspector's finding for one unit, with the evidence. */
export const itemInspectedSchema = z.object({
  ...envelope,
  type: z.literal('item_inspected'),
  payload: z.object({
    unitId: uuid,
    finding: findingSchema,
    note: z.string().trim().max(2000),
    photos: z.array(photoRefSchema).max(20),
  }),
});

/**
 * The policy's outcome for one unit, with what it was decided from: the date received and the
 * original purchase date (clause 3: a replacement's later claim counts from the first purchase).
 */
export const dispositionDecidedSchema = z.object({
  ...envelope,
  type: z.literal('disposition_decided'),
  payload: z.object({ unitId: uuid, inspectionId: uuid, receivedOn: isoDateSchema, purchasedOn: isoDateSchema, decision: decisionSchema }),
});

/** A supervisor lets a decision that waits for one (a repair offer) stand. */
export const dispositionApprovedSchema = z.object({
  ...envelope,
  type: z.literal('disposition_approved'),
  payload: z.object({ unitId: uuid, decisionId: uuid }),
});

/** A supervisor replaces the outcome in force, always with a written reason. */
export const overrideRecordedSchema = z.object({
  ...envelope,
  type: z.literal('override_recorded'),
  payload: z.object({ unitId: uuid, decisionId: uuid, outcome: outcomeSchema.exclude(['supervisor_review']), reason: z.string().trim().min(10, { message: 'must say why, in at least 10 characters' }).max(2000) }),
});

/** The unit shipped in place of a faulty one; its warranty still counts from the first purchase. */
export const replacementAssignedSchema = z.object({
  ...envelope,
  type: z.literal('replacement_assigned'),
  payload: z.object({ unitId: uuid, replacementSerial: code, originalPurchasedOn: isoDateSchema }),
});

const lineCountSchema = z.object({ sku: z.string(), authorised: z.number().int().min(0), received: z.number().int().min(0), missing: z.number().int().min(0) });

/** The box is done: what was counted in it, against what the RMA authorised. */
export const boxClosedSchema = z.object({
  ...envelope,
  type: z.literal('box_closed'),
  payload: z.object({
    packageId: uuid,
    units: z.number().int().min(0),
    lines: z.array(lineCountSchema),
    notOnRma: z.number().int().min(0),
    overQuantity: z.number().int().min(0),
    serialMismatches: z.number().int().min(0),
  }),
});

/** A packing slip printed, downloaded or saved: every output of the one PDF is a fact. */
export const slipPrintedSchema = z.object({
  ...envelope,
  type: z.literal('slip_printed'),
  payload: z.object({
    slipId: uuid,
    kind: z.enum(['replacement', 'return_to_customer', 'repair']),
    unitIds: z.array(uuid).min(1).max(500),
    reprint: z.boolean(),
    pageSize: z.enum(['letter', 'a4', 'label4x6']),
    output: z.enum(['download', 'dialog', 'printer', 'file']),
  }),
});

/** What a slip covers left the warehouse with a tracking number (clause 11: then the RMA closes). */
export const shipmentSentSchema = z.object({
  ...envelope,
  type: z.literal('shipment_sent'),
  payload: z.object({ slipId: uuid, unitIds: z.array(uuid).min(1).max(500), tracking: trackingSchema }),
});

export const RESOLUTION_NOTE_MIN = 10;
export const RESOLUTION_NOTE_MAX = 500;

/**
 * A supervisor has dealt with an exception the server raised (where facts disagree) and says how.
 * Both disagreeing facts stay; this fact only takes the exception off the open list.
 */
export const exceptionResolvedSchema = z.object({
  ...envelope,
  type: z.literal('exception_resolved'),
  payload: z.object({ exceptionId: uuid, note: z.string().trim().min(RESOLUTION_NOTE_MIN).max(RESOLUTION_NOTE_MAX) }),
});

export const stationEventSchema = z.discriminatedUnion('type', [
  packageAcceptedSchema,
  packageRefusedSchema,
  packageHeldSchema,
  packageTrackedSchema,
  eventVoidedSchema,
  itemLoggedSchema,
  itemInspectedSchema,
  dispositionDecidedSchema,
  dispositionApprovedSchema,
  overrideRecordedSchema,
  replacementAssignedSchema,
  boxClosedSchema,
  slipPrintedSchema,
  shipmentSentSchema,
  exceptionResolvedSchema,
]);
export type StationEvent = z.infer<typeof stationEventSchema>;
export type EventType = StationEvent['type'];
export type EventOf<T extends EventType> = Extract<StationEvent, { type: T }>;
export type DockVerdictEvent = EventOf<'package_accepted' | 'package_refused' | 'package_held'>;

/** An event before the store gives it its identity, sequence number and time. */
export type EventDraft = {
  [T in EventType]: Pick<EventOf<T>, 'type' | 'rmaNumber' | 'payload'>;
}[EventType];
