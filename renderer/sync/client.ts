import type { z } from 'zod';
import type { StationEvent } from '../../shared/events';
import { enrolAnswerSchema, MAX_PHOTO_BYTES, photoAnswerSchema, photoTypeOf, pullAnswerSchema, pushAnswerSchema, stationProofAnswerSchema, stationStatusSchema, type EnrolAnswer, type StationStatus, type PhotoAnswer, type PullAnswerBody, type PullCursor, type PushAnswerBody } from '../../shared/sync';
import { parseAt } from '../../shared/validation';

/** What went wrong talking to the server, sorted by what the engine does about it (SYNC.md, *Push*). */
export type SyncFailure =
  | { kind: 'network'; message: string }
  /** No whole answer in time: the network dropped under a request (a half-open connection), or the server is stuck. */
  | { kind: 'no_answer'; message: string }
  | { kind: 'server'; status: number; message: string }
  /** The server's disk is full (507): retried like any server failure, said as itself. */
  | { kind: 'out_of_room'; message: string }
  /** The server cannot reach its database (503: PostgreSQL restarting or down): retried, said as itself. */
  | { kind: 'database_unreachable'; message: string }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'seq_gap'; ackStationSeq: number }
  | { kind: 'too_large' }
  | { kind: 'too_old'; message: string }
  | { kind: 'bad_answer'; message: string }
  | { kind: 'bad_request'; message: string };

export class SyncError extends Error {
  constructor(readonly failure: SyncFailure) {
    super('message' in failure ? failure.message : failure.kind);
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** The server's answer if it is a success; otherwise the failure, sorted for the engine. */
async function reach(fetchFn: Fetch, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (e) {
    // A browser says no more about a certificate it refuses than about a server that is down.
    const orCertificate = url.startsWith('https:') ? ': nothing answers there, or this computer does not trust its certificate' : '';
    throw new SyncError({ kind: 'network', message: `the server cannot be reached (${(e as Error).message})${orCertificate}` });
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => null)) as { error?: string; message?: string; ackStationSeq?: number } | null;
  // Without our JSON answer the address is likely some other web server (a wrong port or path);
  // with the framework's words for a route it lacks, a sync server older than this app.
  const message =
    response.status === 404 && /^Route [A-Z]+:\S+ not found$/.test(body?.message ?? '')
      ? 'that server is older than this app: update it first (the server before the stations)'
      : (body?.message ?? (response.status === 404 ? 'that address does not answer as a returns-dock sync server (404): check the server address' : `the server answered ${response.status}`));
  if (response.status === 409 && typeof body?.ackStationSeq === 'number') throw new SyncError({ kind: 'seq_gap', ackStationSeq: body.ackStationSeq });
  if (response.status === 401) throw new SyncError({ kind: 'unauthorized', message });
  if (response.status === 403) throw new SyncError({ kind: 'forbidden', message });
  if (response.status === 413) throw new SyncError({ kind: 'too_large' });
  if (response.status === 426) throw new SyncError({ kind: 'too_old', message });
  if (response.status === 507) throw new SyncError({ kind: 'out_of_room', message });
  if (response.status === 503 && body?.error === 'database_unreachable') throw new SyncError({ kind: 'database_unreachable', message });
  if (response.status >= 500) throw new SyncError({ kind: 'server', status: response.status, message });
  throw new SyncError({ kind: 'bad_request', message });
}

/**
 * How long a request may take, its answer read whole. A browser gives up on no request by itself,
 * so one whose connection died under it (Wi-Fi dropped mid-request, the peer gone without a word)
 * held the station's one sync loop, and everything recorded after it, until the app restarted.
 * A pull page is at most 1,000 changes; a photo at most 10 MB, given longer.
 */
export const ANSWER_WITHIN_MS = { request: 60_000, photo: 5 * 60_000 } as const;

/** The exchange — request sent, answer read — given up after `ms`, and said so. */
async function answeredWithin<T>(ms: number, init: RequestInit, exchange: (init: RequestInit) => Promise<T>): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), ms);
  try {
    return await exchange({ ...init, signal: deadline.signal });
  } catch (e) {
    if (!deadline.signal.aborted) throw e;
    throw new SyncError({ kind: 'no_answer', message: `the server did not answer within ${ms / 1000} s` });
  } finally {
    clearTimeout(timer);
  }
}

