import { z } from 'zod';
import { carrierSchema } from '../labels/schema';
import { dockReasonSchema } from '../policy/dock';

/** The version of the event shapes below; an older one is still read and upgraded, never dropped. */
export const EVENT_SCHEMA_VERSION = 1;

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
  rmaNumber: z.string().nullable(),
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

export const stationEventSchema = z.discriminatedUnion('type', [
  packageAcceptedSchema,
  packageRefusedSchema,
  packageHeldSchema,
  packageTrackedSchema,
  eventVoidedSchema,
]);
export type StationEvent = z.infer<typeof stationEventSchema>;
export type EventType = StationEvent['type'];
export type EventOf<T extends EventType> = Extract<StationEvent, { type: T }>;
export type DockVerdictEvent = EventOf<'package_accepted' | 'package_refused' | 'package_held'>;

/** An event before the store gives it its identity, sequence number and time. */
export type EventDraft = {
  [T in EventType]: Pick<EventOf<T>, 'type' | 'rmaNumber' | 'payload'>;
}[EventType];
