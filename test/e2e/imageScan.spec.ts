import { expect, test } from './test';
import { FIXTURES, setUpStation, verdict } from './helpers';
import { labelFrame, RETURN_LABEL } from '../fixtures/labelCorpus';

test('a label image dropped on the dock gives the same verdict as a scan, its tracking number paired', async ({ page, browser }) => {
  await setUpStation(page);
  const png = await labelFrame(browser, [
    { text: '1Z5R89390357567127', format: 'Code128' },
    { text: 'RMA10000024', format: 'Code128' },
    { text: 'RMA10000024', format: 'QRCode' },
  ]);
  await page.getByLabel('Read a label from an image').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: png });
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'accept');
  await expect(verdict(page)).toContainText('RMA10000024');
  await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText('1Z5R89390357567127');

  // Dropped anywhere on the screen, as from a file manager or a phone's shared photo.
  const dropped = await labelFrame(browser, [{ text: 'RMA10000016', format: 'QRCode' }]);
  const dataTransfer = await page.evaluateHandle((b64) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'photo.png', { type: 'image/png' }));
    return dt;
  }, dropped.toString('base64'));
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(verdict(page)).toContainText('RMA10000016');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'accept');
});

test('a label with two RMA numbers asks which; an image without one says so', async ({ page, browser }) => {
  await setUpStation(page);
  const two = await labelFrame(browser, [
    { text: 'RMA10000016', format: 'Code128' },
    { text: 'RMA10000024', format: 'Code128' },
  ]);
  await page.getByLabel('Read a label from an image').setInputFiles({ name: 'two.png', mimeType: 'image/png', buffer: two });
  const ask = page.getByRole('group', { name: 'Which RMA is this box?' });
  await expect(ask).toContainText('This label has 2 RMA numbers.');
  await ask.getByRole('button', { name: 'RMA10000016' }).click();
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'accept');
  await expect(verdict(page)).toContainText('RMA10000016');

  await page.getByLabel('Read a label from an image').setInputFiles(`${FIXTURES}unit-photo.png`);
  await expect(page.getByTestId('image-problem')).toHaveText('No RMA label barcode was found in that image: try a sharper photo, or scan it.');
  await page.getByLabel('Read a label from an image').setInputFiles(`${FIXTURES}rmas.csv`);
  await expect(page.getByTestId('image-problem')).toHaveText('That file is not an image this station can read (PNG, JPEG, WebP).');
});

test('the dock says plainly when there is no camera', async ({ page }) => {
  await setUpStation(page);
  await page.getByRole('button', { name: 'Use camera' }).click();
  await expect(page.getByTestId('camera-problem')).toContainText(/camera/i);
  await page.getByRole('button', { name: 'Close camera' }).click();
  await expect(page.getByRole('button', { name: 'Use camera' })).toBeVisible();
});

test('with zxing-js chosen in Settings, a label image gives the same verdict', async ({ page, browser }) => {
  await setUpStation(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Barcode decoder (camera and images)').selectOption('zxing-js');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await page.getByRole('link', { name: 'Dock' }).click();
  const png = await labelFrame(browser, [
    { text: '1Z5R89390357567127', format: 'Code128' },
    { text: 'RMA10000024', format: 'Code128' },
  ]);
  await page.getByLabel('Read a label from an image').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: png });
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'accept');
  await expect(verdict(page)).toContainText('RMA10000024');
  await expect(page.locator('.recent tbody tr').first()).toContainText('1Z5R89390357567127');
});

test('a label photographed at an angle, rotated or with glare is still read', async ({ page, browser }) => {
  await setUpStation(page);
  for (const [degradation, strength] of [
    ['perspective', 30],
    ['rotation', 90],
    ['glare', 0.45],
  ] as const) {
    const before = await page.locator('.recent tbody tr').count();
    const frame = await labelFrame(browser, RETURN_LABEL, degradation, strength, 'jpeg');
    await page.getByLabel('Read a label from an image').setInputFiles({ name: `${degradation}.jpg`, mimeType: 'image/jpeg', buffer: frame });
    await expect(page.locator('.recent tbody tr')).toHaveCount(before + 1);
    await expect(verdict(page)).toContainText('RMA10000024');
  }
});
