import { SyncError, type SyncFailure } from './client';
import type { PageReader, PreparedPage } from './pageReader';
import type { PageRequest } from './pullWorker';

type Answer = { id: number; part: PreparedPage['rmas'] } | { id: number; ok: true; prepared: PreparedPage } | { id: number; ok: false; failure: SyncFailure };

/**
 * Pages read by a worker (pullWorker.ts); the engine cannot tell it from the inline reader. The
 * worker starts with the first pull, so a station that never syncs never starts one.
 */
export function workerPageReader(): { read: PageReader; close: () => void } {
  const waiting = new Map<number, { resolve: (p: PreparedPage) => void; reject: (e: Error) => void; rmas: PreparedPage['rmas'] }>();
  let worker: Worker | null = null;
  let next = 0;
  const failAll = (message: string) => {
    for (const w of waiting.values()) w.reject(new SyncError({ kind: 'network', message }));
    waiting.clear();
  };
  const start = () => {
    const w = new Worker(new URL('./pullWorker.ts', import.meta.url), { type: 'module' });
    // A page's RMAs come in parts (RMAS_PER_MESSAGE), then the rest of the page.
    w.onmessage = ({ data }: MessageEvent<Answer>) => {
      const pending = waiting.get(data.id);
      if ('part' in data) return void pending?.rmas.push(...data.part);
      waiting.delete(data.id);
      if (data.ok) pending?.resolve({ ...data.prepared, rmas: pending.rmas });
      else pending?.reject(new SyncError(data.failure));
    };
    w.onerror = (e) => {
      failAll(`the pull worker failed (${e.message})`);
      w.terminate();
      worker = null;
    };
    return w;
  };
  return {
    read: (serverUrl, token, cursor, limit) =>
      new Promise<PreparedPage>((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject, rmas: [] });
        worker ??= start();
        worker.postMessage({ id, serverUrl, token, cursor, limit } satisfies PageRequest);
      }),
    close: () => {
      worker?.terminate();
      worker = null;
      failAll('the pull was stopped');
    },
  };
}
