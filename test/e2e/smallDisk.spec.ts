import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './test';
import { chromiumLaunchOptions, e2eBaseUrl } from './chromium';
import { scanFor, setUpStation, verdict } from './helpers';

/**
 * The station on a disk that really fills: Chromium's profile, IndexedDB with it, on a small tmpfs
 * (smallDisk/chromium.sh). A browser context of Playwright's own keeps IndexedDB in memory, where
 * no disk fills: this one is a persistent profile, as the desktop app and a browser's are.
 */
const canMount = process.platform === 'linux' && spawnSync('unshare', ['-rm', 'true']).status === 0;
test.skip(!canMount, 'mounting a small disk needs user namespaces (unshare -rm)');

async function onTheDisk(control: string, ask: 'fill' | 'free', answer: 'full' | 'freed') {
  writeFileSync(join(control, ask), '');
  await expect.poll(() => existsSync(join(control, answer)), { timeout: 20_000 }).toBe(true);
}

test('the station’s disk fills: a scan says NOT recorded in place of the last verdict, and the station records again once there is room', async () => {
  const control = mkdtempSync(join(tmpdir(), 'rd-small-disk-'));
  const profile = mkdtempSync(join(tmpdir(), 'rd-small-disk-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions,
    executablePath: join(import.meta.dirname, 'smallDisk', 'chromium.sh'),
    env: { ...process.env, FULLDISK_CONTROL: control, FULLDISK_SIZE: '64m', CHROMIUM: chromiumLaunchOptions.executablePath },
    baseURL: e2eBaseUrl,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // This context is not the fixtures' own, whose errors every test checks: its errors are checked here.
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
    await setUpStation(page);
    expect(await scanFor(page, 'RMA10000016')).toBe('accept');

    await onTheDisk(control, 'fill', 'full');
    expect(await scanFor(page, 'RMA10000024')).toBe('rescan');
    await expect(verdict(page)).toContainText('NOT recorded: read the message below.');
    await expect(verdict(page)).not.toContainText('ACCEPT');
    await expect(page.getByRole('alert')).toHaveText(
      'This station could not write to its storage (its disk may be full), so this was NOT recorded. Call a supervisor: make room on this computer’s disk, and let the station sync before the app is closed.',
    );

    await onTheDisk(control, 'free', 'freed');
    await page.reload();
    await page.getByRole('link', { name: 'Dock' }).click();
    expect(await scanFor(page, 'RMA10000024')).toBe('accept');
    await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-pending', '2');
    expect(pageErrors, 'errors the page raised and nothing handled').toEqual([]);
  } finally {
    await context.close();
    rmSync(control, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});
