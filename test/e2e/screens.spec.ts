import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { importFile, scanFor, setUpStation, signInAs, verdict } from './helpers';

test('import lists bad rows by line and reason, and imports the good ones', async ({ page }) => {
  await setUpStation(page, { importFixture: false });
  await importFile(page, 'rmas-with-problems.csv');
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('2 new, 0 updated, 4 with problems');
  await expect(report).toContainText('line 3: RMA10000017 rma_number: has a wrong check digit');
  await expect(report).toContainText('line 4: RMA10000024 issued_on: must be a real date');
  await expect(report).toContainText('line 7: RMA10000040 quantity: must be a number');

  // Importing the full file afterwards updates, never duplicates.
  await importFile(page, 'rmas.csv');
  await expect(page.getByTestId('import-report')).toContainText('4 new, 2 updated, 0 with problems');
  await importFile(page, 'rmas.json');
  await expect(page.getByTestId('import-report')).toContainText('0 new, 3 updated, 1 with problems');
  await expect(page.getByTestId('import-report')).toContainText('entry 4: number: has a wrong check digit');
});

test('a file that is not an export says so and loses nothing', async ({ page }) => {
  await setUpStation(page);
  await page.getByRole('link', { name: 'Import RMAs' }).click();
  await page.getByLabel('RMA file').setInputFiles({ name: 'photo.json', mimeType: 'application/json', buffer: Buffer.from('\u0000\u0001PNG garbage {') });
  await expect(page.getByTestId('import-report')).toContainText('1 with problems');
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
});

test('settings are checked before they are saved, and kept', async ({ page }) => {
  await setUpStation(page, { importFixture: false });
  await page.getByRole('link', { name: 'Settings' }).click();
  const speed = page.getByLabel('Scanner speed: most milliseconds between keys');
  await speed.fill('fast');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toContainText('Scanner speed: most milliseconds between keys: must be a number. Nothing was changed.');
  await speed.fill('1000');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toContainText('must be at most 300');
  await speed.fill('100');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Scanner speed: most milliseconds between keys')).toHaveValue('100');
});

test('a dock worker tunes the station; what decides verdicts and heads the slips is a supervisor’s to change', async ({ page }) => {
  await setUpStation(page, { importFixture: false });
  await page.getByRole('link', { name: 'Settings' }).click();
  const stale = page.getByLabel('RMA data is out of date after (hours)');
  await expect(page.getByText('Only a supervisor changes these two, the site’s name and its address')).toBeVisible();
  for (const locked of [stale, page.getByLabel('A verdict can be undone for (seconds)'), page.getByLabel('Site name (on packing slips)'), page.getByLabel('Site address (on packing slips, one line each)')]) {
    await expect(locked).not.toBeEditable();
  }
  await page.getByLabel('Scanner speed: most milliseconds between keys').fill('80');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');

  await signInAs(page, 'Sam Ortiz', 'supervisor');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByText('Only a supervisor changes these')).toHaveCount(0);
  await expect(page.getByLabel('Scanner speed: most milliseconds between keys')).toHaveValue('80');
  await stale.fill('4');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await page.reload();
  await expect(stale).toHaveValue('4');
});

test('each verdict has its own sound, and mute silences them', async ({ page }) => {
  // Record the tones the page asks for instead of playing them.
  await page.addInitScript(() => {
    const played: number[][] = [];
    (window as unknown as { __cues: number[][] }).__cues = played;
    class FakeAudioContext {
      currentTime = 0;
      destination = {};
      private cue: number[] | null = null;
      createOscillator() {
        const cue = (this.cue ??= (played.push([]), played.at(-1)!));
        queueMicrotask(() => (this.cue = null));
        const frequency = { set value(hz: number) { cue.push(hz); } };
        return { type: 'sine', frequency, connect: (n: unknown) => n, start() {}, stop() {} };
      }
      createGain() {
        return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (n: unknown) => n };
      }
    }
    (window as unknown as { AudioContext: unknown }).AudioContext = FakeAudioContext;
  });
  await setUpStation(page);
  for (const rma of ['RMA10000016', 'RMA10000032', 'RMA10000017']) await scanFor(page, rma);
  const cues = () => page.evaluate(() => (window as unknown as { __cues: number[][] }).__cues);
  const [accept, refuse, rescan] = await cues();
  expect(new Set([JSON.stringify(accept), JSON.stringify(refuse), JSON.stringify(rescan)]).size).toBe(3);

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Mute the verdict sounds').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.getByRole('link', { name: 'Dock' }).click();
  const before = (await cues()).length;
  await scanFor(page, 'RMA10000024');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'accept');
  expect((await cues()).length).toBe(before);
});

