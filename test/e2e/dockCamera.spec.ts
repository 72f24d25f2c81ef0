import { expect, test } from './test';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withFakeCamera } from './chromium';
import { setUpStation, verdict } from './helpers';
import { labelFrame } from '../fixtures/labelCorpus';

// Chromium's fake camera plays a clip made here: a label with an RMA number and a UPS tracking number.
const clip = join(tmpdir(), `returns-dock-label-${process.pid}.mjpeg`);
test.use(withFakeCamera(clip));

test.beforeAll(async ({ browser }) => {
  const frame = await labelFrame(browser, [
      { text: '1Z5R89390357567127', format: 'Code128' },
      { text: 'RMA10000024', format: 'Code128' },
    ], 'none', 0, 'jpeg');
  writeFileSync(clip, Buffer.concat(Array.from({ length: 30 }, () => frame)));
});

test('the dock camera reads a label held up to it: same verdict, tracking paired, once', async ({ page }) => {
  await setUpStation(page);
  await page.getByRole('button', { name: 'Use camera' }).click();
  await expect(page.getByLabel('Dock camera')).toBeVisible();
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'accept', { timeout: 15_000 });
  await expect(verdict(page)).toContainText('RMA10000024');
  await expect(page.locator('.recent tbody tr').first()).toContainText('1Z5R89390357567127');
  // The label stays in front of the camera: it is not a second box.
  await page.waitForTimeout(1500);
  await expect(page.locator('.recent tbody tr')).toHaveCount(1);
  await page.getByRole('button', { name: 'Close camera' }).click();
  await expect(page.getByLabel('Dock camera')).toHaveCount(0);
});
