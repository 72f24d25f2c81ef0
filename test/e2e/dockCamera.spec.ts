import { expect, test } from './test';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions, e2ePort, withFakeCamera } from './chromium';
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

test('at a network address the browser offers no camera: the station says why and what to do, not that none is connected', async () => {
  // Browser mode served to the station's network (npm run web -- --host 0.0.0.0) is opened at an
  // address such as http://dock-station:4173, which is not a secure context. The camera is there.
  const atNetworkAddress = await chromium.launch({
    ...chromiumLaunchOptions,
    args: [...chromiumLaunchOptions.args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--host-resolver-rules=MAP dock-station.test 127.0.0.1'],
  });
  try {
    const page = await atNetworkAddress.newPage({ baseURL: `http://dock-station.test:${e2ePort}` });
    await setUpStation(page);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    await page.getByRole('button', { name: 'Use camera' }).click();
    await expect(page.getByTestId('camera-problem')).toHaveText(
      "This browser lets a page use the camera only at this computer's own address (127.0.0.1) or over HTTPS, and this station was opened at a network address: use the desktop app, open the app at 127.0.0.1 on this computer, or use the scanner, or read a label from an image.",
    );
    // The scanner still decides.
    await page.getByLabel('Scan', { exact: true }).fill('RMA10000024');
    await page.keyboard.press('Enter');
    await expect(verdict(page)).toHaveAttribute('data-verdict', 'accept');
  } finally {
    await atNetworkAddress.close();
  }
});
