import { expect, type Page } from '@playwright/test';

export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** A new station: name it, sign in, optionally import the fixture RMAs. */
export async function setUpStation(page: Page, options: { role?: 'dock' | 'inspector' | 'supervisor'; importFixture?: boolean } = {}) {
  await page.goto('/');
  await page.getByLabel('Station name').fill('Dock door 3');
  await page.getByRole('button', { name: 'Save station' }).click();
  await page.getByLabel('Your name').fill('Dana Reyes');
  await page.getByLabel('Role').selectOption(options.role ?? 'dock');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in')).toHaveText(`Dana Reyes (${options.role ?? 'dock'})`);
  if (options.importFixture ?? true) await importFile(page, 'rmas.csv');
  await page.getByRole('link', { name: 'Dock' }).click();
  // The dock listens for a scanner once its screen is up: a scan sent before then is lost (as a
  // real one would be, mid-navigation), which made a test that scans first flaky under load.
  await expect(page.getByLabel('Scan', { exact: true })).toBeVisible();
}

/** Another person signs in at the same station. */
export async function signInAs(page: Page, name: string, role: 'dock' | 'inspector' | 'supervisor') {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in')).toHaveText(`${name} (${role})`);
}

export async function importFile(page: Page, name: string) {
  await page.getByRole('link', { name: 'Import RMAs' }).click();
  await page.getByLabel('RMA file').setInputFiles(`${FIXTURES}${name}`);
  await expect(page.getByTestId('import-report')).toBeVisible();
}

export const verdict = (page: Page) => page.locator('section.verdict');

/**
 * A keyboard-wedge scan: the code's keys then Enter, dispatched in the page `gapMs` apart with
 * nothing focused, as a scanner types them. Resolves when the keys are sent.
 */
export async function wedgeScan(page: Page, text: string, options: { gapMs?: number; end?: 'Enter' | 'Tab' } = {}) {
  await page.evaluate(
    async ({ text, gapMs, end }) => {
      (document.activeElement as HTMLElement | null)?.blur();
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      for (const key of [...text, end]) {
        window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        window.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
        if (gapMs) await sleep(gapMs);
      }
    },
    { text, gapMs: options.gapMs ?? 0, end: options.end ?? 'Enter' },
  );
}

/** Scan and wait for the verdict it gives (the panel's serial moves on). */
export async function scanFor(page: Page, text: string): Promise<string> {
  const before = Number(await verdict(page).getAttribute('data-serial'));
  await wedgeScan(page, text);
  await expect(verdict(page)).not.toHaveAttribute('data-serial', String(before));
  return (await verdict(page).getAttribute('data-verdict')) ?? '';
}

// Inspection
export const unitRow = (page: Page, serial: string) => page.getByRole('table', { name: 'Units counted' }).getByRole('row').filter({ hasText: serial });
export const decision = (page: Page) => page.getByRole('region', { name: 'Decision' });
export const benchMessage = (page: Page) => page.getByTestId('bench-message');

export async function countUnit(page: Page, sku: string, serial: string) {
  await page.getByLabel('SKU', { exact: true }).fill(sku);
  await page.getByLabel('Serial', { exact: true }).fill(serial);
  await page.getByRole('button', { name: 'Count unit' }).click();
  await expect(benchMessage(page)).toHaveText(`Counted ${sku} ${serial}.`);
}

/** From the dock to a unit open on the inspection bench: its box accepted and opened, the unit counted. */
export async function unitOnBench(page: Page, rma: string, sku: string, serial: string) {
  await page.getByRole('link', { name: 'Dock' }).click();
  await expect(page.getByLabel('Scan', { exact: true })).toBeVisible();
  expect(await scanFor(page, rma)).toBe('accept');
  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.getByRole('region', { name: 'Inspection queue' }).getByRole('row').filter({ hasText: rma }).getByRole('button', { name: 'Open box' }).click();
  await countUnit(page, sku, serial);
  await inspect(page, serial);
}

export async function inspect(page: Page, serial: string) {
  await unitRow(page, serial).getByRole('button', { name: /Inspect|Open/ }).click();
  await expect(page.getByRole('region', { name: new RegExp(serial) })).toBeVisible();
}

