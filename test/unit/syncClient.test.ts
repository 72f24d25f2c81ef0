import { describe, expect, it } from 'vitest';
import { SyncError, syncClient, type Fetch } from '../../renderer/sync/client';

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
});
