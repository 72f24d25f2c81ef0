import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyLabel } from '../../shared/labels';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { recordDockVerdict } from '../../renderer/db/dock';
import { writeMeta } from '../../renderer/db/meta';
import { StationDb } from '../../renderer/db/schema';
import { SyncEngine } from '../../renderer/sync/engine';
import type { Fetch } from '../../renderer/sync/client';
import { linkedStation } from './server/stores';

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

  it('a fact recorded while a cycle is running is sent shortly after that cycle, not at the next timer', async () => {
    const { store, db, station, fetch: inner, close } = await linkedStation('timers-write');
    // The server answers a pull only when the test lets it: the cycle is held after its push.
    let pullHeld: Promise<void> | null = null;
    let letPullGo = () => {};
    const fetch: Fetch = async (input, init) => {
      if (input.includes('/sync/pull') && pullHeld) await pullHeld;
      return inner(input, init);
    };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const engine = new SyncEngine({ db, fetch, now: () => new Date(), random: () => 0.5, isOnline: () => true, recorder: () => Promise.resolve(null) });
    const settle = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      for (let i = 0; i < 40; i++) await new Promise((r) => setImmediate(r));
    };
    const sent = async () => Number((await store.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    engine.start();
    await settle(0);
    pullHeld = new Promise((r) => (letPullGo = r));
    engine.nudge(0);
    await settle(0);
    expect((await engine.status()).syncing).toBe(true);
    // Recorded now: the running cycle has pushed already.
    await recordDockVerdict(db, { label: classifyLabel('RMA10000016'), tracking: null, by: { stationId: station.id, actor: { name: 'Dana', role: 'dock' } }, settings: DEFAULT_SETTINGS, now: new Date() });
    engine.nudge();
    letPullGo();
    pullHeld = null;
    await settle(2_000);
    expect((await engine.status()).pending).toBe(0);
    expect(await sent()).toBe(1);

    engine.stop();
    await close();
  });
});