test('a station whose storage is nearly full says so on every screen, and what to do, before recording stops', async ({ page }) => {
  // What the browser says of this station's storage: ample, until the test fills the disk under it.
  await page.addInitScript(() => {
    const GB = 1024 ** 3;
    const quota = Number(sessionStorage.getItem('test-quota') ?? 120 * GB);
    Object.defineProperty(navigator.storage, 'estimate', { value: () => Promise.resolve({ usage: 0.3 * GB, quota }) });
  });
  await setUpStation(page);
  const badge = page.getByTestId('sync-badge');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('station-storage')).toHaveText('Storage: 307.2 MB used of 120.0 GB this station may use');
  await expect(badge).not.toContainText('storage');

  // Something else fills the computer's disk: the browser lets the station keep less.
  await page.evaluate(() => sessionStorage.setItem('test-quota', String(0.32 * 1024 ** 3)));
  await page.reload();
  await expect(badge).toContainText('storage nearly full');
  await expect(page.getByTestId('station-storage')).toHaveText(
    'Storage: 307.2 MB used of 327.7 MB this station may use: nearly full. Ask whoever looks after this computer to free space on its disk, or a supervisor to remove here the photos the server keeps (Settings); once this is full, nothing more can be recorded here.',
  );
  await badge.click();
  await expect(page.getByTestId('station-storage')).toContainText('nearly full');
  // The dock still records while there is room.
  await page.getByRole('link', { name: 'Dock' }).click();
  await expect(page.getByLabel('Scan', { exact: true })).toBeVisible();
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
});

test('signing out and in starts a new shift list, keeping what was recorded', async ({ page }) => {
  await setUpStation(page);
  await scanFor(page, 'RMA10000016');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Your name').fill('Sam Ortiz');
  await page.getByLabel('Role').selectOption('supervisor');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in')).toHaveText('Sam Ortiz (supervisor)');
  await page.getByRole('link', { name: 'Dock' }).click();
  await expect(page.locator('.recent')).toContainText('No packages yet');
  // The earlier package still counts: the next one for that RMA is an additional package.
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await expect(verdict(page).locator('[data-warning="additional_package"]')).toBeVisible();
});

test('sign-in refuses a blank name with a clear message', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Save station' }).click();
  await expect(page.getByRole('alert')).toContainText('Station name: must not be blank');
  await page.getByLabel('Station name').fill('Bench 2');
  await page.getByRole('button', { name: 'Save station' }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Your name: must not be blank');
});

/** Write one row straight into the station's database, as a damaged or foreign row would be there. */
async function putRawRow(page: Page, table: string, row: Record<string, unknown> | null, key?: string) {
  await page.evaluate(
    ({ table, row, key }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('returns-dock');
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const tx = open.result.transaction(table, 'readwrite');
          if (row) tx.objectStore(table).put(row);
          else tx.objectStore(table).delete(key!);
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error ?? new Error('write failed'));
        };
      }),
    { table, row, key },
  );
}

test('a screen that fails to draw says so in place; the other screens keep working', async ({ page }) => {
  await setUpStation(page);
  // An exception row without its kind: no version of the app writes one.
  await putRawRow(page, 'exceptions', { id: 'damaged', rmaNumber: 'RMA10000016', eventId: 'e', stationId: 's', details: {}, raisedSeq: 1, open: 1 });
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  const failed = page.getByTestId('screen-failed');
  await expect(failed).toContainText('This screen could not be shown');
  await expect(failed).toContainText('Everything recorded at this station is safe.');
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();

  await page.getByRole('link', { name: 'Dock' }).click();
  await expect(failed).toHaveCount(0);
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');

  // Back on the screen it fails again; once the row is put right, trying again shows it.
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await expect(failed).toBeVisible();
  await putRawRow(page, 'exceptions', null, 'damaged');
  await page.getByRole('button', { name: 'Try this screen again' }).click();
  await expect(page.getByRole('heading', { name: 'Sync', exact: true })).toBeVisible();
  await expect(failed).toHaveCount(0);
});

