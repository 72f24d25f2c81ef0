import type { Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/main';
import { expect, test } from './test';
import { FIXTURES, scanFor, setUpStation } from './helpers';

const ADMIN = 'e2e-admin-token-for-tests';
const admin = { authorization: `Bearer ${ADMIN}` };

/**
 * The renderer as the desktop app runs it: `window.warehouse`, the preload's bridge, stood in for by
 * one that answers each channel as the main process does. What main keeps on disk (the journal,
 * cut as `EventJournal` cuts it, and the station's identity) is kept in the page's localStorage,
 * which outlives a reload and the loss of IndexedDB. Its disk fills once, then has room again.
 */
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    type Disk = { journal: Record<number, { stationSeq: number }>; station: unknown };
    const read = (): Disk => JSON.parse(localStorage.getItem('main-process-disk') ?? '{"journal":{},"station":null}') as Disk;
    const write = (disk: Disk) => localStorage.setItem('main-process-disk', JSON.stringify(disk));
    const state = { full: false };
    (window as unknown as { __journal: unknown }).__journal = { state, seqs: () => Object.keys(read().journal).map(Number).sort((a, b) => a - b) };
    const ok = (value: unknown) => Promise.resolve({ ok: true, value });
    (window as unknown as { warehouse: unknown }).warehouse = {
      'app:about': () => ok({ version: '0.1.0', electron: '41.7.1', platform: 'linux' }),
      'journal:read': () => ok({ events: Object.values(read().journal).sort((a, b) => a.stationSeq - b.stationSeq) }),
      'journal:append': ({ events }: { events: { stationSeq: number }[] }) => {
        if (state.full) return Promise.resolve({ ok: false, error: 'journal:append: ENOSPC: no space left on device, write' });
        const disk = read();
        for (const e of events) disk.journal[e.stationSeq] = e;
        write(disk);
        return ok({ appended: events.length });
      },
      'journal:acknowledge': ({ ackStationSeq }: { ackStationSeq: number }) => {
        const disk = read();
        for (const seq of Object.keys(disk.journal).map(Number)) if (seq < ackStationSeq) delete disk.journal[seq];
        write(disk);
        return ok({ kept: Object.keys(disk.journal).filter((seq) => Number(seq) > ackStationSeq).length });
      },
      'station:remember': (station: unknown) => {
        write({ ...read(), station });
        return ok({});
      },
      'station:recall': () => ok({ remembered: read().station }),
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

test('a desktop station whose database is lost opens as itself, linked, and its next box follows its last', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rd-e2e-server-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN });
  try {
    const imported = await fetch(`${server.url}/api/v1/admin/rmas/import`, { method: 'POST', headers: { ...admin, 'content-type': 'text/csv' }, body: readFileSync(`${FIXTURES}rmas.csv`, 'utf8') });
    expect(imported.status).toBe(200);
    const created = await fetch(`${server.url}/api/v1/admin/stations`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Dock door 9' }) });
    const { enrolCode } = (await created.json()) as { enrolCode: string };

    await setUpStation(page, { importFixture: false });
    await page.getByRole('link', { name: 'Sync', exact: true }).click();
    await page.getByLabel('Server address').fill(server.url);
    await page.getByLabel('Enrolment code').fill(enrolCode);
    await page.getByRole('button', { name: 'Link this station' }).click();
    await expect(page.getByText('Linked as “Dock door 9” and synced.')).toBeVisible();
    await page.getByRole('link', { name: 'Dock' }).click();
    expect(await scanFor(page, 'RMA10000016')).toBe('accept');
    expect(await scanFor(page, 'RMA10000024')).toBe('accept');
    const badge = page.getByTestId('sync-badge');
    await expect(badge).toHaveAttribute('data-pending', '0');
    await expect.poll(() => server.store.db.selectFrom('events').select('station_seq').execute().then((r) => r.length)).toBe(2);

    // The station's IndexedDB is lost (a profile reset, an upgrade that moved it): the app opens again.
    await page.evaluate(async () => {
      for (const { name } of await indexedDB.databases()) {
        await new Promise((resolve) => {
          const asked = indexedDB.deleteDatabase(name!);
          asked.onsuccess = asked.onerror = resolve;
        });
      }
    });
    await page.reload();
    await expect(page.getByLabel('Station name')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Sign in at Dock door 9' })).toBeVisible();
    await page.getByLabel('Your name').fill('Dana Reyes');
    await page.getByLabel('Role').selectOption('dock');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Dock' }).click();
    await expect(page.getByLabel('Scan', { exact: true })).toBeVisible();
    // Linked still: it syncs, the RMAs come back with the pull, and they decide the next box.
    await expect(badge).toContainText('Online');
    await expect(badge).not.toContainText('last sync never', { timeout: 15_000 });
    expect(await scanFor(page, 'RMA10000065')).toBe('accept');
    const stored = () => server.store.db.selectFrom('events').select(['station_id', 'station_seq', 'status']).orderBy('server_seq').execute();
    await expect.poll(async () => (await stored()).map((e) => [e.station_seq, e.status]), { timeout: 15_000 }).toEqual([[1, 'accepted'], [2, 'accepted'], [3, 'accepted']]);
    expect(new Set((await stored()).map((e) => e.station_id)).size).toBe(1);
    await expect(badge).toHaveAttribute('data-pending', '0');
    await expect(badge).not.toContainText('refused');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
