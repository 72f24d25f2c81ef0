import { expect, test } from './test';
import { setUpStation } from './helpers';

test('browser mode reads a label on the label check screen', async ({ page }) => {
  await setUpStation(page, { importFixture: false });
  await expect(page.getByTestId('platform')).toContainText('browser mode');
  await page.getByRole('link', { name: 'Label check' }).click();

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

  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const text of ['😀'.repeat(500), '\u0007\u001d]C1', '9'.repeat(5000), '<script>alert(1)</script>']) {
    await field.fill(text);
    await expect(reading).toHaveAttribute('data-kind', /.+/);
  }
  expect(errors).toEqual([]);
});
