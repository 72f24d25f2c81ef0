import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeMeta } from '../../renderer/db/meta';
import { StationDb } from '../../renderer/db/schema';
import { SyncEngine } from '../../renderer/sync/engine';

afterEach(() => vi.useRealTimers());

describe('the sync loop’s timing', () => {
  it('backs off while the server is unreachable, and syncs at once when the network returns', async () => {
    const db = new StationDb('timers', { indexedDB, IDBKeyRange });
    await writeMeta(db, 'station', { id: '0192f3a4-0000-7000-8000-0000000c0001', name: 'Door' });
    await writeMeta(db, 'sync', { serverUrl: 'http://sync.test', token: 'x'.repeat(20), enrolledAt: '' });
    const fetch = vi.fn(() => Promise.reject(new TypeError('fetch failed')));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const engine = new SyncEngine({ db, fetch, now: () => new Date(), random: () => 0.5, isOnline: () => false, recorder: () => Promise.resolve(null) });
    const settle = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    };
    engine.start();
    await settle(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    // 1 s, 2 s, 4 s, 8 s… (with jitter 0.5 → three quarters of each): the attempts thin out.
    for (const wait of [750, 1500, 3000, 6000]) {
      const before = fetch.mock.calls.length;
      await settle(wait - 10);
      expect(fetch.mock.calls.length).toBe(before);
      await settle(20);
      expect(fetch.mock.calls.length).toBe(before + 1);
    }
    const before = fetch.mock.calls.length;
    engine.networkBack();
    await settle(1);
    expect(fetch.mock.calls.length).toBe(before + 1);
    engine.stop();
    db.close();
  });
});
