import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { StationEvent } from '../../../shared/events';
import { MAX_PHOTO_BYTES, photoTypeOf } from '../../../shared/sync';
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
    const { enrolCode } = (await server.app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: admin, payload: { name } })).json<{ enrolCode: string }>();
    const id = uuidv7();
    const { token } = (await server.app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: enrolCode, stationId: id, lastSeq: 0 } })).json<{ token: string }>();
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
