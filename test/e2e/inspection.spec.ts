import { readFileSync } from 'node:fs';
import { expect, test } from './test';
import { benchMessage, countUnit, decision, FIXTURES, inspect, scanFor, setUpStation, signInAs, unitOnBench, unitRow, wedgeScan } from './helpers';

test('a box from the dock to decisions: blind count, findings with photos, supervisor approval and override, reload', async ({ page }) => {
  test.setTimeout(120_000);
  await setUpStation(page, { role: 'dock' });
  expect(await scanFor(page, 'RMA10000024')).toBe('accept');

  // A dock worker may not record findings.
  await page.getByRole('link', { name: 'Inspection' }).click();
  await expect(page.getByRole('alert')).toContainText('only inspectors and supervisors record findings. You are signed in as a dock worker.');

  await signInAs(page, 'Ines Park', 'inspector');
  await page.getByRole('link', { name: 'Inspection' }).click();
  const queued = page.getByRole('region', { name: 'Inspection queue' }).getByRole('row').filter({ hasText: 'RMA10000024' });
  await expect(queued).toContainText(/\d{4}-\d{2}-\d{2}.*business day|due today/);
  await queued.getByRole('button', { name: 'Open box' }).click();
  await expect(page.getByTestId('bench-rma')).toHaveText('RMA10000024');
  // A blind count: nothing about what the RMA expects is on the screen before the box is closed.
  await expect(page.getByRole('region', { name: 'Box' })).not.toContainText('NV4108E-HS');

  // Unit 1 by handheld scanner: SKU, then a serial the RMA does not list.
  await wedgeScan(page, 'NV4108E-HS');
  await expect(page.getByLabel('SKU', { exact: true })).toHaveValue('NV4108E-HS');
  await wedgeScan(page, 'AMC000WRONG01');
  await expect(unitRow(page, 'AMC000WRONG01')).toContainText('SKU on the RMA, but not a serial it lists');
  await countUnit(page, 'PS12V2A', 'PSU00042');
  await expect(unitRow(page, 'PSU00042')).toContainText('on the RMA');
  await countUnit(page, 'HDMI-6FT', 'CBL12345');
  await expect(unitRow(page, 'CBL12345')).toContainText('not on the RMA: goes back at the customer’s cost');
  // The same serial twice is a double scan.
  await page.getByLabel('SKU', { exact: true }).fill('PS12V2A');
  await page.getByLabel('Serial', { exact: true }).fill('psu00042');
  await page.getByRole('button', { name: 'Count unit' }).click();
  await expect(benchMessage(page)).toHaveText('Serial PSU00042 is already counted on RMA10000024 (PS12V2A). Scan the next unit.');
  await expect(page.getByRole('table', { name: 'Units counted' }).getByRole('row')).toHaveCount(4);

  // Not on the RMA: photographed, then decided by rule 1.
  await inspect(page, 'CBL12345');
  await page.getByLabel('Defective').check();
  await page.getByRole('button', { name: 'Record finding' }).click();
  await expect(benchMessage(page)).toContainText('This unit is not on the RMA: photograph it before recording');
  await page.getByLabel('Add photo from file').setInputFiles(`${FIXTURES}unit-photo.png`);
  await expect(page.getByTestId('pending-photos').getByRole('img')).toHaveCount(1);
  await page.getByRole('button', { name: 'Record finding' }).click();
  await expect(decision(page).getByTestId('outcome')).toHaveText('Return to the customer');
  await expect(decision(page).getByTestId('reasons')).toHaveText('Because: not listed on the RMA.');
  await expect(decision(page).locator('blockquote[data-clause="11"]')).toContainText('Only the specific items listed on the RMA will be accepted.');
  await expect(decision(page).getByTestId('customer-pays')).toHaveText('The customer pays the return shipping');
  await expect(page.getByTestId('stored-photos').getByRole('img')).toHaveCount(1);
  await expect(unitRow(page, 'CBL12345').getByRole('img', { name: 'Photo of HDMI-6FT' })).toBeVisible();

  // No fault found on a replacement: back to the customer at their expense (clause 8).
  await inspect(page, 'PSU00042');
  await page.getByLabel('No fault found').check();
  await page.getByRole('button', { name: 'Record finding' }).click();
  await expect(decision(page).getByTestId('outcome')).toHaveText('Return to the customer');
  await expect(decision(page).getByTestId('reasons')).toHaveText('Because: no fault found.');
  await expect(decision(page).locator('blockquote[data-clause="8"]')).toContainText('functioning properly');
  await expect(decision(page).getByTestId('warranty')).toContainText('ends 2026-12-10, counted from the original purchase on 2026-06-10');

  // Misuse needs its kind and a photo; a file that is not an image is refused plainly.
  await inspect(page, 'AMC000WRONG01');
  await page.getByLabel('Misuse', { exact: true }).check();
  await page.getByLabel('abuse', { exact: true }).check();
  await page.getByRole('button', { name: 'Record finding' }).click();
  await expect(benchMessage(page)).toHaveText('A misuse finding needs at least one photo: it is the evidence if the customer disputes it.');
  await page.getByLabel('Add photo from file').setInputFiles(`${FIXTURES}rmas.csv`);
  await expect(page.getByRole('region', { name: /AMC000WRONG01/ }).getByRole('alert')).toContainText('rmas.csv is not an image');
  await page.getByLabel('Add photo from file').setInputFiles(`${FIXTURES}unit-photo.png`);
  await page.getByRole('button', { name: 'Record finding' }).click();
  await expect(decision(page).getByTestId('outcome')).toHaveText('Offer a paid repair ($45.00 a unit)');
  await expect(decision(page).getByTestId('money')).toHaveText('Repair offer: $45.00');
  await expect(decision(page).getByTestId('warranty')).toContainText('ends 2028-06-10, counted from the original purchase on 2026-06-10');
  await expect(decision(page).locator('blockquote[data-clause="12"]')).toContainText('$45.00 fee');
  await expect(decision(page)).toHaveAttribute('data-state', 'waiting_for_supervisor');
  await expect(page.getByText('A supervisor must approve or decide this one.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve the repair offer' })).toHaveCount(0);

  // The supervisor approves the offer and overrides the no-fault return with a reason.
  await signInAs(page, 'Sam Ortiz', 'supervisor');
  await page.getByRole('link', { name: 'Inspection' }).click();
  // At the queue, scanning the box's RMA label opens it; anything else says what is wrong.
  await wedgeScan(page, '1Z5R89390357567127');
  await expect(page.getByTestId('queue-problem')).toHaveText('1Z5R89390357567127 is not an RMA number: scan the box’s RMA label.');
  await wedgeScan(page, 'RMA10000016');
  await expect(page.getByTestId('queue-problem')).toContainText('No box for RMA10000016 is waiting for inspection here.');
  await wedgeScan(page, 'RMA10000024');
  await expect(page.getByTestId('bench-rma')).toHaveText('RMA10000024');
  await inspect(page, 'AMC000WRONG01');
  await page.getByRole('button', { name: 'Approve the repair offer' }).click();
  await expect(decision(page)).toContainText('Approved by Sam Ortiz');
  await inspect(page, 'PSU00042');
  await page.getByLabel('Override the outcome').selectOption('replace');
  await page.getByLabel('Reason (required, kept with the record)').fill('short');
  await page.getByRole('button', { name: 'Record override' }).click();
  await expect(benchMessage(page)).toHaveText('An override needs a written reason of at least 10 characters.');
  await page.getByLabel('Reason (required, kept with the record)').fill('Fails under load on our bench; customer test was too short');
  await page.getByRole('button', { name: 'Record override' }).click();
  await expect(decision(page).getByTestId('override')).toContainText('Replace with the same item — overridden by Sam Ortiz');
  await expect(decision(page).getByTestId('override')).toContainText('Fails under load on our bench');
  await page.getByLabel('Replacement unit’s serial').fill('psu-repl-0001');
  await page.getByRole('button', { name: 'Record replacement' }).click();
  await expect(page.getByTestId('replacement-serial')).toContainText('PSU-REPL-0001 — its warranty counts from the original purchase on 2026-06-10');

  // Closing the box records counted against authorised.
  await page.getByRole('button', { name: 'Close the box' }).click();
  const difference = page.getByRole('region', { name: 'Counted against authorised' });
  await expect(difference.getByRole('row').filter({ hasText: 'PS12V2A' })).toContainText(/PS12V2A\s*2\s*1\s*1/);
  await expect(difference.getByTestId('box-extras')).toHaveText('Not on the RMA: 1 · over quantity: 0 · serial not as listed: 1');

  // After a reload everything is still there, found by the RMA number once the box left the queue.
  await page.reload();
  await page.getByRole('link', { name: 'Inspection' }).click();
  await expect(page.getByRole('region', { name: 'Inspection queue' })).toContainText('No boxes are waiting');
  await page.getByLabel('Find an RMA’s boxes').fill('RMA10000024');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('button', { name: 'Open box' }).click();
  await expect(unitRow(page, 'AMC000WRONG01')).toContainText('Offer a paid repair');
  await expect(unitRow(page, 'PSU00042')).toContainText('Replace with the same item');
  await expect(unitRow(page, 'CBL12345')).toContainText('Return to the customer');
  await expect(page.getByRole('region', { name: 'Counted against authorised' })).toBeVisible();
  await expect(page.getByTestId('progress-inspected')).toHaveText('3');
  await inspect(page, 'AMC000WRONG01');
  await expect(decision(page)).toContainText('Approved by Sam Ortiz');
  await expect(page.getByTestId('stored-photos').getByRole('img')).toHaveCount(1);
});

