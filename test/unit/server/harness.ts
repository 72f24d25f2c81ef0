import type { FastifyInstance } from 'fastify';
import type { Fetch } from '../../../renderer/sync/client';

/** A `fetch` that reaches a Fastify app in-process, so engine tests run against the real server. */
export function fetchInto(app: FastifyInstance, base = 'http://sync.test'): Fetch {
  return async (input, init = {}) => {
    const url = new URL(input);
    if (`${url.protocol}//${url.host}` !== base) throw new TypeError(`fetch failed: ${url.host} unreachable`);
    const r = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: init.headers as Record<string, string>,
      ...(init.body ? { payload: init.body instanceof Blob ? Buffer.from(await init.body.arrayBuffer()) : (init.body as string) } : {}),
    });
    return new Response(r.body, { status: r.statusCode, headers: { 'content-type': r.headers['content-type'] as string } });
  };
}

/** A `fetch` that reaches each app at its own address (`origin` → app); an address not in the map does not answer. */
export function fetchAcross(hosts: ReadonlyMap<string, FastifyInstance>): Fetch {
  return (input, init) => {
    const { origin } = new URL(input);
    const app = hosts.get(origin);
    return app ? fetchInto(app, origin)(input, init) : Promise.reject(new TypeError(`fetch failed: ${origin} unreachable`));
  };
}

/** A station made by an admin of `app`: the one-time code it enrols with. */
export async function enrolmentCode(app: FastifyInstance, admin: { authorization: string }, name: string): Promise<string> {
  return (await app.inject({ method: 'POST', url: '/api/v1/admin/stations', headers: admin, payload: { name } })).json<{ enrolCode: string }>().enrolCode;
}

/** A fault-injecting proxy in front of a fetch (SYNC.md, *Fault-injection plan*). */
export interface Faults {
  /** Let the server commit, then lose the reply. */
  loseReplyOnce?: (url: string) => boolean;
  /** Send each request twice. */
  duplicate?: boolean;
  /** Fail without reaching the server. */
  down?: boolean;
  /** Answer 413 above this many events in a push. */
  maxEvents?: number;
  /** Keep every push sent, to deliver again later and out of order. */
  recorded?: { input: string; init: RequestInit }[];
}

export function faulty(inner: Fetch, faults: Faults): Fetch {
  return async (input, init) => {
    if (faults.down) throw new TypeError('fetch failed: connection refused');
    const sync = input.includes('/api/v1/sync/');
    const events = typeof init?.body === 'string' ? (JSON.parse(init.body) as { events?: unknown[] }).events : undefined;
    if (faults.maxEvents !== undefined && events && events.length > faults.maxEvents) {
      return new Response(JSON.stringify({ error: 'too_large' }), { status: 413 });
    }
    if (faults.duplicate && sync) await inner(input, init);
    if (faults.recorded && input.includes('/sync/push') && init) faults.recorded.push({ input, init });
    const response = await inner(input, init);
    if (faults.loseReplyOnce?.(input)) {
      faults.loseReplyOnce = undefined;
      throw new TypeError('fetch failed: connection reset');
    }
    return response;
  };
}
