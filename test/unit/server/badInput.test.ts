import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { StationEvent } from '../../../shared/events';
import { dockEvent, serverEachTest, STORE_KINDS } from './stores';

const ADMIN = 'admin-secret-for-tests';
const csv = readFileSync(new URL('../../fixtures/rmas.csv', import.meta.url), 'utf8');

/** A small deterministic generator: the same requests every run, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

/** What a careless client, a broken script or a hostile one may put anywhere. */
const ODD_VALUES: readonly unknown[] = [null, 0, -1, 1e308, 'x', '', ' ', [], {}, [null], { a: 1 }, true, '\u0000', 'a\u0000b', 'line\nbreak', '2026-13-45', '../../etc', 'rma10000016', '9'.repeat(400), '\ud800'];

/** `value` with some of its fields dropped or replaced by odd values, at any depth. */
function damaged(value: unknown, g: ReturnType<typeof generator>, depth = 0): unknown {
  if (depth > 4) return g.pick(ODD_VALUES);
  if (Array.isArray(value)) return g.next() < 0.2 ? g.pick(ODD_VALUES) : (value as unknown[]).map((x) => (g.next() < 0.3 ? damaged(x, g, depth + 1) : x));
  if (value && typeof value === 'object') {
    if (g.next() < 0.1) return g.pick(ODD_VALUES);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(value)) {
      const r = g.next();
      if (r < 0.08) continue;
      out[k] = r < 0.35 ? damaged(x, g, depth + 1) : x;
    }
    if (g.next() < 0.05) out[g.pick(['extra', 'constructor', 'toString'])] = g.pick(ODD_VALUES);
    return out;
  }
  return g.next() < 0.4 ? g.pick(ODD_VALUES) : value;
}