test('an overdue box stands out in the queue, oldest first', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-02T15:00:00') });
  await setUpStation(page, { role: 'inspector' });
  expect(await scanFor(page, 'RMA10000024')).toBe('accept');
  await page.clock.setSystemTime(new Date('2026-11-24T15:00:00'));
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await page.getByRole('link', { name: 'Inspection' }).click();
  const rows = page.getByRole('region', { name: 'Inspection queue' }).getByRole('row');
  // Received Monday 2 November: due 10 business days later (Veterans Day, 11 November, is out).
  await expect(rows.nth(1)).toHaveAttribute('data-rma', 'RMA10000024');
  await expect(rows.nth(1)).toHaveClass('overdue');
  await expect(rows.nth(1)).toContainText('2026-11-17');
  await expect(rows.nth(1)).toContainText('OVERDUE by 5 business days');
  await expect(rows.nth(2)).toHaveAttribute('data-rma', 'RMA10000016');
  await expect(rows.nth(2)).toContainText('10 business days left');
});

test('a plain message where there is no camera', async ({ page }) => {
  await setUpStation(page, { role: 'inspector' });
  await unitOnBench(page, 'RMA10000016', 'IP8M-2496EB', 'AMC0A1B2C3D4E5');
  await page.getByRole('button', { name: 'Use camera' }).click();
  // Headless Chromium here has no camera device.
  await expect(page.getByRole('region', { name: /AMC0A1B2C3D4E5/ }).getByRole('alert')).toContainText(/camera/i);
  await page.getByRole('button', { name: 'Close camera' }).click();
  await expect(page.getByRole('button', { name: 'Use camera' })).toBeVisible();
});