const NOT_JSON = Symbol('not JSON');

function call<S extends z.ZodType>(fetchFn: Fetch, url: string, init: RequestInit, schema: S, within: number = ANSWER_WITHIN_MS.request): Promise<z.infer<S>> {
  return answeredWithin(within, init, async (init) => {
    const response = await reach(fetchFn, url, init);
    const body: unknown = await response.json().catch(() => NOT_JSON);
    if (body === NOT_JSON) throw new SyncError({ kind: 'bad_answer', message: 'that address does not answer as a returns-dock sync server (its answer is not JSON): check the server address' });
    const parsed = parseAt(schema, body, 'answer');
    if (!parsed.ok) throw new SyncError({ kind: 'bad_answer', message: `the server's answer was not understood: ${parsed.error}` });
    return parsed.value;
  });
}

/** A photo as the server sent it: one of the types a station stores, no larger than it accepts. */
function picture(fetchFn: Fetch, url: string, init: RequestInit): Promise<Blob> {
  return answeredWithin(ANSWER_WITHIN_MS.photo, init, async (init) => {
    const response = await reach(fetchFn, url, init);
    const type = photoTypeOf(response.headers.get('content-type'));
    const blob = await response.blob();
    if (!type || blob.size === 0 || blob.size > MAX_PHOTO_BYTES) {
      throw new SyncError({ kind: 'bad_answer', message: `the server sent ${response.headers.get('content-type') ?? 'something'} of ${blob.size} bytes, not a photo` });
    }
    return new Blob([blob], { type });
  });
}

const json = (token: string | null, body?: unknown): RequestInit => ({
  method: body === undefined ? 'GET' : 'POST',
  headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** The station's side of the sync protocol: one function per endpoint, every answer validated. */
export function syncClient(serverUrl: string, fetchFn: Fetch) {
  const base = serverUrl.replace(/\/+$/, '');
  return {
    enrol: (code: string, stationId: string, lastSeq: number): Promise<EnrolAnswer> =>
      call(fetchFn, `${base}/api/v1/stations/enrol`, json(null, { code, stationId, lastSeq }), enrolAnswerSchema),
    proveStation: (stationId: string, nonce: string): Promise<{ proof: string }> =>
      call(fetchFn, `${base}/api/v1/stations/${stationId}/proof`, json(null, { nonce }), stationProofAnswerSchema),
    /** `storage`, when the browser says it, goes with the question (the admin sees a station filling up). */
    status: (token: string, storage: { used: number; quota: number } | null = null): Promise<StationStatus> =>
      call(fetchFn, `${base}/api/v1/sync/status${storage ? `?storageUsed=${Math.round(storage.used)}&storageQuota=${Math.round(storage.quota)}` : ''}`, json(token), stationStatusSchema),
    push: (token: string, stationId: string, events: StationEvent[]): Promise<PushAnswerBody> =>
      call(fetchFn, `${base}/api/v1/sync/push`, json(token, { stationId, events }), pushAnswerSchema),
    pull: (token: string, { after, at }: PullCursor, limit: number): Promise<PullAnswerBody> =>
      call(fetchFn, `${base}/api/v1/sync/pull?after=${after}${at === null ? '' : `&at=${at}`}&limit=${limit}`, json(token), pullAnswerSchema),
    getPhoto: (token: string, id: string): Promise<Blob> => picture(fetchFn, `${base}/api/v1/photos/${id}`, json(token)),
    putPhoto: (token: string, photo: { id: string; eventId: string; type: string; blob: Blob }): Promise<PhotoAnswer> =>
      call(
        fetchFn,
        `${base}/api/v1/photos/${photo.id}?eventId=${photo.eventId}`,
        { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': photo.type }, body: photo.blob },
        photoAnswerSchema,
        ANSWER_WITHIN_MS.photo,
      ),
  };
}
