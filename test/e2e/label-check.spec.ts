import { expect, test } from '@playwright/test';

test('the app opens in browser mode and reads a label', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'returns-dock' })).toBeVisible();
  await expect(page.getByTestId('platform')).toContainText('browser mode');

  const field = page.getByLabel('Label text');
  await field.fill('rma-1000-0016');
  const reading = page.locator('.reading');
  await expect(reading).toHaveAttribute('data-kind', 'rma');
  await expect(reading).toHaveAttribute('data-valid', 'true');
  await expect(reading).toContainText('RMA10000016');

  await field.fill('RMA10000017');
  await expect(reading).toHaveAttribute('data-valid', 'false');
  await expect(reading).toContainText('check digit is wrong');

  await field.fill('1Z5R89390357567127');
  await expect(reading).toContainText('Tracking number · UPS');
});

test('no page errors on strange input', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  const field = page.getByLabel('Label text');
  for (const text of ['😀'.repeat(500), '\u0007\u001d]C1', '9'.repeat(5000), '<script>alert(1)</script>']) {
    await field.fill(text);
    await expect(page.locator('.reading')).toHaveAttribute('data-kind', /.+/);
  }
  expect(errors).toEqual([]);
});
