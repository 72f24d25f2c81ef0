/// <reference lib="webworker" />
// Fetches, parses and checks pulled pages off the main thread, so an initial pull of 100,000 RMAs
// does not take the dock's main thread from its scans (and uses the machine's second core).
import { SyncError } from './client';
import { inlinePageReader } from './pageReader';

export interface PageRequest {
  id: number;
  serverUrl: string;
  token: string;
  after: number;
  limit: number;
}

const read = inlinePageReader((input, init) => fetch(input, init));

self.onmessage = async ({ data }: MessageEvent<PageRequest>) => {
  try {
    const prepared = await read(data.serverUrl, data.token, data.after, data.limit);
    self.postMessage({ id: data.id, ok: true, prepared });
  } catch (e) {
    const failure = e instanceof SyncError ? e.failure : { kind: 'network', message: (e as Error).message };
    self.postMessage({ id: data.id, ok: false, failure });
  }
};
