import { describe, expect, it, vi } from 'vitest';
import { ANSWER_WITHIN_MS, SyncError, syncClient, type Fetch } from '../../renderer/sync/client';
import { blackHole } from './blackHole';

const answering = (status: number, body: string, type = 'application/json'): Fetch => () => Promise.resolve(new Response(body, { status, headers: { 'content-type': type } }));

async function failureOf(fetchFn: Fetch, server = 'http://192.168.1.10:8787/') {
  try {
    await syncClient(server, fetchFn).enrol('K7MPQ2XW9R', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 0);
  } catch (e) {
    expect(e).toBeInstanceOf(SyncError);
    return (e as SyncError).failure;
  }
  throw new Error('the call did not fail');
}

describe('the sync client says what went wrong', () => {
  it('an address that is some other web server, not a sync server', async () => {
    expect(await failureOf(answering(404, '<html>Not Found</html>', 'text/html'))).toEqual({
      kind: 'bad_request',
      message: 'that address does not answer as a returns-dock sync server (404): check the server address',
    });
  });

  it('the server’s own words when it gives them', async () => {
    expect(await failureOf(answering(403, JSON.stringify({ error: 'forbidden', message: 'that enrolment code is not valid or was already used' })))).toEqual({
      kind: 'forbidden',
      message: 'that enrolment code is not valid or was already used',
    });
    expect(await failureOf(answering(502, 'Bad Gateway', 'text/plain'))).toEqual({ kind: 'server', status: 502, message: 'the server answered 502' });
  });

  it('a server that cannot reach its database, apart from one that is stopping', async () => {
    const words = 'the sync server cannot reach its database just now (PostgreSQL restarting, failing over or down): send the request again';
    expect(await failureOf(answering(503, JSON.stringify({ error: 'database_unreachable', message: words })))).toEqual({ kind: 'database_unreachable', message: words });
    expect(await failureOf(answering(503, JSON.stringify({ error: 'Service Unavailable', message: 'Service Unavailable' })))).toEqual({ kind: 'server', status: 503, message: 'Service Unavailable' });
  });

  it('no answer at all, and an answer it cannot read', async () => {
    expect(await failureOf(() => Promise.reject(new TypeError('Failed to fetch')))).toEqual({ kind: 'network', message: 'the server cannot be reached (Failed to fetch)' });
    // A browser refusing a certificate says no more than for a server that is down.
    expect(await failureOf(() => Promise.reject(new TypeError('Failed to fetch')), 'https://returns-server:8787')).toEqual({
      kind: 'network',
      message: 'the server cannot be reached (Failed to fetch): nothing answers there, or this computer does not trust its certificate',
    });
    expect(await failureOf(answering(200, '<!doctype html><title>Router</title>', 'text/html'))).toEqual({
      kind: 'bad_answer',
      message: 'that address does not answer as a returns-dock sync server (its answer is not JSON): check the server address',
    });
    expect(await failureOf(answering(200, '{"token": 5}'))).toEqual({ kind: 'bad_answer', message: "the server's answer was not understood: stationId: is required" });
  });

  it('a server that takes the request and never answers (a connection dead under it) is given up after a minute', async () => {
    // Through the platform's own fetch.
    const silent = await blackHole();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const failure = failureOf((input, init) => fetch(input, init), silent.url);
      await silent.taken();
      await vi.advanceTimersByTimeAsync(ANSWER_WITHIN_MS.request - 1);
      let settled = false;
      void failure.finally(() => (settled = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await failure).toEqual({ kind: 'no_answer', message: 'the server did not answer within 60 s' });
    } finally {
      vi.useRealTimers();
      silent.close();
    }
  });

  it('an answer that stops part way is given up too, not taken for one that is not JSON', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      // Headers and the first bytes come; the rest never does.
      const stalled: Fetch = (_input, init) =>
        Promise.resolve(
          new Response(
            new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode('{"stationId": "0190a1b2'));
                init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason));
              },
            }),
            { status: 200, headers: { 'content-type': 'application/json' } },
          ),
        );
      const failure = failureOf(stalled);
      await vi.advanceTimersByTimeAsync(ANSWER_WITHIN_MS.request);
      expect(await failure).toEqual({ kind: 'no_answer', message: 'the server did not answer within 60 s' });
    } finally {
      vi.useRealTimers();
    }
  });
});
