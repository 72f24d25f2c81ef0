import { expect, test } from './test';
import { withFakeCamera } from './chromium';
import { setUpStation, unitOnBench } from './helpers';

// Chromium's own fake camera (a moving test pattern), allowed without asking.
test.use(withFakeCamera());

test('a misuse photo taken with the camera is recorded with the finding', async ({ page }) => {
  await setUpStation(page, { role: 'inspector' });
  await unitOnBench(page, 'RMA10000016', 'IP8M-2496EB', 'AMC0A1B2C3D4E5');
  await page.getByLabel('Misuse', { exact: true }).check();
  await page.getByLabel('taken apart').check();
  await page.getByRole('button', { name: 'Use camera' }).click();
  await expect(page.getByLabel('Camera preview')).toBeVisible();
  await expect.poll(() => page.getByLabel('Camera preview').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Take photo' }).click();
  await expect(page.getByTestId('pending-photos').getByRole('img')).toHaveCount(1);
  await page.getByRole('button', { name: 'Record finding' }).click();
  // A refund request with misuse goes to a supervisor (rule 6).
  await expect(page.getByRole('region', { name: 'Decision' }).getByTestId('outcome')).toHaveText('Supervisor to decide');
  await expect(page.getByTestId('stored-photos').getByRole('img')).toHaveCount(1);
  // The camera is released with the form.
  await expect(page.getByLabel('Camera preview')).toHaveCount(0);
});
