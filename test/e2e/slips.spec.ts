import { expect, test } from './test';
import { readFileSync } from 'node:fs';
import { benchMessage, countUnit, decision, inspect, scanFor, setUpStation, signInAs } from './helpers';

test('a replacement decided at inspection is printed, shipped with a tracking number, and its RMA closes', async ({ page }) => {
  test.setTimeout(60_000);
  // The site's name and address head every slip: a supervisor sets them.
  await setUpStation(page, { role: 'supervisor' });
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Site name (on packing slips)').fill('Returns Center West');
  await page.getByLabel('Site address (on packing slips, one line each)').fill('1200 Industrial Pkwy, Dock 4\nReno NV 89502');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await signInAs(page, 'Ines Park', 'inspector');

  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000065')).toBe('accept');
  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.getByRole('button', { name: 'Open box' }).click();
  await countUnit(page, 'IP5M-T1179EW', 'AMCTURRET00077');
  await inspect(page, 'AMCTURRET00077');
  await page.getByLabel('Defective').check();
  await page.getByRole('button', { name: 'Record finding' }).click();
  await expect(decision(page).getByTestId('outcome')).toHaveText('Replace with the same item');
  await expect(decision(page).getByTestId('customs')).toBeVisible();
  await page.getByLabel('Replacement unit’s serial').fill('AMCTURRET00999');
  await page.getByRole('button', { name: 'Record replacement' }).click();
  await expect(benchMessage(page)).toHaveText('Replacement AMCTURRET00999 recorded.');

  await page.getByRole('link', { name: 'Slips' }).click();
  const card = page.getByRole('article', { name: 'REPLACEMENT RMA10000065' });
  await expect(card).toContainText('IP5M-T1179EW AMCTURRET00077 → AMCTURRET00999');
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Print slip' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^RMA10000065-replacement-[0-9a-f]{8}\.pdf$/);
  const pdf = readFileSync((await download.path()));
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.subarray(-6).toString()).toContain('%%EOF');
  await expect(page.getByTestId('slips-message')).toHaveText('Printed the replacement slip for RMA10000065.');
  await expect(card).toContainText('printed 1×');

  // A reprint is a fact too; a bad tracking number is refused plainly.
  const [again] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Reprint slip' }).click()]);
  expect(readFileSync((await again.path())).subarray(0, 5).toString()).toBe('%PDF-');
  await expect(card).toContainText('printed 2×');
  await card.getByLabel('Outbound tracking number').fill('1Z5R89390357567128');
  await card.getByRole('button', { name: 'Ship' }).click();
  await expect(page.getByTestId('slips-message')).toHaveText('1Z5R89390357567128 is not a tracking number we can read (its check digit is wrong): scan the outbound label again.');
  await card.getByLabel('Outbound tracking number').fill('1Z5R89390357567127');
  await card.getByRole('button', { name: 'Ship' }).click();
  await expect(page.getByTestId('slips-message')).toHaveText('Shipped RMA10000065 with UPS 1Z5R89390357567127. RMA10000065 is closed: every unit is final and shipped.');
  await expect(card).toHaveCount(0);

  // The inspection screen says the same after a reload.
  await page.reload();
  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.getByLabel('Find an RMA’s boxes').fill('RMA10000065');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('region', { name: 'Boxes by RMA' }).getByRole('button', { name: 'Open box' }).click();
  await expect(page.getByTestId('progress-shipped')).toHaveText('1');
  await expect(page.getByTestId('progress-closed')).toHaveText('closed');
});

test('print all slips not yet printed, in one go; save as PDF', async ({ page }) => {
  await setUpStation(page, { role: 'inspector' });
  for (const [rma, sku, serial, finding] of [
    ['RMA10000065', 'IP5M-T1179EW', 'AMCTURRET00077', 'Defective'],
    ['RMA10000024', 'PS12V2A', 'PSU00042', 'No fault found'],
  ] as const) {
    await page.getByRole('link', { name: 'Dock' }).click();
    expect(await scanFor(page, rma)).toBe('accept');
    await page.getByRole('link', { name: 'Inspection' }).click();
    await page.getByRole('region', { name: 'Inspection queue' }).getByRole('row').filter({ hasText: rma }).getByRole('button', { name: 'Open box' }).click();
    await countUnit(page, sku, serial);
    await inspect(page, serial);
    await page.getByLabel(finding).check();
    await page.getByRole('button', { name: 'Record finding' }).click();
    await expect(decision(page)).toBeVisible();
  }
  await page.getByRole('link', { name: 'Slips' }).click();
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.getByRole('button', { name: 'Print all not yet printed (2)' }).click();
  await expect(page.getByTestId('slips-message')).toHaveText('Printed 2 slips.');
  await expect.poll(() => downloads.length).toBe(2);
  expect(downloads.map((d) => d.replace(/-[0-9a-f]{8}\.pdf$/, '')).sort()).toEqual(['RMA10000024-return_to_customer', 'RMA10000065-replacement']);
  await expect(page.getByRole('button', { name: /Print all not yet printed/ })).toHaveCount(0);

  const card = page.getByRole('article', { name: 'RETURN TO CUSTOMER RMA10000024' });
  const [saved] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Save as PDF' }).click()]);
  expect(readFileSync((await saved.path())).subarray(0, 5).toString()).toBe('%PDF-');
  await expect(page.getByTestId('slips-message')).toHaveText('Saved the return to customer slip for RMA10000024.');
  await expect(card).toContainText('printed 2×');
});
