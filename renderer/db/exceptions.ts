import { RESOLUTION_NOTE_MAX, RESOLUTION_NOTE_MIN, type EventOf } from '../../shared/events';
import { resolutionOf } from '../../shared/sync';
import { appendFact, factsWithStation, type FactWithStation, type Recorder } from './facts';
import { RefusalError } from './writeErrors';
import { FACT_TABLES, withOpenKey, type ExceptionRow, type StationDb } from './schema';

/** An exception with the fact that raised it and that fact's station, where this station holds it: what a supervisor goes to find. */
export type SupervisedException = ExceptionRow & { raisedBy: FactWithStation | undefined };

/**
 * Every open one, in the order the server raised them; then the newest `resolvedShown` resolved
 * ones, newest first, of `resolvedCount`. The record grows for as long as the warehouse runs:
 * only what is shown is read and drawn.
 */
export async function exceptionsForSupervisor(
  db: StationDb,
  resolvedShown = Infinity,
): Promise<{ open: SupervisedException[]; resolved: SupervisedException[]; resolvedCount: number }> {
  const { openRows, resolvedRows, kept } = await db.transaction('r', db.exceptions, async () => {
    return {
      openRows: await openExceptions(db).sortBy('raisedSeq'),
      resolvedRows: await db.exceptions
        .orderBy('raisedSeq')
        .reverse()
        .filter((x) => !!x.resolution)
        .limit(resolvedShown)
        .toArray(),
      kept: await db.exceptions.count(),
    };
  });
  const [open, resolved] = await Promise.all([withFacts(db, openRows), withFacts(db, resolvedRows)]);
  return { open, resolved, resolvedCount: kept - openRows.length };
}

const openExceptions = (db: StationDb) => db.exceptions.where('open').equals(1);

/** Open exceptions, for the sync badge. */
export const openExceptionCount = (db: StationDb): Promise<number> => openExceptions(db).count();

/** One RMA's open exceptions, for the inspection bench. */
export const openExceptionsOf = (db: StationDb, rmaNumber: string): Promise<ExceptionRow[]> =>
  openExceptions(db)
    .filter((x) => x.rmaNumber === rmaNumber)
    .toArray();

async function withFacts(db: StationDb, rows: ExceptionRow[]): Promise<SupervisedException[]> {
  const raisedBy = await factsWithStation(db, rows.map((x) => x.eventId));
  return rows.map((x, i) => ({ ...x, raisedBy: raisedBy[i] }));
}

/**
 * A supervisor says how an exception was dealt with: an `exception_resolved` fact, and the
 * exception off the open list here at once, in one transaction. The server publishes it resolved
 * to every station once the fact arrives; the facts that disagreed are all kept.
 */
export async function resolveException(db: StationDb, input: { exceptionId: string; note: string }, by: Recorder, now: Date): Promise<void> {
  const note = input.note.trim();
  if (note.length < RESOLUTION_NOTE_MIN) throw new RefusalError(`Say in at least ${RESOLUTION_NOTE_MIN} characters what was done about it; it is kept with the record.`);
  if (note.length > RESOLUTION_NOTE_MAX) throw new RefusalError(`Keep the note to ${RESOLUTION_NOTE_MAX} characters.`);
  await db.transaction('rw', [...FACT_TABLES, 'exceptions'], async () => {
    const x = await db.exceptions.get(input.exceptionId);
    if (!x) throw new RefusalError('That exception is no longer on this station: sync, then look again.');
    if (x.resolution) throw new RefusalError(`${x.resolution.by} resolved this one already: “${x.resolution.note}”`);
    const event = await appendFact(db, { type: 'exception_resolved', rmaNumber: x.rmaNumber, payload: { exceptionId: x.id, note } }, by, now);
    await db.exceptions.put(withOpenKey({ ...x, resolution: resolutionOf(event as EventOf<'exception_resolved'>) }));
  });
}