test('a finding waits for the photos still being prepared, and a unit takes at most 8', async ({ page }) => {
  await setUpStation(page, { role: 'inspector' });
  await unitOnBench(page, 'RMA10000024', 'NV4108E-HS', 'AMC9Z8Y7X6W5V4');
  await page.getByLabel('Misuse', { exact: true }).check();
  await page.getByLabel('accident', { exact: true }).check();

  // A slow station: the photo is still being scaled when the inspector reaches for the button.
  await page.evaluate(() => {
    const decode = window.createImageBitmap.bind(window);
    const held = new Promise<void>((resolve) => Object.assign(window, { letPhotosThrough: resolve }));
    window.createImageBitmap = (async (...args: Parameters<typeof createImageBitmap>) => (await held, decode(...args))) as typeof createImageBitmap;
  });
  await page.getByLabel('Add photo from file').setInputFiles(`${FIXTURES}unit-photo.png`);
  await expect(page.getByTestId('photos-preparing')).toHaveText('Preparing a photo…');
  await expect(page.getByRole('button', { name: 'Record finding' })).toBeDisabled();
  await page.evaluate(() => (window as unknown as { letPhotosThrough: () => void }).letPhotosThrough());
  await expect(page.getByTestId('pending-photos').getByRole('img')).toHaveCount(1);
  await expect(page.getByTestId('photos-preparing')).toHaveCount(0);

  // Eight more chosen at once: seven fit, and the station says so of the one left out.
  const photo = { name: 'unit.png', mimeType: 'image/png', buffer: readFileSync(`${FIXTURES}unit-photo.png`) };
  await page.getByLabel('Add photo from file').setInputFiles(Array.from({ length: 8 }, (_, i) => ({ ...photo, name: `unit-${i + 2}.png` })));
  await expect(page.getByRole('region', { name: /AMC9Z8Y7X6W5V4/ }).getByRole('alert')).toHaveText('At most 8 photos a unit: 1 not added.');
  await expect(page.getByTestId('pending-photos').getByRole('img')).toHaveCount(8);

  await page.getByRole('button', { name: 'Record finding' }).click();
  await expect(decision(page).getByTestId('outcome')).toHaveText('Offer a paid repair ($45.00 a unit)');
  await expect(page.getByTestId('stored-photos').getByRole('img')).toHaveCount(8);
});
