import type { z } from 'zod';
import type { StationEvent } from '../../shared/events';
import { enrolAnswerSchema, pullAnswerSchema, pushAnswerSchema, type EnrolAnswer, type PullAnswerBody, type PushAnswerBody } from '../../shared/sync';
import { parseAt } from '../../shared/validation';

/** What went wrong talking to the server, sorted by what the engine does about it (SYNC.md, *Push*). */
export type SyncFailure =
  | { kind: 'network'; message: string }
  | { kind: 'server'; status: number; message: string }
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

async function call<S extends z.ZodType>(fetchFn: Fetch, url: string, init: RequestInit, schema: S): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (e) {
    throw new SyncError({ kind: 'network', message: `the server cannot be reached (${(e as Error).message})` });
  }
  const body = (await response.json().catch(() => null)) as { message?: string; ackStationSeq?: number } | null;
  const message = body?.message ?? `the server answered ${response.status}`;
  if (response.status === 409 && typeof body?.ackStationSeq === 'number') throw new SyncError({ kind: 'seq_gap', ackStationSeq: body.ackStationSeq });
  if (response.status === 401) throw new SyncError({ kind: 'unauthorized', message });
  if (response.status === 403) throw new SyncError({ kind: 'forbidden', message });
  if (response.status === 413) throw new SyncError({ kind: 'too_large' });
  if (response.status === 426) throw new SyncError({ kind: 'too_old', message });
  if (response.status >= 500) throw new SyncError({ kind: 'server', status: response.status, message });
  if (!response.ok) throw new SyncError({ kind: 'bad_request', message });
  const parsed = parseAt(schema, body, 'answer');
  if (!parsed.ok) throw new SyncError({ kind: 'bad_answer', message: `the server's answer was not understood: ${parsed.error}` });
  return parsed.value;
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
    push: (token: string, stationId: string, events: StationEvent[]): Promise<PushAnswerBody> =>
      call(fetchFn, `${base}/api/v1/sync/push`, json(token, { stationId, events }), pushAnswerSchema),
    pull: (token: string, after: number, limit: number): Promise<PullAnswerBody> =>
      call(fetchFn, `${base}/api/v1/sync/pull?after=${after}&limit=${limit}`, json(token), pullAnswerSchema),
  };
}
