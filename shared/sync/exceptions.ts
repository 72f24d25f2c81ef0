import { z } from 'zod';
import type { EventOf } from '../events';

/** How a supervisor dealt with an exception: the `exception_resolved` fact that settled it. */
export const exceptionResolutionSchema = z.object({
  eventId: z.string(),
  by: z.string(),
  note: z.string(),
  /** The resolving station's clock: shown, never used to decide. */
  at: z.string(),
});
export type ExceptionResolution = z.infer<typeof exceptionResolutionSchema>;

/** The resolution an `exception_resolved` fact records, as every station shows it. */
export const resolutionOf = (e: EventOf<'exception_resolved'>): ExceptionResolution => ({ eventId: e.id, by: e.actor.name, note: e.payload.note, at: e.clientTs });

/**
 * Where facts disagree, as the server raised it and publishes it to every station. `kind` stays
 * an open string: a station reads an exception a newer server raises, in that server's words.
 */
export const serverExceptionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  rmaNumber: z.string().nullable(),
  eventId: z.string(),
  stationId: z.string(),
  details: z.record(z.string(), z.unknown()),
  raisedSeq: z.number(),
  /** Null while open; a server older than resolutions sends none. */
  resolution: exceptionResolutionSchema.nullable().default(null),
});
export type ServerException = z.infer<typeof serverExceptionSchema>;

const DETAILS = {
  more_packages_than_authorised: z.object({ accepted: z.number(), authorised: z.number() }),
  event_for_inactive_rma: z.object({ status: z.string() }),
  serial_counted_twice: z.object({ serial: z.string() }),
};

/** An exception in a supervisor's words: "3 packages accepted against 2 units authorised". */
export function exceptionInWords(x: Pick<ServerException, 'kind' | 'details'>): string {
  switch (x.kind) {
    case 'more_packages_than_authorised': {
      const d = DETAILS[x.kind].safeParse(x.details);
      return d.success ? `${d.data.accepted} packages accepted against ${d.data.authorised} ${d.data.authorised === 1 ? 'unit' : 'units'} authorised` : 'more packages accepted than units authorised';
    }
    case 'event_for_inactive_rma': {
      const d = DETAILS[x.kind].safeParse(x.details);
      return `a package accepted for an RMA that is ${d.success ? d.data.status : 'not open'}`;
    }
    case 'serial_counted_twice': {
      const d = DETAILS[x.kind].safeParse(x.details);
      return `${d.success ? `serial ${d.data.serial}` : 'the same serial'} counted twice (two benches, or two boxes)`;
    }
    default:
      return x.kind.replaceAll('_', ' ');
  }
}

/** `GET /api/v1/admin/exceptions?state=open`: the ones still to deal with (default: all). */
export const exceptionsQuerySchema = z.object({ state: z.enum(['open', 'resolved', 'all']).default('all') });
export type ExceptionsQuery = z.infer<typeof exceptionsQuerySchema>;
