import type { EventOf } from '../../shared/events';
import { resolutionOf, type ExceptionsQuery } from '../../shared/sync';
import type { Store } from '../db/connect';

/** The exceptions for a supervisor, in the order they were raised, each with the station that raised it and how it was resolved. */
export async function listExceptions(store: Store, state: ExceptionsQuery['state']) {
  let query = store.db
    .selectFrom('exceptions')
    .leftJoin('events', 'events.id', 'exceptions.resolved_by_event')
    .leftJoin('events as raising', 'raising.id', 'exceptions.event_id')
    .leftJoin('stations', 'stations.id', 'raising.station_id')
    .selectAll('exceptions')
    .select(['events.body as resolved_by', 'raising.station_id', 'stations.name as station_name'])
    .orderBy('exceptions.raised_seq');
  if (state === 'open') query = query.where('exceptions.resolved_by_event', 'is', null);
  if (state === 'resolved') query = query.where('exceptions.resolved_by_event', 'is not', null);
  return (await query.execute()).map(({ resolved_by, ...x }) => {
    // Stored bodies were validated when they were pushed.
    const resolution = resolved_by === null ? null : resolutionOf(JSON.parse(resolved_by) as EventOf<'exception_resolved'>);
    return { ...x, details: JSON.parse(x.details) as unknown, resolution };
  });
}
