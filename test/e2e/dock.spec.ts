import { expect, test } from './test';
import fc from 'fast-check';
import { countUnit, importFile, scanFor, setUpStation, verdict, wedgeScan } from './helpers';

test.beforeEach(async ({ page }) => {
  await setUpStation(page);
});

test('accepts an open RMA scanned with no field focused, showing the summary and a blind count', async ({ page }) => {
  await expect(page.getByTestId('import-report')).toHaveCount(0);
  expect(await scanFor(page, 'RMA10000024')).toBe('accept');
  const panel = verdict(page);
  await expect(panel).toHaveAttribute('role', 'status');
  await expect(panel).toHaveAttribute('aria-live', 'assertive');
  await expect(panel).toContainText('ACCEPT');
  await expect(panel).toContainText('James Okafor');
  await expect(panel).toContainText('Replacement');
  await expect(page.getByTestId('items-expected')).toHaveText('3');
  await expect(panel).not.toContainText('NV4108E-HS'); // a count, not the list
  await expect(panel.locator('[data-warning="untraceable_shipment"]')).toBeVisible();

  // A second package for the same RMA: accepted, with the count.
  expect(await scanFor(page, 'RMA10000024')).toBe('accept');
  await expect(panel.locator('[data-warning="additional_package"]')).toContainText('1 before this one');
});

test('refuses for each reason, in plain words', async ({ page }) => {
  const cases: [string, RegExp][] = [
    ['RMA10000032', /cancelled/],
    ['RMA10000040', /already closed/],
    ['RMA10000057', /expired/],
    ['RMA10000073', /does not exist/],
  ];
  for (const [rma, words] of cases) {
    expect(await scanFor(page, rma)).toBe('refuse');
    await expect(verdict(page)).toContainText('REFUSE');
    await expect(verdict(page)).toContainText(words);
  }
  const before = await verdict(page).getAttribute('data-serial');
  await page.getByRole('button', { name: /No RMA on package/ }).click();
  await expect(verdict(page)).not.toHaveAttribute('data-serial', before!);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'refuse');
  await expect(verdict(page)).toContainText('No RMA number on the package');

  // F2 does the same from the keyboard.
  const serial = await verdict(page).getAttribute('data-serial');
  await page.keyboard.press('F2');
  await expect(verdict(page)).not.toHaveAttribute('data-serial', serial!);
  await expect(page.locator('.recent tbody tr')).toHaveCount(6);
});

test('asks for a re-scan, without recording, for a misread or a non-RMA string', async ({ page }) => {
  expect(await scanFor(page, 'RMA10000017')).toBe('rescan');
  await expect(verdict(page)).toContainText('SCAN AGAIN');
  await expect(verdict(page)).toContainText('did not read right');
  expect(await scanFor(page, 'HELLO-WORLD')).toBe('rescan');
  await expect(verdict(page)).toContainText('not an RMA number');
  await expect(page.locator('.recent')).toContainText('No packages yet');
});

test('holds an unknown RMA on a never-synced station, and decides it when RMAs arrive', async ({ page }) => {
  // A second, empty station: nothing imported yet.
  await page.goto('/');
  await page.evaluate(() => indexedDB.deleteDatabase('returns-dock'));
  await setUpStation(page, { importFixture: false });
  expect(await scanFor(page, 'RMA10000016')).toBe('hold');
  await expect(verdict(page)).toContainText('HOLD');
  await expect(verdict(page)).toContainText('out of date');

  await importFile(page, 'rmas.csv');
  await expect(page.getByTestId('import-report')).toContainText('1 held package was decided');
  await page.getByRole('link', { name: 'Dock' }).click();
  await expect(page.locator('.recent tbody tr').first()).toContainText('ACCEPT (hold settled)');
});

test('pairs a tracking number scanned before or after the RMA number', async ({ page }) => {
  await wedgeScan(page, '1Z5R89390357567127');
  await expect(page.getByTestId('pending-tracking')).toContainText('1Z5R89390357567127');
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await expect(page.getByTestId('pending-tracking')).toHaveCount(0);
  await expect(verdict(page).locator('[data-warning]')).toHaveCount(0);
  await expect(page.locator('.recent tbody tr').first()).toContainText('1Z5R89390357567127');

  expect(await scanFor(page, 'RMA10000065')).toBe('accept');
  await expect(verdict(page).locator('[data-warning="untraceable_shipment"]')).toBeVisible();
  // A USPS label with its routing prefix and a GS separator, right after the verdict.
  await wedgeScan(page, '42010282\u001d9400111201080805483016');
  await expect(verdict(page)).toContainText('Tracking 9400111201080805483016 recorded');
  await expect(verdict(page).locator('[data-warning]')).toHaveCount(0);
  await expect(page.locator('.recent tbody tr').first()).toContainText('TRACKING');
});

test('undoes the last verdict with a voiding record', async ({ page }) => {
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await page.getByRole('button', { name: /Undo last verdict/ }).click();
  await expect(verdict(page)).toContainText('Undone');
  await expect(page.locator('.recent tbody tr').first()).toContainText('(undone)');
  await expect(page.getByRole('button', { name: /Undo last verdict/ })).toHaveCount(0);
  // The next package for the RMA is not an additional one: the undone one does not count.
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await expect(verdict(page).locator('[data-warning="additional_package"]')).toHaveCount(0);
});