describe.each(STORE_KINDS)('bad input to the sync server on $name', (kind) => {
  const server = serverEachTest(kind, ADMIN);
  const admin = { authorization: `Bearer ${ADMIN}` };

  async function enrolled() {
    const { app } = server;
    await app.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv });
    const created = (await app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: admin, payload: { name: 'Dock door 1' } })).json<{ id: string; enrolCode: string }>();
    const id = uuidv7();
    const token = (await app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code: created.enrolCode, stationId: id, lastSeq: 0 } })).json<{ token: string }>().token;
    return { id, token, headers: { authorization: `Bearer ${token}` } };
  }

  // PostgreSQL cannot store a NUL in text: each of these reached a query and failed there (500).
  it('a control character or a malformed key in an address or a name is refused, naming the field', async () => {
    const { app } = server;
    const s = await enrolled();
    const cases: { method: 'GET' | 'PUT' | 'POST' | 'DELETE'; url: string; payload?: object; headers?: Record<string, string>; message: RegExp }[] = [
      { method: 'POST', url: '/api/v1/admin/stations', payload: { name: 'Dock\u0000door' }, message: /^name: must not contain control characters/ },
      { method: 'PUT', url: `/api/v1/admin/stations/${s.id}`, payload: { name: 'Door\n2' }, message: /^name: must not contain control characters/ },
      { method: 'PUT', url: '/api/v1/admin/stations/a%00b', payload: { name: 'Door 2' }, message: /^id: / },
      { method: 'POST', url: '/api/v1/admin/stations/not-a-station/enrol-code', message: /^id: / },
      { method: 'GET', url: '/api/v1/admin/rmas/%00', message: /^number: is not an RMA number/ },
      { method: 'GET', url: '/api/v1/admin/rmas/RMA10000017', message: /^number: has a wrong check digit/ },
      { method: 'GET', url: '/api/v1/admin/rmas?after=%00', message: /^after: must not contain control characters/ },
      { method: 'PUT', url: '/api/v1/admin/catalog/a%00b', payload: { entry: { sku: 'a\u0000b', description: 'x', kind: 'accessory' }, baseVersion: null }, message: /^key: must not contain control characters/ },
      { method: 'DELETE', url: '/api/v1/admin/users/a%00b?baseVersion=1', message: /^key: must not contain control characters/ },
      {
        method: 'POST',
        url: '/api/v1/sync/push',
        headers: s.headers,
        payload: { stationId: s.id, events: [{ ...dockEvent(s.id, 1, null, 'package_refused'), rmaNumber: 'RMA\u000010000016' }] },
        message: /^events\[0\]\.rmaNumber: must not contain control characters/,
      },
    ];
    for (const c of cases) {
      const r = await app.inject({ method: c.method, url: c.url, headers: c.headers ?? admin, payload: c.payload });
      expect({ url: c.url, status: r.statusCode }).toEqual({ url: c.url, status: 400 });
      expect(r.json<{ message: string }>().message).toMatch(c.message);
    }
    // Read as the record's own key reads it: a SKU upper-cased, an RMA number normalised.
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/rmas/rma-1000-0016', headers: admin })).statusCode).toBe(200);
    const lower = await app.inject({ method: 'PUT', url: '/api/v1/admin/catalog/ps12v2a', headers: admin, payload: { entry: { sku: 'PS12V2A', description: 'Power supply', kind: 'accessory' }, baseVersion: null } });
    expect(lower.json()).toMatchObject({ key: 'PS12V2A' });
  });

  it('1,900 damaged requests: none fails the server, and nothing already recorded is lost', async () => {
    const { app, store } = server;
    const s = await enrolled();
    const kept = [dockEvent(s.id, 1, 'RMA10000016'), dockEvent(s.id, 2, null, 'package_refused')];
    expect((await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: s.headers, payload: { stationId: s.id, events: kept } })).statusCode).toBe(200);
    const rma = (await app.inject({ method: 'GET', url: '/api/v1/admin/rmas/RMA10000024', headers: admin })).json<{ rma: object; version: number }>();
    const supervisor = { name: 'Ada', role: 'supervisor' as const };
    const fact = (type: string, payload: object, schemaVersion = 1): StationEvent => ({ ...dockEvent(s.id, 3, 'RMA10000024'), actor: supervisor, type, payload, schemaVersion }) as StationEvent;
    const requests: { method: 'POST' | 'PUT'; url: string; headers: Record<string, string>; body: object }[] = [
      { method: 'POST', url: '/api/v1/sync/push', headers: s.headers, body: { stationId: s.id, events: [dockEvent(s.id, 3, 'RMA10000024')] } },
      { method: 'POST', url: '/api/v1/sync/push', headers: s.headers, body: { stationId: s.id, events: [fact('event_voided', { eventId: kept[0]!.id, reason: 'undo' })] } },
      { method: 'POST', url: '/api/v1/sync/push', headers: s.headers, body: { stationId: s.id, events: [fact('exception_resolved', { exceptionId: uuidv7(), note: 'Called the customer.' }, 2)] } },
      { method: 'POST', url: '/api/v1/stations/enrol', headers: {}, body: { code: 'K7MPQ2XW9R', stationId: uuidv7(), lastSeq: 0 } },
      { method: 'PUT', url: '/api/v1/admin/rmas/RMA10000024', headers: admin, body: rma },
      { method: 'POST', url: '/api/v1/admin/rmas/import', headers: admin, body: { rmas: [rma.rma] } },
      { method: 'PUT', url: '/api/v1/admin/catalog/PS12V2A', headers: admin, body: { entry: { sku: 'PS12V2A', description: 'Power supply', kind: 'accessory', warrantyMonths: 12, barcodes: ['0123456789012'] }, baseVersion: null } },
      { method: 'PUT', url: '/api/v1/admin/users/dana', headers: admin, body: { user: { id: 'dana', name: 'Dana', role: 'dock', active: true }, baseVersion: null } },
      { method: 'POST', url: `/api/v1/stations/${s.id}/proof`, headers: {}, body: { nonce: 'ab'.repeat(32) } },
      { method: 'POST', url: '/api/v1/admin/stations', headers: admin, body: { name: 'Bench 2' } },
      { method: 'PUT', url: `/api/v1/admin/stations/${s.id}`, headers: admin, body: { name: 'Dock door 1 (north)' } },
    ];
    const addresses = [
      '/api/v1/sync/pull?after=_&limit=_',
      '/api/v1/admin/rmas?lifecycle=_&after=_&limit=_',
      '/api/v1/admin/rmas/_',
      '/api/v1/admin/exceptions?state=_',
      '/api/v1/photos/_?eventId=_',
      '/api/v1/admin/stations/_',
      '/api/v1/admin/stations/_/enrol-code',
      '/api/v1/admin/stations/_/unlink',
      '/api/v1/admin/catalog/_?baseVersion=_',
      '/api/v1/admin/users/_?baseVersion=_',
    ];
    const g = generator(20261129);
    const failed: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const r = g.pick(requests);
      const body = damaged(r.body, g);
      const answer = await app.inject({ method: r.method, url: r.url, headers: r.headers, payload: body as object });
      if (answer.statusCode >= 500) failed.push(`${r.method} ${r.url} ${JSON.stringify(body)} → ${answer.statusCode}`);
    }
    for (let i = 0; i < 400; i++) {
      const url = g.pick(addresses).replace(/_/g, () => encodeURIComponent(String(g.pick(ODD_VALUES)).replace(/[\ud800-\udfff]/g, '?')));
      const method = g.pick(['GET', 'PUT', 'POST', 'DELETE'] as const);
      const answer = await app.inject({ method, url, headers: g.pick([admin, s.headers, {}]), payload: method === 'PUT' || method === 'POST' ? (damaged(g.pick(requests).body, g) as object) : undefined });
      if (answer.statusCode >= 500) failed.push(`${method} ${url} → ${answer.statusCode}`);
    }
    expect(failed).toEqual([]);
    const stored = await store.db.selectFrom('events').select('id').where('station_id', '=', s.id).orderBy('station_seq').execute();
    expect(stored.slice(0, 2).map((e) => e.id)).toEqual(kept.map((e) => e.id));
  }, 120_000);
});
