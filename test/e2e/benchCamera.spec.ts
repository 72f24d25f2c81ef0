import { expect, test } from './test';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withFakeCamera } from './chromium';
import { benchMessage, importFile, scanFor, setUpStation, unitRow } from './helpers';
import { ITEM_HEADING, ITEM_LABEL, labelFrame } from '../fixtures/labelCorpus';

// Chromium's fake camera plays an item's own label: its UPC-A (the SKU) and its serial.
const clip = join(tmpdir(), `returns-dock-item-${process.pid}.mjpeg`);
test.use(withFakeCamera(clip));

test.beforeAll(async ({ browser }) => {
  const frame = await labelFrame(browser, ITEM_LABEL, 'perspective', 15, 'jpeg', ITEM_HEADING);
  writeFileSync(clip, Buffer.concat(Array.from({ length: 30 }, () => frame)));
});

test('the bench camera counts an item from its label: SKU as the RMA writes it, serial, once', async ({ page }) => {
  await setUpStation(page, { role: 'inspector' });
  await importFile(page, 'rmas-items.csv');
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000040')).toBe('accept');
  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.getByRole('region', { name: 'Inspection queue' }).getByRole('row').filter({ hasText: 'RMA10000040' }).getByRole('button', { name: 'Open box' }).click();

  await page.getByRole('button', { name: 'Scan with camera' }).click();
  await expect(page.getByLabel('Bench camera')).toBeVisible();
  // The decoder reads the UPC-A as its 13-digit GTIN; the bench writes it as the RMA does, so it matches.
  await expect(benchMessage(page)).toHaveText('Counted 036000291452 SN7Q4471230981.', { timeout: 15_000 });
  await expect(unitRow(page, 'SN7Q4471230981')).toContainText('on the RMA');
  // The item stays in front of the camera: it is not counted again (nor refused as a double scan).
  await page.waitForTimeout(1500);
  await expect(page.getByRole('table', { name: 'Units counted' }).locator('tbody tr')).toHaveCount(1);
  await expect(benchMessage(page)).toHaveText('Counted 036000291452 SN7Q4471230981.');
  await page.getByRole('button', { name: 'Close camera' }).click();
  await expect(page.getByLabel('Bench camera')).toHaveCount(0);
  await expect(page.getByLabel('SKU', { exact: true })).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Scan with camera' })).toBeVisible();
});
