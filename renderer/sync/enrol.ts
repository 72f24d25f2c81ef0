import { readMeta, writeMeta } from '../db/meta';
import type { StationDb } from '../db/schema';
import { syncClient, type Fetch } from './client';
import { startPullingAgain } from './repull';

/**
 * Link this station to a sync server with a one-time code. A station that has recorded nothing
 * (a new machine, or a wiped database) takes the server's identity for it and continues after its
 * last acknowledged fact; one with facts keeps its own id, which the server adopts.
 */
export async function enrolStation(db: StationDb, serverUrl: string, code: string, fetchFn: Fetch, now: Date): Promise<{ name: string }> {
  const station = await readMeta(db, 'station');
  if (!station) throw new Error('name this station first');
  const lastSeq = (await readMeta(db, 'seq')) ?? 0;
  const answer = await syncClient(serverUrl, fetchFn).enrol(code, station.id, lastSeq);
  await db.transaction('rw', db.meta, db.events, async () => {
    if (answer.stationId !== station.id) {
      if ((await db.events.count()) > 0) throw new Error('the server gave this station another identity, but it has facts of its own');
      await writeMeta(db, 'seq', answer.lastAck);
    }
    await writeMeta(db, 'station', { id: answer.stationId, name: answer.name });
    // Stored as `serverAddressSchema` has it: without a trailing slash.
    await writeMeta(db, 'sync', { serverUrl, token: answer.token, enrolledAt: now.toISOString() });
    // Linked anew, perhaps to another server: what was pulled before is taken again from it.
    if (((await readMeta(db, 'pullCursor')) ?? 0) > 0) await startPullingAgain(db);
    await writeMeta(db, 'syncLog', { lastSuccessAt: null, lastError: null, state: 'ok' });
  });
  return { name: answer.name };
}
