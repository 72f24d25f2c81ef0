import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../../server/app';
import { StoreLockedError, type Store } from '../../../server/db/connect';
import { exceptionIdFor } from '../../../server/store/push';
import { EVENT_SCHEMA_VERSION, type StationEvent } from '../../../shared/events';
import { parseRmaExport } from '../../../shared/rma';
import { NO_LINKED_STATION, pullAnswerSchema, pushAnswerSchema, serverExceptionSchema, stationProof, tokenHashOf } from '../../../shared/sync';
import { backUp, dockEvent, restoreFrom, STORE_KINDS } from './stores';
import { migrationProvider } from '../../../server/db/migrations';

const ADMIN = 'admin-secret-for-tests';
const csv = readFileSync(new URL('../../fixtures/rmas.csv', import.meta.url), 'utf8');
const fixtureRmas = parseRmaExport(csv).rmas;

describe.each(STORE_KINDS)('sync server on $name', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  let reopen: () => Promise<Store>;

  beforeEach(async () => {
    const fresh = await kind.fresh();
    store = fresh.store;
    cleanup = fresh.cleanup;
    reopen = fresh.reopen;
    app = buildServer({ store, adminToken: ADMIN });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    await cleanup();
  });

  const admin = { authorization: `Bearer ${ADMIN}` };
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  async function station(name = 'Dock door 1', on: FastifyInstance = app) {
    const created = await on.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: admin, payload: { name } });
    expect(created.statusCode).toBe(201);
    const { enrolCode } = created.json<{ id: string; enrolCode: string }>();
    const localId = uuidv7();
    const enrolled = await on.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: enrolCode, stationId: localId, lastSeq: 0 } });
    expect(enrolled.statusCode).toBe(200);
    // A station that has recorded nothing here yet keeps the id it made itself.
    expect(enrolled.json()).toMatchObject({ stationId: localId, name, lastAck: 0 });
    return { id: localId, enrolCode, token: enrolled.json<{ token: string }>().token };
  }

  const push = (token: string, stationId: string, events: StationEvent[], on: FastifyInstance = app) =>
    on.inject({ method: 'POST', url: '/api/v1/sync/push', headers: as(token), payload: { stationId, events } });

  const pull = async (token: string, after = 0, limit = 1000, on: FastifyInstance = app, at?: number) => {
    const r = await on.inject({ method: 'GET', url: `/api/v1/sync/pull?after=${after}&limit=${limit}${at === undefined ? '' : `&at=${at}`}`, headers: as(token) });
    expect(r.statusCode).toBe(200);
    return pullAnswerSchema.parse(r.json());
  };

  async function importFixture() {
    const r = await app.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv });
    expect(r.statusCode).toBe(200);
    return r.json<{ added: number; updated: number; problems: unknown[] }>();
  }

  const count = async (table: 'events' | 'changes' | 'exceptions') => Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('answers health', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(r.json()).toEqual({ ok: true, store: kind.name, serverSeq: 0 });
  });

  it('enrols a station once per code; a new code revokes the old token', async () => {
    const s = await station();
    const again = await app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: s.enrolCode, stationId: uuidv7(), lastSeq: 0 } });
    expect(again.statusCode).toBe(403);
    await push(s.token, s.id, [1, 2].map((n) => dockEvent(s.id, n, null, 'package_refused')));
    const reissue = async () => (await app.inject({ method: 'POST', url: `/api/v1/admin/stations/${s.id}/enrol-code`, headers: admin })).json<{ enrolCode: string }>().enrolCode;

    // A station with facts of its own cannot take over a station with history…
    const refused = await app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: await reissue(), stationId: uuidv7(), lastSeq: 3 } });
    expect(refused.statusCode).toBe(403);
    // …but a wiped one takes its id and continues after its last acknowledged fact. The code is
    // typed as it was read out: grouped, in lower case.
    const code = await reissue();
    const typed = ` ${code.slice(0, 5).toLowerCase()} - ${code.slice(5)} `;
    const enrolled = await app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: typed, stationId: uuidv7(), lastSeq: 0 } });
    expect(enrolled.json()).toMatchObject({ stationId: s.id, lastAck: 2 });
    // The replayed old token is refused and writes nothing.
    expect((await push(s.token, s.id, [dockEvent(s.id, 3, null, 'package_refused')])).statusCode).toBe(401);
    expect(await count('events')).toBe(2);
  });

  it('an enrolment code lapses unused after a week; a new one links the station', async () => {
    let clock = new Date('2026-11-28T10:00:00.000Z');
    const timed = buildServer({ store, adminToken: ADMIN, now: () => clock });
    try {
      const created = (await timed.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: admin, payload: { name: 'Door 9' } })).json<{ id: string; enrolCode: string; enrolCodeExpiresAt: string }>();
      expect(created.enrolCodeExpiresAt).toBe('2026-12-05T10:00:00.000Z');
      const listed = async (id = created.id) => (await timed.inject({ method: 'GET', url: '/api/v1/admin/stations', headers: admin })).json<{ id: string; enrolCodeExpiresAt: string | null }[]>().find((x) => x.id === id);
      expect(await listed()).toMatchObject({ enrolCodeExpiresAt: '2026-12-05T10:00:00.000Z' });
      const enrol = (code: string) => timed.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code, stationId: uuidv7(), lastSeq: 0 } });

      clock = new Date('2026-12-05T10:00:00.000Z');
      const lapsed = await enrol(created.enrolCode);
      expect(lapsed.statusCode).toBe(403);
      expect(lapsed.json()).toEqual({ error: 'forbidden', message: 'that enrolment code lapsed on 2026-12-05 10:00 UTC, unused: ask a supervisor for a new one' });

      const again = (await timed.inject({ method: 'POST', url: `/api/v1/admin/stations/${created.id}/enrol-code`, headers: admin })).json<{ enrolCode: string; enrolCodeExpiresAt: string }>();
      expect(again.enrolCodeExpiresAt).toBe('2026-12-12T10:00:00.000Z');
      clock = new Date('2026-12-12T09:59:00.000Z');
      const linked = await enrol(again.enrolCode);
      expect(linked.statusCode).toBe(200);
      // A station that had recorded nothing here keeps its own id.
      expect(await listed(linked.json<{ stationId: string }>().stationId)).toMatchObject({ enrolled: true, enrolCodeExpiresAt: null });
    } finally {
      await timed.close();
    }
  });

  it('a code used by two stations at once enrols one of them, and its token works', async () => {
    for (let round = 0; round < 5; round++) {
      const { enrolCode } = (await app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: admin, payload: { name: `Door ${round}` } })).json<{ enrolCode: string }>();
      const ids = [uuidv7(), uuidv7()];
      const answers = await Promise.all(ids.map((stationId) => app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: enrolCode, stationId, lastSeq: 0 } })));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 403]);
      const won = answers.find((a) => a.statusCode === 200)!.json<{ stationId: string; token: string }>();
      expect(ids).toContain(won.stationId);
      expect((await push(won.token, won.stationId, [dockEvent(won.stationId, 1, null, 'package_refused')])).statusCode).toBe(200);
    }
  });

  it('takes lastAck + 1 onwards, answers duplicates with the same ack, and 409 on a gap', async () => {
    await importFixture();
    const s = await station();
    const events = [dockEvent(s.id, 1, 'RMA10000016'), dockEvent(s.id, 2, 'RMA99999999'), dockEvent(s.id, 3, 'RMA10000016')];
    const first = pushAnswerSchema.parse((await push(s.token, s.id, events)).json());
    expect(first.ackStationSeq).toBe(3);
    expect(first.results.map((r) => [r.status, r.reason])).toEqual([['accepted', undefined], ['rejected', 'unknown_rma'], ['accepted', undefined]]);

    // The reply was lost; the station re-sends the same events, and hears the refusal again.
    const again = pushAnswerSchema.parse((await push(s.token, s.id, events)).json());
    expect(again.ackStationSeq).toBe(3);
    expect(again.results.map((r) => [r.status, r.serverSeq, r.reason])).toEqual(first.results.map((r) => ['duplicate', r.serverSeq, r.reason]));

    const gap = await push(s.token, s.id, [dockEvent(s.id, 5, null, 'package_refused')]);
    expect(gap.statusCode).toBe(409);
    expect(gap.json()).toEqual({ error: 'seq_gap', ackStationSeq: 3 });

    // A batch that reaches a gap keeps what came before it.
    const prefix = await push(s.token, s.id, [dockEvent(s.id, 4, null, 'package_refused'), dockEvent(s.id, 6, null, 'package_refused')]);
    expect(prefix.json()).toEqual({ error: 'seq_gap', ackStationSeq: 4 });
    expect(await count('events')).toBe(4);
  });

  it('refuses, and does not take as a duplicate, another fact under a stationSeq it holds (a station that numbered again)', async () => {
    await importFixture();
    const s = await station();
    const first = pushAnswerSchema.parse((await push(s.token, s.id, [dockEvent(s.id, 1, 'RMA10000016'), dockEvent(s.id, 2, null, 'package_refused')])).json());
    const other = dockEvent(s.id, 2, 'RMA10000024');
    const again = pushAnswerSchema.parse((await push(s.token, s.id, [other, dockEvent(s.id, 3, null, 'package_refused')])).json());
    expect(again.ackStationSeq).toBe(3);
    expect(again.results.map((r) => [r.id, r.status, r.serverSeq, r.reason])).toEqual([
      [other.id, 'rejected', undefined, 'station_seq_taken'],
      [again.results[1]!.id, 'accepted', first.results[1]!.serverSeq! + 1, undefined],
    ]);
    // The fact first stored under 2 is untouched; the other was not stored, nor counted on its RMA.
    const page = await pull(s.token);
    expect(page.changes.filter((c) => c.kind === 'event').map((c) => c.key)).toEqual([first.results[0]!.id, first.results[1]!.id, again.results[1]!.id]);
    expect(await count('events')).toBe(3);
    expect(await store.db.selectFrom('rma_state').select('number').where('number', '=', 'RMA10000024').execute()).toEqual([]);
  });

  it('stores an impossible fact as rejected, with its reason, and still acknowledges it', async () => {
    const s = await station();
    const r = pushAnswerSchema.parse((await push(s.token, s.id, [dockEvent(s.id, 1, 'RMA10000073'), dockEvent(s.id, 2, 'RMA10000073', 'package_refused')])).json());
    expect(r.ackStationSeq).toBe(2);
    expect(r.results.map((x) => [x.status, x.reason])).toEqual([['rejected', 'unknown_rma'], ['accepted', undefined]]);
    const rejected = await app.inject({ method: 'GET', url: '/api/v1/admin/rejected', headers: admin });
    expect(rejected.json()).toMatchObject([{ station_seq: 1, reason: 'unknown_rma' }]);
    const page = await pull(s.token);
    expect(page.changes.map((c) => [c.kind, (c.data as { status: string }).status])).toEqual([['event', 'rejected'], ['event', 'accepted']]);
  });

  it('rejects a fact the recording person’s role may not record (roles, issue 5)', async () => {
    const s = await station();
    const accept = dockEvent(s.id, 1, null, 'package_refused');
    const envelope = { stationId: s.id, clientTs: accept.clientTs, schemaVersion: 1, rmaNumber: 'RMA10000016' };
    const unitId = uuidv7();
    const logged = { ...envelope, id: uuidv7(), stationSeq: 2, actor: { name: 'Dana', role: 'dock' }, type: 'item_logged', payload: { unitId, packageId: (accept.payload as { packageId: string }).packageId, sku: 'IP8M-2496EB', serial: null } };
    const byInspector = { ...logged, id: uuidv7(), stationSeq: 3, actor: { name: 'Ines', role: 'inspector' }, payload: { ...logged.payload, unitId: uuidv7() } };
    const override = {
      ...envelope,
      id: uuidv7(),
      stationSeq: 4,
      actor: { name: 'Ines', role: 'inspector' },
      type: 'override_recorded',
      payload: { unitId, decisionId: uuidv7(), outcome: 'refund', reason: 'customer is a friend of the boss' },
    };
    const r = pushAnswerSchema.parse((await push(s.token, s.id, [accept, logged, byInspector, override] as never)).json());
    expect(r.results.map((x) => [x.status, x.reason])).toEqual([
      ['accepted', undefined],
      ['rejected', 'role_not_allowed'],
      ['accepted', undefined],
      ['rejected', 'role_not_allowed'],
    ]);
  });

  it('a fact from a newer app than the server is refused by name, and nothing of its batch is kept', async () => {
    const s = await station();
    const newer = { ...dockEvent(s.id, 2, null, 'package_refused'), schemaVersion: EVENT_SCHEMA_VERSION + 1, type: 'package_weighed', payload: { grams: 900 } };
    const r = await push(s.token, s.id, [dockEvent(s.id, 1, null, 'package_refused'), newer as unknown as StationEvent]);
    expect(r.statusCode).toBe(400);
    expect(r.json<{ message: string }>().message).toBe(
      `events[1] was recorded by a newer app (fact version ${EVENT_SCHEMA_VERSION + 1}; this server reads up to ${EVENT_SCHEMA_VERSION}): update the server — the station keeps its facts until then`,
    );
    expect(await count('events')).toBe(0);
  });

  it('refuses forged pushes and writes nothing', async () => {
    const a = await station('A');
    const b = await station('B');
    const count0 = await count('events');
    expect((await push(a.token, b.id, [dockEvent(b.id, 1, null, 'package_refused')])).statusCode).toBe(403);
    expect((await push(a.token, a.id, [dockEvent(b.id, 1, null, 'package_refused')])).statusCode).toBe(403);
    expect((await push('not-a-token', a.id, [dockEvent(a.id, 1, null, 'package_refused')])).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/sync/push', payload: { stationId: a.id, events: [] } })).statusCode).toBe(401);
    // Without a token the body is not even read: neither its size nor its syntax is answered.
    const unread = { 'content-type': 'application/json', authorization: 'Bearer forged', origin: 'app://returns-dock' };
    const early = await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: unread, payload: '{"stationId": ' });
    expect(early.statusCode).toBe(401);
    expect(early.headers['access-control-allow-origin']).toBe('app://returns-dock'); // so the station can read why
    expect((await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: unread, payload: 'x'.repeat(2_000_000) })).statusCode).toBe(401);
    // The first wrong field is named with its event's place in the batch, and the good events
    // before it are not kept either.
    const malformed = { ...dockEvent(a.id, 3, null, 'package_refused'), payload: { reason: 'because' } };
    const bad = await push(a.token, a.id, [dockEvent(a.id, 1, null, 'package_refused'), dockEvent(a.id, 2, null, 'package_refused'), malformed as unknown as StationEvent]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/^events\[2\]\.payload\.packageId: is required/);
    const tooMany = Array.from({ length: 501 }, (_, i) => dockEvent(a.id, i + 1, null, 'package_refused'));
    expect((await push(a.token, a.id, tooMany)).statusCode).toBe(400);
    const huge = [{ ...dockEvent(a.id, 1, null, 'package_refused'), actor: { name: 'x'.repeat(2_000_000), role: 'dock' } }];
    expect((await push(a.token, a.id, huge as StationEvent[])).statusCode).toBe(413);
    expect((await app.inject({ method: 'POST', url: '/api/v1/admin/stations', payload: { name: 'x' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: as(a.token), payload: { name: 'x' } })).statusCode).toBe(403);
    expect(await count('events')).toBe(count0);
  });

  it('pulls in serverSeq order, in pages, and a re-pulled page is the same', async () => {
    await importFixture();
    const s = await station();
    await push(s.token, s.id, [1, 2, 3, 4, 5].map((n) => dockEvent(s.id, n, n % 2 ? 'RMA10000024' : null, n % 2 ? 'package_accepted' : 'package_refused')));
    const all = await pull(s.token, 0, 5000);
    const seqs = all.changes.map((c) => c.serverSeq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(all.changes.filter((c) => c.kind === 'rma')).toHaveLength(fixtureRmas.length);

    const pages = [];
    let cursor = 0;
    for (;;) {
      const page = await pull(s.token, cursor, 4);
      pages.push(...page.changes);
      cursor = page.nextCursor;
      if (!page.more) break;
    }
    expect(pages).toEqual(all.changes);
    expect(await pull(s.token, 4, 4)).toEqual(await pull(s.token, 4, 4));
    expect(await pull(s.token, 1_000_000)).toMatchObject({ changes: [], resetRequired: true });
  });

  it('a server restored from a backup tells a station that pulled past it to pull again, though its numbers have caught up', async () => {
    await importFixture();
    const s = await station();
    await push(s.token, s.id, [1, 2].map((n) => dockEvent(s.id, n, 'RMA10000024')));
    const first = await pull(s.token);
    // Going on from a cursor, with the tag it came with: nothing new, and the same tag back.
    expect(await pull(s.token, first.nextCursor, 1000, app, first.cursorTag!)).toMatchObject({ changes: [], resetRequired: false, nextCursor: first.nextCursor, cursorTag: first.cursorTag });
    expect(await pull(s.token, first.nextCursor, 1000, app, first.cursorTag! + 1)).toMatchObject({ changes: [], resetRequired: true, nextCursor: 0 });

    const backup = await backUp(store);
    await push(s.token, s.id, [3, 4, 5].map((n) => dockEvent(s.id, n, 'RMA10000024')));
    const seen = await pull(s.token, first.nextCursor, 1000, app, first.cursorTag!);
    expect(seen.changes.filter((c) => c.kind === 'event')).toHaveLength(3);

    await restoreFrom(store, backup);
    expect(await pull(s.token, seen.nextCursor, 1000, app, seen.cursorTag!)).toMatchObject({ resetRequired: true });
    // Other facts take the lost numbers, and one more: the station's cursor is behind the server again.
    const other = await station('Dock door 2');
    expect((await push(other.token, other.id, [1, 2, 3, 4, 5, 6].map((n) => dockEvent(other.id, n, null, 'package_refused')))).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).json<{ serverSeq: number }>().serverSeq).toBeGreaterThan(seen.nextCursor);
    expect(await pull(s.token, seen.nextCursor, 1000, app, seen.cursorTag!)).toMatchObject({ changes: [], resetRequired: true });
    const again = await pull(s.token, 0);
    expect(again.changes.filter((c) => c.kind === 'event').map((c) => (c.data as { event: StationEvent }).event.stationId)).toEqual([s.id, s.id, ...Array(6).fill(other.id)]);
  });

  it('lists the stations for a supervisor, renames one, and the station hears its new name', async () => {
    const s = await station('Dock door 1');
    const created = (await app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: admin, payload: { name: 'Bench 2' } })).json<{ id: string }>();
    await push(s.token, s.id, [1, 2].map((n) => dockEvent(s.id, n, null, 'package_refused')));
    const list = async () => (await app.inject({ method: 'GET', url: '/api/v1/admin/stations', headers: admin })).json<{ id: string; name: string; lastAck: number; enrolled: boolean }[]>();
    expect((await list()).map(({ id, name, lastAck, enrolled }) => ({ id, name, lastAck, enrolled }))).toEqual([
      { id: s.id, name: 'Dock door 1', lastAck: 2, enrolled: true },
      { id: created.id, name: 'Bench 2', lastAck: 0, enrolled: false },
    ]);

    const renamed = await app.inject({ method: 'PUT', url: `/api/v1/admin/stations/${s.id}`, headers: admin, payload: { name: '  Dock door 1 (north)  ' } });
    expect(renamed.json()).toEqual({ id: s.id, name: 'Dock door 1 (north)' });
    expect((await list())[0]).toMatchObject({ name: 'Dock door 1 (north)' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/sync/status', headers: as(s.token) })).json()).toEqual({ stationId: s.id, name: 'Dock door 1 (north)', lastAck: 2 });

    expect((await app.inject({ method: 'PUT', url: `/api/v1/admin/stations/${uuidv7()}`, headers: admin, payload: { name: 'X' } })).statusCode).toBe(404);
    const blank = await app.inject({ method: 'PUT', url: `/api/v1/admin/stations/${s.id}`, headers: admin, payload: { name: ' ' } });
    expect(blank.json()).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/^name: /) });
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/stations' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/stations', headers: as(s.token) })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: `/api/v1/admin/stations/${s.id}`, headers: as(s.token), payload: { name: 'Mine now' } })).statusCode).toBe(403);
    expect((await list())[0]).toMatchObject({ name: 'Dock door 1 (north)' });
  });

  it('shows a station it holds its token without being sent it, and says nothing of stations it does not hold', async () => {
    const s = await station('Dock door 1');
    const nonce = 'ab'.repeat(32);
    const prove = (id: string, body: unknown) => app.inject({ method: 'POST', url: `/api/v1/stations/${id}/proof`, payload: body as object });
    const answered = await prove(s.id, { nonce });
    expect(answered.json()).toEqual({ proof: stationProof(tokenHashOf(s.token), nonce) });
    expect((await prove(s.id, { nonce: 'cd'.repeat(32) })).json<{ proof: string }>().proof).not.toBe(answered.json<{ proof: string }>().proof);
    expect((await prove(uuidv7(), { nonce })).json()).toEqual({ error: 'not_found', message: NO_LINKED_STATION });
    expect((await prove(s.id, { nonce: 'not hex' })).json()).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/^nonce: /) });
    await app.inject({ method: 'POST', url: `/api/v1/admin/stations/${s.id}/unlink`, headers: admin });
    expect((await prove(s.id, { nonce })).statusCode).toBe(404);
  });

  it('says when each station last synced, to the minute; an unlinked station’s token stops working and its facts stay', async () => {
    let clock = new Date('2026-11-30T08:00:30Z');
    const on = buildServer({ store, adminToken: ADMIN, now: () => clock });
    try {
      const s = await station('Dock door 1', on);
      const seen = async () => (await on.inject({ method: 'GET', url: '/api/v1/admin/stations', headers: admin })).json<{ lastSeenAt: string | null; enrolled: boolean; lastAck: number }[]>()[0]!;
      expect((await seen()).lastSeenAt).toBeNull();
      const status = () => on.inject({ method: 'GET', url: '/api/v1/sync/status', headers: as(s.token) });
      await status();
      expect((await seen()).lastSeenAt).toBe('2026-11-30T08:00:00.000Z');
      clock = new Date('2026-11-30T08:00:59Z');
      await status();
      expect((await seen()).lastSeenAt).toBe('2026-11-30T08:00:00.000Z');
      clock = new Date('2026-11-30T09:12:05Z');
      await status();
      expect((await seen()).lastSeenAt).toBe('2026-11-30T09:12:00.000Z');

      expect((await push(s.token, s.id, [dockEvent(s.id, 1, null, 'package_refused')], on)).statusCode).toBe(200);
      expect((await on.inject({ method: 'POST', url: `/api/v1/admin/stations/${s.id}/unlink`, headers: as(s.token) })).statusCode).toBe(403);
      expect((await on.inject({ method: 'POST', url: `/api/v1/admin/stations/${uuidv7()}/unlink`, headers: admin })).statusCode).toBe(404);
      const unlinked = await on.inject({ method: 'POST', url: `/api/v1/admin/stations/${s.id}/unlink`, headers: admin });
      expect(unlinked.json()).toEqual({ id: s.id, linked: false });
      expect((await status()).statusCode).toBe(401);
      expect((await push(s.token, s.id, [dockEvent(s.id, 2, null, 'package_refused')], on)).statusCode).toBe(401);
      expect(await seen()).toMatchObject({ enrolled: false, lastAck: 1, lastSeenAt: '2026-11-30T09:12:00.000Z' });
      expect(await count('events')).toBe(1);
    } finally {
      await on.close();
    }
  });

  it('keeps the storage each station says as it asks its status; a muddled figure is refused in words and nothing is noted', async () => {
    let clock = new Date('2026-11-30T08:00:30Z');
    const on = buildServer({ store, adminToken: ADMIN, now: () => clock });
    try {
      const s = await station('Bench 1', on);
      const listed = async () => (await on.inject({ method: 'GET', url: '/api/v1/admin/stations', headers: admin })).json<{ storage: unknown; lastSeenAt: string | null }[]>()[0]!;
      const status = (query: string) => on.inject({ method: 'GET', url: `/api/v1/sync/status${query}`, headers: as(s.token) });
      // A station whose browser says nothing of its storage.
      expect((await status('')).statusCode).toBe(200);
      expect(await listed()).toMatchObject({ storage: null, lastSeenAt: '2026-11-30T08:00:00.000Z' });
      clock = new Date('2026-11-30T08:05:00Z');
      expect((await status('?storageUsed=9000000000&storageQuota=10000000000')).statusCode).toBe(200);
      expect((await listed()).storage).toEqual({ used: 9_000_000_000, quota: 10_000_000_000 });

      clock = new Date('2026-11-30T08:10:00Z');
      for (const [query, words] of [
        ['?storageUsed=lots&storageQuota=10', 'storageUsed: must be a number'],
        ['?storageUsed=-1&storageQuota=10', 'storageUsed: '],
        ['?storageUsed=5', 'storageUsed and storageQuota go together'],
      ] as const) {
        const r = await status(query);
        expect(r.statusCode).toBe(400);
        expect(r.json<{ message: string }>().message).toContain(words);
      }
      expect(await listed()).toMatchObject({ storage: { used: 9_000_000_000, quota: 10_000_000_000 }, lastSeenAt: '2026-11-30T08:05:00.000Z' });
    } finally {
      await on.close();
    }
  });

  it('keeps both facts when two stations accept for the same RMA, and raises an exception', async () => {
    await importFixture();
    const a = await station('A');
    const b = await station('B');
    // RMA10000016 authorises one unit; both stations accepted a package for it while offline.
    await push(a.token, a.id, [dockEvent(a.id, 1, 'RMA10000016')]);
    await push(b.token, b.id, [dockEvent(b.id, 1, 'RMA10000016'), dockEvent(b.id, 2, 'RMA10000032')]);
    expect(await count('events')).toBe(3);
    const exceptions = (await app.inject({ method: 'GET', url: '/api/v1/admin/exceptions', headers: admin })).json<{ kind: string; rma_number: string }[]>();
    expect(exceptions.map((x) => [x.kind, x.rma_number])).toEqual([
      ['more_packages_than_authorised', 'RMA10000016'],
      ['event_for_inactive_rma', 'RMA10000032'],
    ]);
    const seen = await pull(a.token);
    expect(seen.changes.filter((c) => c.kind === 'exception')).toHaveLength(2);
    // Each fact comes with its station's name: where the box is.
    expect(seen.changes.filter((c) => c.kind === 'event').map((c) => (c.data as { stationName: string }).stationName)).toEqual(['A', 'B', 'B']);
  });

  it('a day offline sent in one push derives what the same facts sent one by one derive', async () => {
    await importFixture();
    /** A dock door's and a bench's day on one station: accepts, an undo done twice, one serial counted twice, a resolution. */
    const day = (stationId: string): StationEvent[] => {
      let seq = 0;
      const fact = (type: string, rmaNumber: string | null, payload: object, role = 'dock') =>
        ({ ...dockEvent(stationId, ++seq, rmaNumber), actor: { name: 'Dana', role }, schemaVersion: EVENT_SCHEMA_VERSION, type, payload }) as StationEvent;
      const a1 = dockEvent(stationId, ++seq, 'RMA10000016');
      const a2 = dockEvent(stationId, ++seq, 'RMA10000016');
      const cancelled = dockEvent(stationId, ++seq, 'RMA10000032');
      const nvrBox = dockEvent(stationId, ++seq, 'RMA10000024');
      const box = (nvrBox.payload as { packageId: string }).packageId;
      const facts: StationEvent[] = [
        a1,
        a2,
        cancelled,
        nvrBox,
        fact('item_logged', 'RMA10000024', { unitId: uuidv7(), packageId: box, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, 'inspector'),
        fact('item_logged', 'RMA10000024', { unitId: uuidv7(), packageId: box, sku: 'NV4108E-HS', serial: 'AMC9Z8Y7X6W5V4' }, 'inspector'),
        fact('event_voided', 'RMA10000016', { eventId: a2.id, reason: 'Scanned twice' }),
        fact('event_voided', 'RMA10000016', { eventId: a2.id, reason: 'Scanned twice, again' }),
        fact('exception_resolved', 'RMA10000016', { exceptionId: exceptionIdFor('more_packages_than_authorised', a2.id), note: 'One box: the second scan was undone.' }, 'supervisor'),
        dockEvent(stationId, ++seq, 'RMA10000016'),
      ];
      return facts;
    };
    const derived = async (on: FastifyInstance, onStore: Store) => {
      const exceptions = (await on.inject({ method: 'GET', url: '/api/v1/admin/exceptions', headers: admin })).json<{ kind: string; rma_number: string; resolution: unknown }[]>();
      const states = await onStore.db.selectFrom('rma_state').select(['number', 'lifecycle', 'packages_accepted']).orderBy('number').execute();
      return { exceptions: exceptions.map((x) => [x.kind, x.rma_number, x.resolution === null ? 'open' : 'resolved']), states };
    };

    const one = await station('One push');
    const together = day(one.id);
    expect(pushAnswerSchema.parse((await push(one.token, one.id, together)).json()).results.map((r) => r.status)).toEqual(together.map(() => 'accepted'));
    const inOnePush = await derived(app, store);
    expect(inOnePush.exceptions).toEqual([
      ['more_packages_than_authorised', 'RMA10000016', 'resolved'],
      ['event_for_inactive_rma', 'RMA10000032', 'open'],
      ['serial_counted_twice', 'RMA10000024', 'open'],
      ['more_packages_than_authorised', 'RMA10000016', 'open'],
    ]);
    expect(inOnePush.states).toEqual([
      { number: 'RMA10000016', lifecycle: 'receiving', packages_accepted: 2 },
      { number: 'RMA10000024', lifecycle: 'receiving', packages_accepted: 1 },
      { number: 'RMA10000032', lifecycle: 'receiving', packages_accepted: 1 },
    ]);

    // The same day on another server, one fact a push.
    const other = await kind.fresh();
    const otherApp = buildServer({ store: other.store, adminToken: ADMIN });
    try {
      await otherApp.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv });
      const apart = await station('One by one', otherApp);
      for (const fact of day(apart.id)) expect((await push(apart.token, apart.id, [fact], otherApp)).statusCode).toBe(200);
      expect(await derived(otherApp, other.store)).toEqual(inOnePush);
    } finally {
      await otherApp.close();
      await other.store.close();
      await other.cleanup();
    }
  });

  it('a supervisor’s resolution takes an exception off the open list at every station; a second one is kept and changes nothing', async () => {
    await importFixture();
    const a = await station('A');
    const b = await station('B');
    await push(a.token, a.id, [dockEvent(a.id, 1, 'RMA10000016')]);
    await push(b.token, b.id, [dockEvent(b.id, 1, 'RMA10000016')]);
    const listed = async (state?: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/admin/exceptions${state ? `?state=${state}` : ''}`, headers: admin })).json<{ id: string; resolution: { by: string; note: string } | null }[]>();
    const [raised] = await listed('open');
    const cursor = (await pull(a.token)).nextCursor;
    const supervisor = { name: 'Ada Supervisor', role: 'supervisor' as const };
    const resolution = (stationId: string, stationSeq: number, exceptionId: string, note: string): StationEvent => ({
      ...dockEvent(stationId, stationSeq, 'RMA10000016'),
      actor: supervisor,
      schemaVersion: 2,
      type: 'exception_resolved',
      payload: { exceptionId, note },
    });

    // A resolution of an exception not raised is kept: after a restore it may come before the fact that raises it again.
    const answer = pushAnswerSchema.parse(
      (await push(a.token, a.id, [resolution(a.id, 2, raised!.id, 'Second box was a duplicate shipment; sent back.'), resolution(a.id, 3, uuidv7(), 'No such exception here.')])).json(),
    );
    expect(answer.results.map((r) => [r.status, r.reason])).toEqual([['accepted', undefined], ['accepted', undefined]]);
    // B resolved it too, offline: its fact is kept, the first resolution stands.
    expect(pushAnswerSchema.parse((await push(b.token, b.id, [resolution(b.id, 2, raised!.id, 'Called the customer about it.')])).json()).results[0]!.status).toBe('accepted');

    expect(await listed('open')).toEqual([]);
    expect(await listed('resolved')).toMatchObject([{ id: raised!.id, station_id: b.id, station_name: 'B', resolution: { by: 'Ada Supervisor', note: 'Second box was a duplicate shipment; sent back.' } }]);
    expect(await listed()).toHaveLength(1);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/admin/exceptions?state=closed', headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/^state: must be one of/);

    // Every station pulls the exception once more, resolved; the exception was published once.
    const after = (await pull(b.token, cursor)).changes.filter((c) => c.kind === 'exception');
    expect(after).toHaveLength(1);
    expect(serverExceptionSchema.parse(after[0]!.data)).toMatchObject({ id: raised!.id, kind: 'more_packages_than_authorised', stationId: b.id, details: { accepted: 2, authorised: 1 }, resolution: { note: 'Second box was a duplicate shipment; sent back.' } });
    expect(await count('events')).toBe(5);
  });

  it('raised again after a restore, an exception keeps its id, and a resolution sent again before its fact settles it as it is raised', async () => {
    await importFixture();
    const a = await station('A');
    const b = await station('B');
    const backup = await backUp(store);
    const first = dockEvent(a.id, 1, 'RMA10000016');
    const second = dockEvent(b.id, 1, 'RMA10000016');
    await push(a.token, a.id, [first]);
    await push(b.token, b.id, [second]);
    const listed = async () => (await app.inject({ method: 'GET', url: '/api/v1/admin/exceptions', headers: admin })).json<{ id: string; resolution: { note: string } | null }[]>();
    const [raised] = await listed();
    expect(raised!.id).toBe(exceptionIdFor('more_packages_than_authorised', second.id));
    const fix: StationEvent = { ...dockEvent(a.id, 2, 'RMA10000016'), actor: { name: 'Ada', role: 'supervisor' }, schemaVersion: 2, type: 'exception_resolved', payload: { exceptionId: raised!.id, note: 'Second box was a duplicate; sent back.' } };
    await push(a.token, a.id, [fix]);

    // Restored from before all three; A sends its two again first, then B its accept.
    await restoreFrom(store, backup);
    const cursor = (await pull(a.token)).nextCursor;
    expect(pushAnswerSchema.parse((await push(a.token, a.id, [first, fix])).json()).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(await listed()).toEqual([]);
    await push(b.token, b.id, [second]);
    expect(await listed()).toMatchObject([{ id: raised!.id, resolution: { note: 'Second box was a duplicate; sent back.' } }]);
    // Published once, already resolved: no station shows it open even for a moment.
    const published = (await pull(a.token, cursor)).changes.filter((c) => c.kind === 'exception');
    expect(published.map((c) => serverExceptionSchema.parse(c.data))).toMatchObject([{ id: raised!.id, resolution: { by: 'Ada', note: 'Second box was a duplicate; sent back.' } }]);
  });

  it('after a restore, an accept for an RMA no longer open is settled by a resolution sent again before it', async () => {
    await importFixture();
    const a = await station('A');
    const b = await station('B');
    const backup = await backUp(store);
    // RMA10000032 is cancelled: its one accept, within its one unit, raises an exception for that alone.
    const accept = dockEvent(b.id, 1, 'RMA10000032');
    await push(b.token, b.id, [accept]);
    const id = exceptionIdFor('event_for_inactive_rma', accept.id);
    const fix: StationEvent = { ...dockEvent(a.id, 1, 'RMA10000032'), actor: { name: 'Ada', role: 'supervisor' }, schemaVersion: 2, type: 'exception_resolved', payload: { exceptionId: id, note: 'Customer told; box returned.' } };
    await push(a.token, a.id, [fix]);

    await restoreFrom(store, backup);
    await push(a.token, a.id, [fix]);
    await push(b.token, b.id, [accept]);
    const listed = (await app.inject({ method: 'GET', url: '/api/v1/admin/exceptions', headers: admin })).json<{ id: string; resolution: { note: string } | null }[]>();
    expect(listed).toMatchObject([{ id, resolution: { note: 'Customer told; box returned.' } }]);
  });

  it('lists RMAs by where they stand: open, receiving once a box is accepted, with voids taken off', async () => {
    await importFixture();
    const s = await station();
    const accepted = dockEvent(s.id, 1, 'RMA10000024');
    await push(s.token, s.id, [accepted, dockEvent(s.id, 2, 'RMA10000016')]);
    const voided = (seq: number, rmaNumber: string): StationEvent => ({ ...dockEvent(s.id, seq, rmaNumber), type: 'event_voided', payload: { eventId: accepted.id, reason: 'undo' } });
    // A void naming another RMA than the accept it voids, or voiding it again, is kept, and takes nothing more off.
    const voids = [voided(3, 'RMA10000016'), voided(4, 'RMA10000024'), voided(5, 'RMA10000024')];
    expect(pushAnswerSchema.parse((await push(s.token, s.id, voids)).json()).results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url, headers: admin });
      return { status: r.statusCode, body: r.json<{ rmas: { number: string; lifecycle: string; packagesAccepted: number; status: string }[]; next: string | null; message?: string }>() };
    };

    expect((await get('/api/v1/admin/rmas?lifecycle=receiving')).body).toEqual({
      rmas: [
        { number: 'RMA10000016', status: 'open', version: expect.any(Number), lifecycle: 'receiving', packagesAccepted: 1 },
        // Undone at the dock: nothing accepted any more, but boxes were being received.
        { number: 'RMA10000024', status: 'open', version: expect.any(Number), lifecycle: 'receiving', packagesAccepted: 0 },
      ],
      next: null,
    });
    const first = (await get('/api/v1/admin/rmas?lifecycle=open&limit=2')).body;
    expect(first.rmas.map((r) => [r.number, r.status, r.lifecycle])).toEqual([
      ['RMA10000032', 'cancelled', 'open'],
      ['RMA10000040', 'closed', 'open'],
    ]);
    const rest = (await get(`/api/v1/admin/rmas?lifecycle=open&limit=2&after=${first.next}`)).body;
    expect([rest.rmas.map((r) => r.number), rest.next]).toEqual([['RMA10000057', 'RMA10000065'], null]);
    expect((await get('/api/v1/admin/rmas')).body.rmas).toHaveLength(6);
    expect(await app.inject({ method: 'GET', url: '/api/v1/admin/rmas/RMA10000016', headers: admin }).then((r) => r.json<unknown>())).toMatchObject({ version: expect.any(Number), lifecycle: 'receiving', packagesAccepted: 1, rma: { number: 'RMA10000016' } });

    expect(await get('/api/v1/admin/rmas?lifecycle=shipped')).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^lifecycle: must be one of/) } });
    expect(await get('/api/v1/admin/rmas?limit=0')).toMatchObject({ status: 400, body: { message: 'limit: must be at least 1' } });
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/rmas', headers: as(s.token) })).statusCode).toBe(403);
  });

  it('a dock worker or inspector cannot resolve an exception', async () => {
    await importFixture();
    const a = await station('A');
    await push(a.token, a.id, [dockEvent(a.id, 1, 'RMA10000016'), dockEvent(a.id, 2, 'RMA10000016')]);
    const [raised] = (await app.inject({ method: 'GET', url: '/api/v1/admin/exceptions?state=open', headers: admin })).json<{ id: string }[]>();
    const byInspector: StationEvent = { ...dockEvent(a.id, 3, 'RMA10000016'), actor: { name: 'Ian', role: 'inspector' }, schemaVersion: 2, type: 'exception_resolved', payload: { exceptionId: raised!.id, note: 'Looked at it and it is fine.' } };
    expect(pushAnswerSchema.parse((await push(a.token, a.id, [byInspector])).json()).results[0]).toMatchObject({ status: 'rejected', reason: 'role_not_allowed' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/exceptions?state=open', headers: admin })).json()).toHaveLength(1);
  });

  it('removes a catalog entry against its version: a tombstone every station pulls, and it can be made anew', async () => {
    const s = await station();
    const entry = { sku: 'PS12V2A', description: 'Power supply', kind: 'accessory' };
    const created = (await app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/PS12V2A', headers: admin, payload: { entry, baseVersion: null } })).json<{ version: number }>();
    const cursor = (await pull(s.token)).nextCursor;
    const remove = (query: string, key = 'PS12V2A') => app.inject({ method: 'DELETE', url: `/api/v1/admin/catalog/${key}${query}`, headers: admin });

    expect((await remove('')).json()).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/^baseVersion: /) });
    const stale = await remove(`?baseVersion=${created.version + 5}`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'version_conflict', current: { version: created.version, value: { sku: 'PS12V2A' } } });
    expect((await remove(`?baseVersion=1`, 'NOPE')).json()).toEqual({ error: 'not_found', message: 'no entry NOPE' });
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/admin/catalog/PS12V2A?baseVersion=${created.version}`, headers: as(s.token) })).statusCode).toBe(403);

    const removed = await remove(`?baseVersion=${created.version}`);
    expect(removed.json()).toEqual({ key: 'PS12V2A', version: expect.any(Number), removed: true });
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/catalog', headers: admin })).json()).toEqual([]);
    expect((await remove(`?baseVersion=${removed.json<{ version: number }>().version}`)).statusCode).toBe(404);
    const page = await pull(s.token, cursor);
    expect(page.changes.map((c) => [c.kind, c.key, c.deleted])).toEqual([['catalog', 'PS12V2A', true]]);

    const again = await app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/PS12V2A', headers: admin, payload: { entry, baseVersion: null } });
    expect(again.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/catalog', headers: admin })).json()).toMatchObject([{ value: { sku: 'PS12V2A' } }]);
  });

  it('imports the catalog from a file: added, updated, left alone when unchanged; only changes reach the stations', async () => {
    const catalogCsv = readFileSync(new URL('../../fixtures/catalog.csv', import.meta.url), 'utf8');
    const importCatalog = async (payload: string, type = 'text/csv', headers = admin) => {
      const r = await app.inject({ method: 'POST', url: '/api/v1/admin/catalog/import', headers: { ...headers, 'content-type': type }, payload });
      return { status: r.statusCode, body: r.json<{ added: number; updated: number; unchanged: number; problems: { where: string }[] }>() };
    };
    const s = await station();
    // A removed entry is made anew by the import.
    const removedEarlier = (await app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/AD410', headers: admin, payload: { entry: { sku: 'AD410', description: 'Doorbell', kind: 'product' }, baseVersion: null } })).json<{ version: number }>();
    await app.inject({ method: 'DELETE', url: `/api/v1/admin/catalog/AD410?baseVersion=${removedEarlier.version}`, headers: admin });
    const before = (await pull(s.token)).nextCursor;

    expect(await importCatalog(catalogCsv)).toEqual({ status: 200, body: { added: 6, updated: 0, unchanged: 0, problems: [] } });
    const listed = (await app.inject({ method: 'GET', url: '/api/v1/admin/catalog', headers: admin })).json<{ value: { sku: string; warrantyMonths?: number } }[]>();
    expect(listed.map((e) => e.value.sku)).toEqual(['AD410', 'ASH21-B', 'IP8M-2496EB', 'MB-WALL-2', 'NV4108E-HS', 'PS12V2A']);
    const first = await pull(s.token, before);
    expect(first.changes.map((c) => [c.kind, c.key, c.deleted])).toHaveLength(6);
    expect(first.changes.find((c) => c.key === 'NV4108E-HS')!.data).toMatchObject({ warrantyMonths: 24, barcodes: ['693927800459', '693927800787'] });

    // The same file again changes nothing a station would pull.
    expect((await importCatalog(catalogCsv)).body).toEqual({ added: 0, updated: 0, unchanged: 6, problems: [] });
    expect((await pull(s.token, first.nextCursor)).changes).toEqual([]);

    // One term changed, as JSON: one entry updated, one change to pull; entries not in the file stay.
    const changed = [{ sku: 'PS12V2A', description: '12 V 2 A power supply', kind: 'accessory', warrantyMonths: 6 }];
    expect((await importCatalog(JSON.stringify(changed), 'application/json')).body).toEqual({ added: 0, updated: 1, unchanged: 0, problems: [] });
    expect((await pull(s.token, first.nextCursor)).changes.map((c) => [c.key, (c.data as { warrantyMonths?: number }).warrantyMonths])).toEqual([['PS12V2A', 6]]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/catalog', headers: admin })).json()).toHaveLength(6);
  });

  it("a catalog file with problems: the good rows are taken, the rest named; a station's token imports nothing", async () => {
    const s = await station();
    const withProblems = readFileSync(new URL('../../fixtures/catalog-with-problems.csv', import.meta.url), 'utf8');
    const changes = await count('changes');
    const refused = await app.inject({ method: 'POST', url: '/api/v1/admin/catalog/import', headers: { ...as(s.token), 'content-type': 'text/csv' }, payload: withProblems });
    expect(refused.statusCode).toBe(403);
    expect(await count('changes')).toBe(changes);

    const r = await app.inject({ method: 'POST', url: '/api/v1/admin/catalog/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: withProblems });
    expect(r.json()).toMatchObject({ added: 1, updated: 0, unchanged: 0, problems: [{ where: 'line 3' }, { where: 'line 4' }, { where: 'line 5' }, { where: 'line 7' }, { where: 'line 8' }, { where: 'line 9' }] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/catalog', headers: admin })).json()).toMatchObject([{ value: { sku: 'IP8M-2496EB', warrantyMonths: 24 } }]);
  });

  it('two imports of the same new catalog at once: each entry is counted added once', async () => {
    const catalogCsv = readFileSync(new URL('../../fixtures/catalog.csv', import.meta.url), 'utf8');
    const answers = await Promise.all(
      [1, 2].map(async () => (await app.inject({ method: 'POST', url: '/api/v1/admin/catalog/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: catalogCsv })).json<{ added: number; unchanged: number }>()),
    );
    expect(answers[0]!.added + answers[1]!.added).toBe(6);
    expect(answers[0]!.unchanged + answers[1]!.unchanged).toBe(6);
  });

  it('refuses an RMA edit based on an old version, answering the current data', async () => {
    await importFixture();
    const current = (await app.inject({ method: 'GET', url: '/api/v1/admin/rmas/RMA10000016', headers: admin })).json<{ version: number }>();
    const rma = { ...fixtureRmas[0]!, status: 'cancelled' };
    const ok = await app.inject({ method: 'PUT', url: '/api/v1/admin/rmas/RMA10000016', headers: admin, payload: { rma, baseVersion: current.version } });
    expect(ok.statusCode).toBe(200);
    const stale = await app.inject({ method: 'PUT', url: '/api/v1/admin/rmas/RMA10000016', headers: admin, payload: { rma, baseVersion: current.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'version_conflict', current: { version: ok.json<{ version: number }>().version, rma: { status: 'cancelled' } } });
    const bad = await app.inject({ method: 'PUT', url: '/api/v1/admin/rmas/RMA10000016', headers: admin, payload: { rma: { ...rma, issuedOn: '2026-02-30' }, baseVersion: null } });
    expect(bad.json()).toMatchObject({ error: 'bad_request', message: 'rma.issuedOn: must be a real date as YYYY-MM-DD' });
  });

  it('two supervisors saving the same thing at once: one is kept, the other hears of the conflict', async () => {
    await importFixture();
    const base = (await app.inject({ method: 'GET', url: '/api/v1/admin/rmas/RMA10000016', headers: admin })).json<{ version: number }>().version;
    const edits = ['cancelled', 'closed'].map((status) => ({ rma: { ...fixtureRmas[0]!, status }, baseVersion: base }));
    const rmaAnswers = await Promise.all(edits.map((payload) => app.inject({ method: 'PUT', url: '/api/v1/admin/rmas/RMA10000016', headers: admin, payload })));
    expect(rmaAnswers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const kept = rmaAnswers.find((a) => a.statusCode === 200)!.json<{ version: number }>().version;
    expect(rmaAnswers.find((a) => a.statusCode === 409)!.json()).toMatchObject({ current: { version: kept } });

    // Two new catalog entries under one SKU: the second is not a silent overwrite of the first.
    const entry = { sku: 'IP8M-2496EB', description: '4K PoE bullet camera', kind: 'product', barcodes: [] };
    const creations = [12, 24].map((warrantyMonths) => ({ entry: { ...entry, warrantyMonths }, baseVersion: null }));
    const entryAnswers = await Promise.all(creations.map((payload) => app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/IP8M-2496EB', headers: admin, payload })));
    expect(entryAnswers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
  });

  it('keeps the catalog and the users, each edit against the version it was based on', async () => {
    const entry = { sku: 'ip8m-2496eb', description: '4K PoE bullet camera', kind: 'product', warrantyMonths: 12, barcodes: ['036000291452'] };
    const created = await app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/IP8M-2496EB', headers: admin, payload: { entry, baseVersion: null } });
    expect(created.json()).toMatchObject({ key: 'IP8M-2496EB' });
    const version = created.json<{ version: number }>().version;
    const stale = await app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/IP8M-2496EB', headers: admin, payload: { entry: { ...entry, warrantyMonths: 24 }, baseVersion: version - 1 } });
    expect(stale.json()).toMatchObject({ error: 'version_conflict', current: { version, value: { warrantyMonths: 12 } } });
    const again = await app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/IP8M-2496EB', headers: admin, payload: { entry: { ...entry, warrantyMonths: 24 }, baseVersion: version } });
    expect(again.statusCode).toBe(200);
    const bad = await app.inject({ method: 'PUT', url: '/api/v1/admin/users/dana', headers: admin, payload: { user: { id: 'dana', name: 'Dana', role: 'boss' }, baseVersion: null } });
    expect(bad.json()).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/^user\.role: must be one of/) });
    const elsewhere = await app.inject({ method: 'PUT', url: '/api/v1/admin/users/dana', headers: admin, payload: { user: { id: 'sam', name: 'Sam', role: 'dock' }, baseVersion: null } });
    expect(elsewhere.json()).toEqual({ error: 'bad_request', message: 'user.id: sam differs from the address (dana)' });
    await app.inject({ method: 'PUT', url: '/api/v1/admin/users/dana', headers: admin, payload: { user: { id: 'dana', name: 'Dana Reyes', role: 'supervisor' }, baseVersion: null } });
    const users = (await app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: admin })).json();
    expect(users).toMatchObject([{ value: { id: 'dana', role: 'supervisor', active: true } }]);
    const s = await station();
    const kinds = (await pull(s.token)).changes.map((c) => [c.kind, c.key]);
    expect(kinds).toEqual([['catalog', 'IP8M-2496EB'], ['catalog', 'IP8M-2496EB'], ['user', 'dana']]);
  });

  it('two imports of the same new RMAs at once: each RMA is counted added once', async () => {
    const answers = await Promise.all([importFixture(), importFixture()]);
    expect(answers.map((a) => a.added + a.updated)).toEqual([6, 6]);
    expect(answers[0].added + answers[1].added).toBe(6);
  });

  it('imports the station export: updates, never duplicates, and lists problems', async () => {
    expect(await importFixture()).toEqual({ added: 6, updated: 0, problems: [] });
    expect(await importFixture()).toEqual({ added: 0, updated: 6, problems: [] });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: readFileSync(new URL('../../fixtures/rmas-with-problems.csv', import.meta.url), 'utf8') });
    expect(bad.json()).toMatchObject({ added: 0, updated: 2, problems: [{ where: 'line 3' }, { where: 'line 4' }, { where: 'line 5' }, { where: 'line 7' }] });
  });

  it('ten pushers and a puller at once: the puller sees every serverSeq once, in order', async () => {
    await importFixture();
    const stations = await Promise.all(Array.from({ length: 10 }, (_, i) => station(`S${i}`)));
    const base = await pull(stations[0]!.token, 0, 5000);
    let cursor = base.nextCursor;
    const seen: number[] = [];
    let pushing = true;
    const puller = (async () => {
      // Bounded: a puller that never caught up would fail the test, not hang it.
      for (let round = 0; round < 5000 && (pushing || cursor < (await pull(stations[0]!.token, cursor, 1)).nextCursor); round++) {
        const page = await pull(stations[0]!.token, cursor, 50);
        seen.push(...page.changes.map((c) => c.serverSeq));
        cursor = page.nextCursor;
        await new Promise((r) => setTimeout(r, 1)); // let the pushers' I/O run
      }
    })();
    await Promise.all(
      stations.map(async (s) => {
        for (let batch = 0; batch < 5; batch++) {
          const events = [1, 2, 3, 4].map((n) => dockEvent(s.id, batch * 4 + n, null, 'package_refused'));
          expect((await push(s.token, s.id, events)).statusCode).toBe(200);
        }
      }),
    );
    pushing = false;
    await puller;
    expect(seen).toEqual(seen.map((_, i) => base.nextCursor + i + 1));
    expect(seen).toHaveLength(200);
  });

  it('two server processes on one store converge', async () => {
    if (kind.name === 'sqlite') {
      // SQLite is one process per data folder: a second is refused, not raced.
      const refused = reopen();
      await expect(refused).rejects.toBeInstanceOf(StoreLockedError);
      await expect(refused).rejects.toThrow(/stop it first.*stopped abruptly keeps the folder for 15 seconds/);
      return;
    }
    const secondStore = await reopen();
    const second = buildServer({ store: secondStore, adminToken: ADMIN });
    try {
      await importFixture();
      const a = await station('A');
      const b = await station('B', second);
      await Promise.all([
        push(a.token, a.id, [1, 2, 3].map((n) => dockEvent(a.id, n, 'RMA10000024'))),
        push(b.token, b.id, [1, 2, 3].map((n) => dockEvent(b.id, n, 'RMA10000024')), second),
      ]);
      const one = await pull(a.token);
      const two = await pull(b.token, 0, 1000, second);
      expect(two).toEqual(one);
      expect(one.changes.filter((c) => c.kind === 'event')).toHaveLength(6);
    } finally {
      await second.close();
      await secondStore.close();
    }
  });

  it('migrations run once: reopening the store keeps everything', async () => {
    await importFixture();
    await app.close();
    await store.close();
    store = await reopen();
    app = buildServer({ store, adminToken: ADMIN });
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).json()).toEqual({ ok: true, store: kind.name, serverSeq: 6 });
    const migrations = await store.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    // Each migration recorded once, in order.
    expect(migrations).toEqual(Object.keys(await migrationProvider.getMigrations()).map((name) => ({ name })));
    expect(migrations[0]).toEqual({ name: '0001_sync_store' });
  });
});

describe.each(STORE_KINDS)('stores side by side on $name', (kind) => {
  // Two PostgreSQL schemas of one database (two test runs, a staging copy, another app using the
  // same migration library): each store migrates on its own.
  it('a fresh store migrates while another store of the same database exists', async () => {
    const first = await kind.fresh();
    try {
      const second = await kind.fresh();
      try {
        expect(await second.store.db.selectFrom('counter').select('value').execute()).toEqual([{ value: 0 }]);
      } finally {
        await second.store.close();
        await second.cleanup();
      }
    } finally {
      await first.store.close();
      await first.cleanup();
    }
  });
});

describe.each(STORE_KINDS)('serverSeq visibility on $name', (kind) => {
  it('a puller never sees a serverSeq while a smaller one is uncommitted', async () => {
    const { store, cleanup } = await kind.fresh();
    const app = buildServer({ store, adminToken: ADMIN });
    try {
      const admin = { authorization: `Bearer ${ADMIN}` };
      const created = (await app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: admin, payload: { name: 'S' } })).json<{ enrolCode: string }>();
      const localId = uuidv7();
      const token = (await app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: created.enrolCode, stationId: localId, lastSeq: 0 } })).json<{ token: string }>().token;
      const headers = { authorization: `Bearer ${token}` };
      const { takeServerSeqs } = await import('../../../server/store/sequence');

      // A deliberately slow transaction holds serverSeq 1 while pushes and pulls go on around it.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const slow = store.db.transaction().execute(async (trx) => {
        const { first, tag } = await takeServerSeqs(trx, 1);
        await trx.insertInto('changes').values({ server_seq: first, kind: 'rma', key: 'SLOW', deleted: 0, body: '{}', tag }).execute();
        await held;
      });
      await new Promise((r) => setTimeout(r, 50));
      const pushes = app.inject({ method: 'POST', url: '/api/v1/sync/push', headers, payload: { stationId: localId, events: [1, 2, 3].map((n) => dockEvent(localId, n, null, 'package_refused')) } });
      const early = kind.name === 'postgres' ? await app.inject({ method: 'GET', url: '/api/v1/sync/pull?after=0', headers }) : null;
      if (early) expect(early.json<{ changes: unknown[] }>().changes).toEqual([]); // nothing past the gap shows
      setTimeout(release, 200);
      await slow;
      expect((await pushes).statusCode).toBe(200);
      const page = (await app.inject({ method: 'GET', url: '/api/v1/sync/pull?after=0', headers })).json<{ changes: { serverSeq: number; key: string }[] }>();
      expect(page.changes.map((c) => c.serverSeq)).toEqual([1, 2, 3, 4]);
      expect(page.changes[0]!.key).toBe('SLOW');
    } finally {
      await app.close();
      await store.close();
      await cleanup();
    }
  });
});
