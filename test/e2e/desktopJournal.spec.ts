import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { scanFor, setUpStation } from './helpers';

/**
 * The renderer as the desktop app runs it: `window.warehouse`, the preload's bridge, stood in for by
 * one that answers each channel as the main process does and keeps the journal in the page. Its
 * disk fills once, then has room again.
 */
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const journal = new Map<number, unknown>();
    const state = { full: false };
    (window as unknown as { __journal: unknown }).__journal = { state, seqs: () => [...journal.keys()].sort((a, b) => a - b) };
    const ok = (value: unknown) => Promise.resolve({ ok: true, value });
    (window as unknown as { warehouse: unknown }).warehouse = {
      'app:about': () => ok({ version: '0.1.0', electron: '41.7.1', platform: 'linux' }),
      'journal:read': () => ok({ events: [...journal.values()] }),
      'journal:append': ({ events }: { events: { stationSeq: number }[] }) => {
        if (state.full) return Promise.resolve({ ok: false, error: 'journal:append: ENOSPC: no space left on device, write' });
        for (const e of events) journal.set(e.stationSeq, e);
        return ok({ appended: events.length });
      },
      'journal:acknowledge': ({ ackStationSeq }: { ackStationSeq: number }) => {
        for (const seq of [...journal.keys()]) if (seq <= ackStationSeq) journal.delete(seq);
        return ok({ kept: journal.size });
      },
      'print:printers': () => ok({ printers: [] }),
      'print:pdf': () => ok({ output: 'dialog' }),
      'print:save': () => ok({ saved: false, path: null }),
    };
  });
});

const journalSeqs = (page: Page) => page.evaluate(() => (window as unknown as { __journal: { seqs: () => number[] } }).__journal.seqs());
const diskFull = (page: Page, full: boolean) =>
  page.evaluate((f) => void ((window as unknown as { __journal: { state: { full: boolean } } }).__journal.state.full = f), full);

test('in the desktop app, a journal its disk cannot take is said on every screen, and the next fact mends it', async ({ page }) => {
  await setUpStation(page);
  await expect(page.getByTestId('platform')).toContainText('desktop');
  await scanFor(page, 'RMA10000016');
  await expect.poll(() => journalSeqs(page)).toEqual([1]);

  await diskFull(page, true);
  await scanFor(page, 'RMA10000024');
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toContainText('journal problem');
  await badge.click();
  await expect(page.getByTestId('journal-problem')).toHaveText(
    'This station’s journal (the desktop app’s second copy of the facts not yet sent) could not be written: journal:append: ENOSPC: no space left on device, write. The facts recorded here are kept in its database; the journal is tried again with the next fact.',
  );

  await diskFull(page, false);
  await page.getByRole('link', { name: 'Dock' }).click();
  await expect(page.getByLabel('Scan', { exact: true })).toBeVisible();
  await scanFor(page, 'RMA10000032');
  // The fact it missed goes with the next: the journal holds every fact not yet acknowledged.
  await expect.poll(() => journalSeqs(page)).toEqual([1, 2, 3]);
  await expect(badge).not.toContainText('journal problem');
  await badge.click();
  await expect(page.getByTestId('journal-problem')).toHaveCount(0);
});
