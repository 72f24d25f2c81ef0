import { z } from 'zod';
import { isoDateSchema } from '../dates';
import { lineOfText } from '../validation';
import { stationEventSchema } from '../events';
import { bytesInWords } from '../words';

/** The sync protocol's wire shapes (SYNC.md), shared by the server and the station's engine. */
export const MAX_PUSH_EVENTS = 500;
export const MAX_PUSH_BYTES = 1024 * 1024;

/**
 * The events are validated here, as one list: one parse call per event cost half as much again
 * (10,000 events in one process, mean of 20 rounds: 21.1 ms as a list, 34.4 ms one by one).
 */
export const pushBodySchema = z.object({
  stationId: z.uuid(),
  events: z.array(stationEventSchema).max(MAX_PUSH_EVENTS),
});
export type PushBody = z.infer<typeof pushBodySchema>;

export const pushResultSchema = z.object({
  id: z.string(),
  stationSeq: z.number().int(),
  status: z.enum(['accepted', 'rejected', 'duplicate']),
  serverSeq: z.number().int().optional(),
  /** Why the server refused the fact: on `rejected`, and again on a `duplicate` of a refused one. */
  reason: z.string().optional(),
});
export const pushAnswerSchema = z.object({ ackStationSeq: z.number().int().min(0), results: z.array(pushResultSchema) });
export type PushAnswerBody = z.infer<typeof pushAnswerSchema>;

/** The most changes one pull page carries. */
export const MAX_PULL = 5000;

export const pullQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  /** The `cursorTag` the station was given with `after`: how a server restored from a backup is told apart. */
  at: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL).default(1000),
});

export const changeSchema = z.object({
  serverSeq: z.number().int(),
  kind: z.enum(['event', 'rma', 'exception', 'catalog', 'user']),
  key: z.string(),
  deleted: z.boolean(),
  data: z.unknown(),
});
export const pullAnswerSchema = z.object({
  changes: z.array(changeSchema),
  nextCursor: z.number().int().min(0),
  more: z.boolean(),
  resetRequired: z.boolean(),
  /** Names the write behind `nextCursor`; sent back as `at`. Null from a server older than tags. */
  cursorTag: z.number().int().min(0).nullable().default(null),
  /** With more to come, the server's last number as it read the page: how far the station has to go. A server older than this sends none. */
  latestSeq: z.number().int().min(0).optional(),
});
export type PullAnswerBody = z.infer<typeof pullAnswerSchema>;

/** Where a station's pull goes on from: the last serverSeq it applied, and the tag that came with it. */
export interface PullCursor {
  after: number;
  at: number | null;
}

/** The station says who it is locally: its own id and its last stationSeq. */
export const enrolBodySchema = z.object({
  // Read out or copied from a message, a code may arrive grouped (K7MPQ 2XW9R, K7MPQ-2XW9R) or in lower case.
  code: z
    .string()
    .trim()
    .min(4)
    .max(40)
    .transform((code) => code.replace(/[\s-]+/g, '').toUpperCase()),
  stationId: z.uuid(),
  lastSeq: z.number().int().min(0),
});
/** What the server holds of the asking station: its facts up to `lastAck`, and the name a supervisor gave it. */
export const stationStatusSchema = z.object({
  stationId: z.string(),
  name: z.string().min(1).max(60).optional(),
  lastAck: z.number().int().min(0),
  /** In the last weeks of the server's HTTPS certificate: the day it runs out, after which no station syncs. */
  certificateRunsOutOn: isoDateSchema.optional(),
});
export type StationStatus = z.infer<typeof stationStatusSchema>;

export const enrolAnswerSchema = z.object({ stationId: z.string(), name: z.string(), token: z.string(), lastAck: z.number().int().min(0) });
export type EnrolAnswer = z.infer<typeof enrolAnswerSchema>;

export const newStationSchema = z.object({ name: lineOfText(1, 60) });
/** `/api/v1/admin/stations/<id>`: the server made the id, or adopted the station's own. */
export const stationParamsSchema = z.object({ id: z.uuid() });

/** A station asking a server whether it holds its token (`stationProof`): a fresh random nonce, in hex. */
export const stationProofBodySchema = z.object({ nonce: z.string().regex(/^[0-9a-f]{32,128}$/, { error: 'must be 32 to 128 lower-case hex digits' }) });
export const stationProofAnswerSchema = z.object({ proof: z.string() });

/** A code given out, and until when it can be used. */
export const enrolCodeSchema = z.object({ enrolCode: z.string(), enrolCodeExpiresAt: z.string() });
export type EnrolCode = z.infer<typeof enrolCodeSchema>;
/** A station the admin made: its id and its first code. */
export const newStationAnswerSchema = enrolCodeSchema.extend({ id: z.string() });

/** A station as the admin sees it: whether it is linked, and how far its facts have arrived. */
export const stationListingSchema = z.object({
  id: z.string(),
  name: z.string(),
  lastAck: z.number().int().min(0),
  enrolled: z.boolean(),
  createdAt: z.string(),
  enrolledAt: z.string().nullable(),
  /** Until when the code given out and not yet used can be used; null when none is outstanding. */
  enrolCodeExpiresAt: z.string().nullable(),
  /** When the station last synced (server clock, to the minute); a server older than this sends none. */
  lastSeenAt: z.string().nullable().default(null),
  /** The station's storage as it last said it: bytes used of what its browser lets it use. */
  storage: z.object({ used: z.number().min(0), quota: z.number().min(0) }).nullable().default(null),
});
export type StationListing = z.infer<typeof stationListingSchema>;

/**
 * What a station says of itself as it asks its status, once a cycle: its storage, so the admin
 * sees a station filling up before it can record no more (`rmadock status`).
 */
export const stationStatusQuerySchema = z
  .object({ storageUsed: z.coerce.number().int().min(0).optional(), storageQuota: z.coerce.number().int().min(1).optional() })
  .refine((q) => (q.storageUsed === undefined) === (q.storageQuota === undefined), { error: 'storageUsed and storageQuota go together' })
  .transform(({ storageUsed, storageQuota }) => ({ storage: storageUsed !== undefined && storageQuota !== undefined ? { used: storageUsed, quota: storageQuota } : null }));

/**
 * Nearly full from here: the browser lets a station use a share of the disk's free space, so its
 * room shrinks as anything else fills the disk, and once it is gone nothing more can be recorded.
 */
export const NEARLY_FULL = 0.9;
export const isNearlyFull = (used: number, quota: number): boolean => used >= quota * NEARLY_FULL;

/** A station's storage as the admin reads it: "9.5 GB of 10.0 GB". */
export const storageAmounts = ({ used, quota }: { used: number; quota: number }): string => `${bytesInWords(used)} of ${bytesInWords(quota)}`;

/**
 * An inspection's photo goes up by itself, after the fact that names it was acknowledged: the
 * picture as the station stored it (a 1,600 px JPEG, about 140 KB), never inside a push.
 */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** The photo type a Content-Type header names (parameters aside), or null when it names none. */
export function photoTypeOf(contentType: string | null | undefined): PhotoType | null {
  const type = (contentType ?? '').split(';')[0]!.trim();
  return PHOTO_TYPES.find((t) => t === type) ?? null;
}
export const photoParamsSchema = z.object({ id: z.uuid() });
export const photoUploadQuerySchema = z.object({ eventId: z.uuid() });
export const photoAnswerSchema = z.object({ id: z.uuid(), status: z.enum(['stored', 'already_stored']) });
export type PhotoAnswer = z.infer<typeof photoAnswerSchema>;