test('on a 1,024-pixel dock screen every screen fits the width: the header wraps, nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await setUpStation(page, { role: 'supervisor' });
  // The longest badge a station shows: offline, facts waiting, refused ones.
  await page.context().setOffline(true);
  for (const name of ['Dock', 'Inspection', 'Slips', 'Import RMAs', 'Sync', 'Label check', 'Settings']) {
    await page.getByRole('link', { name, exact: true }).click();
    await expect(page.locator('main')).not.toBeEmpty();
    const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect({ name, scrollWidth }).toEqual({ name, scrollWidth: clientWidth });
  }
  // No word of the header is broken over two lines.
  for (const link of await page.getByRole('navigation', { name: 'Screens' }).getByRole('link').all()) {
    expect((await link.boundingBox())!.height).toBeLessThan(40);
  }
});

test('a long record of resolved exceptions shows the newest 50, and older ones on request', async ({ page }) => {
  await setUpStation(page, { role: 'supervisor' });
  // A warehouse's months of exceptions, as pulled from the server: 120 resolved, one open.
  await page.evaluate(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('returns-dock');
        open.onsuccess = () => {
          const tx = open.result.transaction('exceptions', 'readwrite');
          for (const row of rows) tx.objectStore('exceptions').put(row);
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error ?? new Error('write failed'));
        };
      }),
    Array.from({ length: 121 }, (_, i) => ({
      id: `x${i + 1}`,
      kind: 'more_packages_than_authorised',
      rmaNumber: 'RMA10000016',
      eventId: `e${i + 1}`,
      stationId: 's',
      details: { accepted: i + 2, authorised: 1 },
      raisedSeq: i + 1,
      resolution: i === 120 ? null : { eventId: `r${i + 1}`, by: 'Ada', note: `Dealt with, number ${i + 1}.`, at: '2026-11-29T10:00:00.000Z' },
      ...(i === 120 ? { open: 1 } : {}),
    })),
  );
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  const exceptions = page.getByRole('region', { name: 'Exceptions' });
  await expect(exceptions.getByRole('heading')).toHaveText('Exceptions for a supervisor (1 open)');
  await exceptions.getByText('Resolved (120)').click();
  const resolved = exceptions.getByTestId('resolved-exceptions').getByRole('listitem');
  await expect(resolved).toHaveCount(50);
  await expect(resolved.first()).toContainText('“Dealt with, number 120.”');
  await expect(resolved.last()).toContainText('“Dealt with, number 71.”');
  await exceptions.getByRole('button', { name: 'Show 50 older — 70 not shown' }).click();
  await expect(resolved).toHaveCount(100);
  await exceptions.getByRole('button', { name: 'Show 20 older — 20 not shown' }).click();
  await expect(resolved).toHaveCount(120);
  await expect(resolved.last()).toContainText('“Dealt with, number 1.”');
  await expect(exceptions.getByRole('button', { name: /older/ })).toHaveCount(0);
});

test('the app shows its own icon, in the tab and (from the same build) on the desktop window', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (r) => r.status() === 404 && missing.push(r.url()));
  await page.goto('/');
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBe('./icon.svg');
  const tab = await page.request.get(new URL(href!, page.url()).href);
  expect(tab.headers()['content-type']).toContain('image/svg+xml');
  expect(await tab.text()).toContain('<svg');
  // The window's, read by Electron, which takes no SVG.
  const png = await page.request.get(new URL('./icon.png', page.url()).href);
  expect((await png.body()).subarray(1, 4).toString()).toBe('PNG');
  await expect(page.getByLabel('Station name')).toBeVisible();
  expect(missing).toEqual([]);
});
