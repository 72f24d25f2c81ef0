import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions, e2eBaseUrl } from './chromium';
import { scanFor, setUpStation } from './helpers';

const RMAS = ['RMA10000016', 'RMA10000024', 'RMA10000032', 'RMA10000073', 'RMA10000065'];

async function openStation(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, baseURL: e2eBaseUrl });
}

/** Kill every process of the browser using this profile, as a power cut or a crash would. */
function killBrowser(profile: string): boolean {
  try {
    execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${profile}`]);
    return true;
  } catch {
    return false; // pkill exits 1 when nothing matched
  }
}

test('a browser killed right after a burst of 50 scans keeps every verdict it showed', async () => {
  test.setTimeout(120_000);
  const profile = mkdtempSync(join(tmpdir(), 'returns-dock-crash-'));
  try {
    const first = await openStation(profile);
    const page = first.pages()[0] ?? (await first.newPage());
    await setUpStation(page);
    const shown: string[] = [];
    for (let i = 0; i < 50; i++) shown.push(await scanFor(page, RMAS[i % RMAS.length]!));
    expect(shown.every((v) => v === 'accept' || v === 'refuse')).toBe(true);

    expect(killBrowser(profile)).toBe(true);
    await first.close().catch(() => undefined);

    const second = await openStation(profile);
    const again = second.pages()[0] ?? (await second.newPage());
    await again.goto('/');
    await expect(again.getByTestId('signed-in')).toHaveText('Dana Reyes (dock)');
    const stored = await again.evaluate(
      () =>
        new Promise<{ events: number; outbox: number }>((resolve, reject) => {
          const open = indexedDB.open('returns-dock');
          open.onerror = () => reject(new Error(String(open.error)));
          open.onsuccess = () => {
            const tx = open.result.transaction(['events', 'outbox']);
            const events = tx.objectStore('events').count();
            const outbox = tx.objectStore('outbox').count();
            tx.oncomplete = () => resolve({ events: events.result, outbox: outbox.result });
          };
        }),
    );
    expect(stored).toEqual({ events: 50, outbox: 50 });
    await expect(again.locator('.recent tbody tr')).toHaveCount(25);
    await second.close();
  } finally {
    killBrowser(profile);
    rmSync(profile, { recursive: true, force: true });
  }
});
