import { v7 as uuidv7 } from 'uuid';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import type { StationEvent } from '../../../shared/events';
import { MAX_PHOTO_BYTES, photoTypeOf } from '../../../shared/sync';
import { enrolmentCode } from './harness';
import { serverEachTest, STORE_KINDS } from './stores';

const ADMIN = 'admin';
const admin = { authorization: `Bearer ${ADMIN}` };
// Not a real JPEG: the server keeps bytes as named, it does not look at pictures.
const jpeg = (size: number, fill = 7) => Buffer.alloc(size, fill);

describe('a photo\'s type, from its Content-Type header', () => {
  it('is one of the types a station stores, parameters aside; anything else is none', () => {
    expect(photoTypeOf('image/jpeg')).toBe('image/jpeg');
    expect(photoTypeOf('image/webp; q=0.9')).toBe('image/webp');
    expect(photoTypeOf('image/gif')).toBeNull();
    expect(photoTypeOf('text/plain')).toBeNull();
    expect(photoTypeOf(null)).toBeNull();
  });
});

describe.each(STORE_KINDS)('inspection photos on $name', (kind) => {
  const server = serverEachTest(kind, ADMIN);

  async function station(name: string) {
    const code = await enrolmentCode(server.app, admin, name);
    const id = uuidv7();
    const { token } = (await server.app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code, stationId: id, lastSeq: 0 } })).json<{ token: string }>();
    return { id, auth: { authorization: `Bearer ${token}` } };
  }

  /** An inspection naming one photo, pushed and acknowledged. */
  async function inspected(s: { id: string; auth: Record<string, string> }, photo: { id: string; bytes: number }, stationSeq = 1) {
    const event: StationEvent = {
      id: uuidv7(),
      stationSeq,
      stationId: s.id,
      actor: { name: 'Ines', role: 'inspector' },
      clientTs: '2026-11-28T10:00:00.000Z',
      schemaVersion: 1,
      type: 'item_inspected',
      rmaNumber: 'RMA10000024',
      payload: { unitId: uuidv7(), finding: { result: 'misuse', misuse: ['accident'] }, note: '', photos: [{ id: photo.id, bytes: photo.bytes, type: 'image/jpeg' }] },
    };
    const pushed = await server.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: s.auth, payload: { stationId: s.id, events: [event] } });
    expect(pushed.json()).toMatchObject({ ackStationSeq: stationSeq, results: [{ status: 'accepted' }] });
    return event.id;
  }

  const put = (auth: Record<string, string>, id: string, eventId: string, body: Buffer, type = 'image/jpeg') =>
    server.app.inject({ method: 'PUT', url: `/api/v1/photos/${id}?eventId=${eventId}`, headers: { ...auth, 'content-type': type }, payload: body });
  const kept = async () => (await server.store.db.selectFrom('photos').select(['id', 'bytes']).execute()).map((r) => ({ id: r.id, bytes: Number(r.bytes) }));

  it('keeps a photo its inspection names, once, and shows it to any station and the admin', async () => {
    const bench = await station('Bench 1');
    const supervisor = await station('Supervisor desk');
    const photoId = uuidv7();
    const eventId = await inspected(bench, { id: photoId, bytes: 3000 });

    const first = await put(bench.auth, photoId, eventId, jpeg(3000));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ id: photoId, status: 'stored' });
    // An upload whose answer was lost is sent again: the same answer in substance, nothing doubled.
    expect((await put(bench.auth, photoId, eventId, jpeg(3000))).json()).toEqual({ id: photoId, status: 'already_stored' });
    expect(await kept()).toEqual([{ id: photoId, bytes: 3000 }]);

    for (const auth of [supervisor.auth, admin]) {
      const got = await server.app.inject({ method: 'GET', url: `/api/v1/photos/${photoId}`, headers: auth });
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('image/jpeg');
      expect(got.rawPayload.equals(jpeg(3000))).toBe(true);
    }
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/photos/${uuidv7()}`, headers: supervisor.auth })).statusCode).toBe(404);
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/photos/${photoId}` })).statusCode).toBe(401);
  });

  it('refuses what its inspection does not name, another station\'s photo, and bad requests, keeping nothing', async () => {
    const bench = await station('Bench 1');
    const other = await station('Bench 2');
    const photoId = uuidv7();
    const eventId = await inspected(bench, { id: photoId, bytes: 3000 });

    const refusals: [Promise<{ statusCode: number; json: () => { message: string } }>, number, RegExp][] = [
      [put(bench.auth, photoId, eventId, jpeg(2999)), 422, /names a image\/jpeg of 3000 bytes; this is a image\/jpeg of 2999/],
      [put(bench.auth, photoId, eventId, jpeg(3000), 'image/png'), 422, /names a image\/jpeg/],
      [put(bench.auth, uuidv7(), eventId, jpeg(3000)), 422, /does not name that photo/],
      [put(bench.auth, photoId, uuidv7(), jpeg(3000)), 422, /no fact of this station/],
      [put(other.auth, photoId, eventId, jpeg(3000)), 422, /no fact of this station/],
      [put(bench.auth, photoId, eventId, jpeg(3000), 'text/plain'), 415, /image\/jpeg, image\/png, image\/webp/],
      [put(bench.auth, 'not-a-uuid', eventId, jpeg(3000)), 400, /^id: Invalid UUID/],
      [put(bench.auth, photoId, 'nope', jpeg(3000)), 400, /^eventId: Invalid UUID/],
      [put({}, photoId, eventId, jpeg(3000)), 401, /station token/],
      [put(bench.auth, photoId, eventId, jpeg(MAX_PHOTO_BYTES + 1)), 413, /.+/],
    ];
    for (const [answer, status, message] of refusals) {
      const r = await answer;
      expect(r.statusCode, r.json().message).toBe(status);
      expect(r.json().message).toMatch(message);
    }
    expect(await kept()).toEqual([]);
  });

  // Only PostgreSQL runs two uploads at once (SQLite takes one transaction at a time), so the
  // case exists for it alone.
  if (kind.name === 'postgres') it('the same photo arriving twice at once is kept once, and the second hears it is already stored', async () => {
    const bench = await station('Bench 1');
    const photoId = uuidv7();
    const eventId = await inspected(bench, { id: photoId, bytes: 2000 });
    const row = { id: photoId, event_id: eventId, station_id: bench.id, type: 'image/jpeg', bytes: 2000, body: jpeg(2000), received_at: '' };
    let second!: Awaited<ReturnType<typeof put>>;
    // The first upload's insert is held uncommitted until the second has looked, found nothing,
    // and is waiting on the same id; then the first commits.
    await server.store.db.transaction().execute(async (trx) => {
      await trx.insertInto('photos').values(row).execute();
      void put(bench.auth, photoId, eventId, jpeg(2000)).then((r) => (second = r));
      for (let waited = 0; ; waited += 20) {
        const waiting = await sql<{ n: number }>`
          select count(*)::int as n from pg_locks w join pg_locks h on h.locktype = 'transactionid' and h.transactionid = w.transactionid
          where h.pid = pg_backend_pid() and h.granted and not w.granted`.execute(trx);
        if (waiting.rows[0]!.n > 0) break;
        if (waited > 5000) throw new Error('the second upload never reached its insert');
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    await vi.waitFor(() => expect(second).toBeDefined());
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ id: photoId, status: 'already_stored' });
    expect(await kept()).toEqual([{ id: photoId, bytes: 2000 }]);
  });

  it('refuses a photo of a fact that is not an inspection', async () => {
    const bench = await station('Bench 1');
    await inspected(bench, { id: uuidv7(), bytes: 10 });
    const fact = (await server.store.db.selectFrom('events').select('id').executeTakeFirstOrThrow()).id;
    // Same station, but pretend its fact were a refusal: the server reads the stored type.
    await server.store.db.updateTable('events').set({ type: 'package_refused' }).where('id', '=', fact).execute();
    const r = await put(bench.auth, uuidv7(), fact, jpeg(10));
    expect(r.statusCode).toBe(422);
    expect(r.json<{ message: string }>().message).toMatch(/not an accepted inspection/);
  });
});
