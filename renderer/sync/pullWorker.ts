/// <reference lib="webworker" />
// Fetches, parses and checks pulled pages off the main thread, so an initial pull of 100,000 RMAs
// does not take the dock's main thread from its scans (and uses the machine's second core).
import type { PullCursor } from '../../shared/sync';
import { SyncError } from './client';
import { inlinePageReader } from './pageReader';

export interface PageRequest {
  id: number;
  serverUrl: string;
  token: string;
  cursor: PullCursor;
  limit: number;
}

const read = inlinePageReader((input, init) => fetch(input, init));

/**
 * RMAs per message to the main thread. Receiving a message is one task there, and unpacking a
 * page of 1,000 RMAs at once held the dock's scans back for as long; parts this size interleave.
 */
const RMAS_PER_MESSAGE = 50;

self.onmessage = async ({ data }: MessageEvent<PageRequest>) => {
  try {
    const { rmas, ...rest } = await read(data.serverUrl, data.token, data.cursor, data.limit);
    for (let i = 0; i < rmas.length; i += RMAS_PER_MESSAGE) self.postMessage({ id: data.id, part: rmas.slice(i, i + RMAS_PER_MESSAGE) });
    self.postMessage({ id: data.id, ok: true, prepared: { ...rest, rmas: [] } });
  } catch (e) {
    const failure = e instanceof SyncError ? e.failure : { kind: 'network', message: (e as Error).message };
    self.postMessage({ id: data.id, ok: false, failure });
  }
};