test('the typed Scan field takes numbers too', async ({ page }) => {
  await page.getByLabel('Scan', { exact: true }).fill('rma 1000 0016');
  await page.getByLabel('Scan', { exact: true }).press('Enter');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'accept');
  await expect(page.getByLabel('Scan', { exact: true })).toHaveValue('');
});

test('a fast typist with nothing focused is not a scanner', async ({ page }) => {
  await wedgeScan(page, 'RMA10000016', { gapMs: 90 });
  await page.waitForTimeout(300);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'waiting');
});

test('a scanner ending in Tab does not move the focus', async ({ page }) => {
  // Real key presses from the test driver: allow Bluetooth speed so a busy machine cannot split the scan.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Scanner speed: most milliseconds between keys').fill('100');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.getByRole('link', { name: 'Dock' }).click();
  await page.getByRole('button', { name: /No RMA on package/ }).focus();
  await page.keyboard.type('RMA10000016');
  await page.keyboard.press('Tab');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'accept');
  await expect(page.getByRole('button', { name: /No RMA on package/ })).toBeFocused();
});

test('a reload shows everything still there', async ({ page }) => {
  for (const rma of ['RMA10000016', 'RMA10000032', 'RMA10000024']) await scanFor(page, rma);
  await page.reload();
  await expect(page.getByTestId('signed-in')).toHaveText('Dana Reyes (dock)');
  const rows = page.locator('.recent tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('RMA10000024');
  await expect(rows.nth(1)).toContainText('REFUSE');
  await expect(rows.nth(2)).toContainText('ACCEPT');
});

test('no scanned string breaks the screen', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const strings = fc.sample(fc.string({ unit: 'binary', minLength: 4, maxLength: 120 }).filter((s) => !/[\r\n\t]/.test(s)), { numRuns: 40, seed: 7 });
  for (const s of [...strings, '😀'.repeat(300), 'RMA' + '9'.repeat(5000), '\u0000\u001d\u0007abcd']) {
    await wedgeScan(page, s);
  }
  await wedgeScan(page, 'RMA10000016');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'accept');
  expect(errors).toEqual([]);
});

test('a package for an RMA already received in full waits for a supervisor, who lets it in or refuses it', async ({ page }) => {
  // RMA10000016 authorises one unit; it is counted at the bench, then more boxes arrive for it.
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Your name').fill('Sam Ortiz');
  await page.getByLabel('Role').selectOption('supervisor');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.getByRole('region', { name: 'Inspection queue' }).getByRole('row').filter({ hasText: 'RMA10000016' }).getByRole('button', { name: 'Open box' }).click();
  await countUnit(page, 'IP8M-2496EB', 'AMC0A1B2C3D4E5');
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000016')).toBe('hold');
  await expect(verdict(page)).toContainText('Set it aside for a supervisor.');
  expect(await scanFor(page, 'RMA10000016')).toBe('hold');

  const held = page.getByRole('region', { name: 'Held packages' });
  await expect(held.getByRole('heading')).toHaveText('Held packages (2)');
  const rows = held.getByRole('row').filter({ hasText: 'RMA10000016' });
  await expect(rows).toHaveCount(2);
  // Where it was set aside and by whom: what a supervisor needs to find the box.
  await expect(rows.first()).toContainText('Dock door 3 · Sam Ortiz');
  await rows.first().getByRole('button', { name: 'Let it in' }).click();
  await expect(held.getByRole('heading')).toHaveText('Held packages (1)');
  await held.getByRole('row').filter({ hasText: 'RMA10000016' }).getByRole('button', { name: 'Refuse' }).click();
  await expect(held).toHaveCount(0);

  // Both settlements are facts in the shift's list, each naming the hold it settles.
  const recent = page.locator('.recent tbody tr');
  await expect(recent.filter({ hasText: 'ACCEPT (hold settled)' })).toHaveCount(1);
  await expect(recent.filter({ hasText: 'REFUSE (hold settled)' })).toContainText('Everything on this RMA has already been received.');
  // The box let in joins the first one (open at the bench) in the inspection queue; the refused one does not.
  await page.getByRole('link', { name: 'Inspection' }).click();
  await expect(page.getByRole('region', { name: 'Inspection queue' }).getByRole('row').filter({ hasText: 'RMA10000016' })).toHaveCount(2);
});

test('a dock worker sees the held packages but cannot decide them', async ({ page }) => {
  // A station whose RMA data is out of date holds an RMA it does not know.
  await page.goto('/');
  await page.evaluate(() => indexedDB.deleteDatabase('returns-dock'));
  await setUpStation(page, { importFixture: false });
  expect(await scanFor(page, 'RMA10000073')).toBe('hold');
  const held = page.getByRole('region', { name: 'Held packages' });
  await expect(held.getByRole('row').filter({ hasText: 'RMA10000073' })).toContainText('decided when this station’s RMA data is brought up to date (its next sync or import)');
  await expect(held).toContainText('a supervisor signed in here decides the ones waiting for a supervisor');
  await expect(held.getByRole('button')).toHaveCount(0);
});
