import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../server/main';
import { e2eBaseUrl } from './chromium';
import { benchMessage, decision, FIXTURES, inspect, scanFor, setUpStation, signInAs, unitOnBench, unitRow, wedgeScan } from './helpers';
import { main } from '../../cli/main';
import type { Rma } from '../../shared/rma';
import { demoRmas } from '../../cli/demoData';

let server: RunningServer;
let dataDir: string;
const ADMIN = 'e2e-admin-token-for-tests';
const admin = { authorization: `Bearer ${ADMIN}` };

test.beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rd-e2e-server-'));
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN });
  const imported = await fetch(`${server.url}/api/v1/admin/rmas/import`, { method: 'POST', headers: { ...admin, 'content-type': 'text/csv' }, body: readFileSync(`${FIXTURES}rmas.csv`, 'utf8') });
  expect(imported.status).toBe(200);
});

test.afterEach(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function enrolmentCode(name: string): Promise<string> {
  const r = await fetch(`${server.url}/api/v1/admin/stations`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  return ((await r.json()) as { enrolCode: string }).enrolCode;
}

test('a new station taking in a large warehouse says how far it has come, then that it is online', async ({ page }) => {
  // 2,500 RMAs more than the fixture's: a new station takes them in three pages of 1,000.
  const more = JSON.stringify(demoRmas({ count: 2_500, issuedUpTo: '2026-11-27' }));
  const imported = await fetch(`${server.url}/api/v1/admin/rmas/import`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: more });
  expect(imported.status).toBe(200);
  // The second page is held back until the badge has been read.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let pagesHeld = 0;
  await page.route(/\/api\/v1\/sync\/pull\?after=[1-9]/, async (route) => {
    pagesHeld++;
    await held;
    await route.continue();
  });
  await setUpStation(page, { importFixture: false });
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByLabel('Server address').fill(server.url);
  await page.getByLabel('Enrolment code').fill(await enrolmentCode('Dock door 7'));
  await page.getByRole('button', { name: 'Link this station' }).click();
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toContainText(/Catching up with the server: \d+%/);
  const shown = Number(await badge.getAttribute('data-catching-up'));
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(100);
  expect(pagesHeld).toBe(1);
  release();
  await expect(page.getByText('Linked as “Dock door 7” and synced.')).toBeVisible();
  await expect(badge).toContainText('Online');
  await expect(badge).not.toHaveAttribute('data-catching-up');
});

test('a station offline for 20 scans sends them all when the network returns', async ({ page }) => {
  await setUpStation(page, { importFixture: false });
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByLabel('Server address').fill(server.url);
  await page.getByLabel('Enrolment code').fill(await enrolmentCode('Dock door 3'));
  await page.getByRole('button', { name: 'Link this station' }).click();
  await expect(page.getByText('Linked as “Dock door 3” and synced.')).toBeVisible();
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toHaveAttribute('data-state', 'ok');

  await page.context().setOffline(true);
  await page.getByRole('link', { name: 'Dock' }).click();
  const rmas = ['RMA10000016', 'RMA10000024', 'RMA10000032', 'RMA10000065'];
  for (let i = 0; i < 20; i++) {
    // The pulled RMAs decide: accepts and refusals, never a hold.
    expect(['accept', 'refuse']).toContain(await scanFor(page, rmas[i % rmas.length]!));
  }
  await expect(badge).toHaveAttribute('data-pending', '20');
  await expect(badge).toHaveAttribute('data-state', 'offline');

  await page.context().setOffline(false);
  await expect(badge).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  await expect(badge).toHaveAttribute('data-state', 'ok');
  const stored = await server.store.db.selectFrom('events').select(['station_seq', 'status']).orderBy('station_seq').execute();
  expect(stored.map((e) => e.station_seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  expect(stored.every((e) => e.status === 'accepted')).toBe(true);
});

test('a server that stops answering mid-request (its connection dead under it) does not hold the station: a minute on it says so, and sends everything once the server answers', async ({ page }) => {
  await page.clock.install();
  await setUpStation(page, { importFixture: false });
  await link(page, 'Dock door 3');
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toHaveAttribute('data-state', 'ok');

  // Pushes go into a black hole: the request is taken, and nothing ever comes back.
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  let taken = 0;
  await page.route('**/api/v1/sync/push', async (route) => {
    taken++;
    await answered;
    await route.abort('connectionreset').catch(() => undefined);
  });
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await page.clock.runFor(2_000);
  await expect.poll(() => taken).toBe(1);
  await expect(badge).toHaveAttribute('data-pending', '1');
  await page.clock.runFor(30_000);
  await expect(badge).toHaveAttribute('data-state', 'ok');

  // A minute after it was sent: given up, and said. The dock goes on recording meanwhile.
  await page.clock.runFor(30_000);
  await expect(badge).toHaveAttribute('data-state', 'offline');
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await expect(page.getByText('The sync server stopped answering (the network dropped, or the server is stuck).')).toBeVisible();
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000024')).toBe('accept');
  await expect(badge).toHaveAttribute('data-pending', '2');

  // The server answers again: the next try, after the backoff, sends both.
  await page.unroute('**/api/v1/sync/push');
  answer();
  await page.clock.runFor(5 * 60_000);
  await expect(badge).toHaveAttribute('data-pending', '0');
  await expect(badge).toHaveAttribute('data-state', 'ok');
  const stored = await server.store.db.selectFrom('events').select('station_seq').orderBy('station_seq').execute();
  expect(stored.map((e) => Number(e.station_seq))).toEqual([1, 2]);
});

async function link(page: Page, name: string) {
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByLabel('Server address').fill(server.url);
  await page.getByLabel('Enrolment code').fill(await enrolmentCode(name));
  await page.getByRole('button', { name: 'Link this station' }).click();
  await expect(page.getByText(`Linked as “${name}” and synced.`)).toBeVisible();
}

/** A box for RMA10000024 accepted at the dock, its unit counted and found misused, with one photo. */
async function misuseWithPhoto(page: Page) {
  await unitOnBench(page, 'RMA10000024', 'NV4108E-HS', 'AMC9Z8Y7X6W5V4');
  await page.getByLabel('Misuse', { exact: true }).check();
  await page.getByLabel('accident', { exact: true }).check();
  await page.getByLabel('Add photo from file').setInputFiles(`${FIXTURES}unit-photo.png`);
  await page.getByRole('button', { name: 'Record finding' }).click();
  await expect(decision(page).getByTestId('outcome')).toHaveText('Offer a paid repair ($45.00 a unit)');
}

test('a misuse photo goes to the server after its finding; a supervisor at another station is shown it from there', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await setUpStation(page, { role: 'inspector', importFixture: false });
  await link(page, 'Bench 1');
  await misuseWithPhoto(page);

  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
  await expect(page.getByTestId('sync-photos-pending')).toHaveText('0');
  const kept = await server.store.db.selectFrom('photos').select(['id', 'bytes']).execute();
  expect(kept).toHaveLength(1);

  // A second station — another browser profile — linked by a supervisor, who reviews the misuse.
  const desk = await browser.newContext({ baseURL: e2eBaseUrl });
  const other = await desk.newPage();
  await setUpStation(other, { role: 'supervisor', importFixture: false });
  await link(other, 'Supervisor desk');
  await other.getByRole('link', { name: 'Inspection' }).click();
  await other.getByLabel('Find an RMA’s boxes').fill('RMA10000024');
  await other.getByRole('button', { name: 'Find' }).click();
  await other.getByRole('region', { name: 'Boxes by RMA' }).getByRole('button', { name: 'Open box' }).click();
  await expect(unitRow(other, 'AMC9Z8Y7X6W5V4')).toContainText('Offer a paid repair');
  await inspect(other, 'AMC9Z8Y7X6W5V4');
  await expect(other.getByTestId('stored-photos')).toHaveCount(0);
  // Not on the server (yet, or any more): said plainly, nothing else lost, and asked again later.
  const row = await server.store.db.selectFrom('photos').selectAll().executeTakeFirstOrThrow();
  await server.store.db.deleteFrom('photos').execute();
  await other.getByRole('button', { name: 'Show the photo from the server' }).click();
  await expect(other.getByTestId('server-photo-problems')).toHaveText('Photo 1: the server has no photo with that id (yet): its station sends it after its inspection.');
  await server.store.db.insertInto('photos').values(row).execute();
  await other.getByRole('button', { name: 'Show the photo from the server' }).click();
  await expect(other.getByTestId('stored-photos').getByRole('img')).toHaveCount(1);
  await expect(other.getByRole('button', { name: 'Show the photo from the server' })).toHaveCount(0);
  await desk.close();
});

test('a supervisor makes room at a station: photos the server has kept for a month leave it, and a unit shows them from the server', async ({ page }) => {
  test.setTimeout(90_000);
  await setUpStation(page, { role: 'inspector', importFixture: false });
  await link(page, 'Bench 1');
  await misuseWithPhoto(page);
  await expect(page.getByTestId('stored-photos').getByRole('img')).toHaveCount(1);
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-photos-pending')).toHaveText('0');

  // Not yet: the server has had it for less than a month.
  await signInAs(page, 'Sam Ortiz', 'supervisor');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeVisible();
  await expect(page.getByTestId('make-room')).toHaveCount(0);

  // Five weeks on, by the station's clock.
  await page.clock.setFixedTime(new Date(Date.now() + 35 * 86_400_000));
  await page.reload();
  const room = page.getByTestId('make-room');
  await expect(room).toContainText(/^1 inspection photo \(0\.\d MB\) taken over 30 days ago is kept on the sync server as well\./);
  await room.getByRole('button', { name: 'Remove it from this station' }).click();
  await expect(room.getByRole('status')).toHaveText(/^Removed 1 photo \(0\.\d MB\) from this station; each unit shows its photos from the server when asked\.$/);
  await expect(room.getByRole('button')).toHaveCount(0);

  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.getByLabel('Find an RMA’s boxes').fill('RMA10000024');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('region', { name: 'Boxes by RMA' }).getByRole('button', { name: 'Open box' }).click();
  await inspect(page, 'AMC9Z8Y7X6W5V4');
  await expect(page.getByTestId('stored-photos')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show the photo from the server' }).click();
  await expect(page.getByTestId('stored-photos').getByRole('img')).toHaveCount(1);
});

test('a catalog imported on the server: the item scanned by its UPC counts as the RMA’s, and the catalog’s warranty term decides', async ({ page }) => {
  // The RMA gives no warranty term for its NVR (a supervisor's edit): only the catalog has one.
  const current = (await (await fetch(`${server.url}/api/v1/admin/rmas/RMA10000024`, { headers: admin })).json()) as { rma: Rma; version: number };
  const rma = { ...current.rma, lines: current.rma.lines.map((l) => ({ ...l, warrantyMonths: undefined })) };
  const edited = await fetch(`${server.url}/api/v1/admin/rmas/RMA10000024`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ rma, baseVersion: current.version }) });
  expect(edited.status).toBe(200);
  // The supervisor's command, with the admin token from a data folder as the server writes it.
  const tokenFolder = mkdtempSync(join(tmpdir(), 'rd-e2e-token-'));
  writeFileSync(join(tokenFolder, 'admin-token'), ADMIN);
  const said = new PassThrough();
  let out = '';
  said.on('data', (c: Buffer) => (out += c.toString()));
  expect(await main(['catalog', 'import', `${FIXTURES}catalog.csv`, '--server', server.url, '--data', tokenFolder], { stdin: Readable.from(['']), stdout: said, stderr: said })).toBe(0);
  expect(out).toContain('catalog.csv: 6 entries added');
  rmSync(tokenFolder, { recursive: true, force: true });

  await setUpStation(page, { role: 'inspector', importFixture: false });
  await link(page, 'Bench 2');
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000024')).toBe('accept');
  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.getByRole('region', { name: 'Inspection queue' }).getByRole('row').filter({ hasText: 'RMA10000024' }).getByRole('button', { name: 'Open box' }).click();
  // The handheld scanner reads the UPC on the NVR's box, then its serial.
  await wedgeScan(page, '693927800459');
  await expect(page.getByLabel('SKU', { exact: true })).toHaveValue('693927800459');
  await wedgeScan(page, 'AMC9Z8Y7X6W5V4');
  await expect(benchMessage(page)).toHaveText('Counted NV4108E-HS AMC9Z8Y7X6W5V4 (scanned as 693927800459).');
  await expect(unitRow(page, 'AMC9Z8Y7X6W5V4')).toContainText('NV4108E-HS');
  await expect(unitRow(page, 'AMC9Z8Y7X6W5V4')).not.toContainText('not on the RMA');
  // A barcode neither the RMA nor the catalog knows: counted as read, and the inspector is told why it may be wrong.
  await wedgeScan(page, '036000291452');
  await wedgeScan(page, 'CBL0000001');
  await expect(benchMessage(page)).toHaveText(
    'Counted 036000291452 CBL0000001. Neither the RMA nor the catalog knows this barcode: if it is the item’s UPC, take it off the count and scan the SKU printed on the item.',
  );
  await expect(unitRow(page, 'CBL0000001')).toContainText('not on the RMA');

  await inspect(page, 'AMC9Z8Y7X6W5V4');
  await page.getByLabel('Defective').check();
  await page.getByRole('button', { name: 'Record finding' }).click();
  await expect(decision(page).getByTestId('warranty')).toContainText('covered — ends 2028-06-10, counted from the original purchase on 2026-06-10');
});

test('an older RMA file imported at a linked station does not reopen an RMA the server cancelled', async ({ page }) => {
  const current = (await (await fetch(`${server.url}/api/v1/admin/rmas/RMA10000016`, { headers: admin })).json()) as { rma: Rma; version: number };
  const cancelled = await fetch(`${server.url}/api/v1/admin/rmas/RMA10000016`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ rma: { ...current.rma, status: 'cancelled' }, baseVersion: current.version }) });
  expect(cancelled.status).toBe(200);
  await setUpStation(page, { importFixture: false });
  await link(page, 'Dock door 3');
  // The file customer service sent last week, with RMA10000016 still open, and one RMA the server has not been sent.
  const file = join(mkdtempSync(join(tmpdir(), 'rd-e2e-file-')), 'last-week.csv');
  const csv = readFileSync(`${FIXTURES}rmas.csv`, 'utf8');
  writeFileSync(file, `${csv.trimEnd()}\n${csv.split('\n')[1]!.replace('RMA10000016', 'RMA10000099').replace('Maria Garcia', 'Noor Haddad')}\n`);
  await page.getByRole('link', { name: 'Import RMAs' }).click();
  await page.getByLabel('RMA file').setInputFiles(file);
  await expect(page.getByTestId('import-report')).toHaveText(
    'last-week.csv: 1 new, 0 updated, 0 with problems. 6 came from the sync server already and were left as the server has them: to change them, import the file at the server.',
  );
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000016')).toBe('refuse');
  await expect(page.locator('section.verdict')).toContainText('This RMA was cancelled.');
  expect(await scanFor(page, 'RMA10000099')).toBe('accept');
  rmSync(file, { force: true });
});

test('the badge gives the last sync its date once it was not today: a station offline since Friday does not look synced this afternoon', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-27T16:55:00') });
  await setUpStation(page, { importFixture: false });
  await link(page, 'Dock door 3');
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toContainText(/last sync 4:5\d:\d\d PM/);
  await page.context().setOffline(true);
  await page.clock.setSystemTime(new Date('2026-11-30T07:30:00'));
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await expect(badge).toHaveAttribute('data-pending', '1');
  await expect(badge).toContainText(/last sync Nov 27, 2026, 4:5\d PM/);
});

test('the sync server moved to another address: a supervisor points the station at it, and what waited is sent there', async ({ page }) => {
  await setUpStation(page, { role: 'supervisor', importFixture: false });
  await link(page, 'Dock door 3');
  const badge = page.getByTestId('sync-badge');
  const oldUrl = server.url;
  await expect(page.getByTestId('sync-server')).toHaveText(oldUrl);
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await expect.poll(async () => (await server.store.db.selectFrom('events').select('id').execute()).length).toBe(1);

  // The server's machine is replaced: the same data, served at another address; the old one is gone.
  await server.stop();
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN });
  expect(await scanFor(page, 'RMA10000024')).toBe('accept');
  await expect(badge).toHaveAttribute('data-state', 'offline');
  await expect(badge).toHaveAttribute('data-pending', '1');

  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByText('The sync server moved to another address').click();
  await page.getByLabel('New address').fill('dock-server:8787');
  await page.getByRole('button', { name: 'Sync with this address' }).click();
  await expect(page.getByRole('alert')).toHaveText('New address: must be an address such as http://192.168.1.10:8787');
  // Another server, which never linked this station, is not taken for it.
  const otherDir = mkdtempSync(join(tmpdir(), 'rd-e2e-other-'));
  const other = await startServer({ port: 0, host: '127.0.0.1', dataDir: otherDir, adminToken: ADMIN });
  try {
    await page.getByLabel('New address').fill(other.url);
    await page.getByRole('button', { name: 'Sync with this address' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      `Still syncing with ${oldUrl}: the server at ${other.url} does not know this station — it is another server, or one restored from a backup taken before this station was linked: type an enrolment code from it.`,
    );
  } finally {
    await other.stop();
    rmSync(otherDir, { recursive: true, force: true });
  }
  await expect(page.getByTestId('sync-server')).toHaveText(oldUrl);

  await page.getByLabel('New address').fill(`${server.url}/`);
  await page.getByRole('button', { name: 'Sync with this address' }).click();
  await expect(page.getByRole('status')).toHaveText(`Now syncing with ${server.url} as “Dock door 3”.`);
  await expect(page.getByTestId('sync-server')).toHaveText(server.url);
  await expect(badge).toHaveAttribute('data-pending', '0');
  await expect(badge).toHaveAttribute('data-state', 'ok');
  const stored = await server.store.db.selectFrom('events').select('station_seq').orderBy('station_seq').execute();
  expect(stored.map((e) => e.station_seq)).toEqual([1, 2]);

  // Only a supervisor moves the station: a wrong address would leave its facts unsent.
  await signInAs(page, 'Sam Ortiz', 'dock');
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await expect(page.getByText('Should the sync server move to another address, a supervisor points this station at it here.')).toBeVisible();
  await expect(page.getByText('The sync server moved to another address')).toHaveCount(0);
});

test('once the server sends its people, they sign in with the role a supervisor gave them', async ({ page }) => {
  await setUpStation(page, { importFixture: false });
  await fetch(`${server.url}/api/v1/admin/users/sam`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ user: { id: 'sam', name: 'Sam Ortiz', role: 'inspector' }, baseVersion: null }) });
  await fetch(`${server.url}/api/v1/admin/users/old`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ user: { id: 'old', name: 'Gone Person', role: 'dock', active: false }, baseVersion: null }) });
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByLabel('Server address').fill(server.url);
  await page.getByLabel('Enrolment code').fill(await enrolmentCode('Bench 1'));
  await page.getByRole('button', { name: 'Link this station' }).click();
  await expect(page.getByText('Linked as “Bench 1” and synced.')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  const who = page.getByLabel('Who is signing in');
  await expect(who.locator('option')).toHaveText(['Sam Ortiz — Inspector']);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in')).toHaveText('Sam Ortiz (inspector)');
});

test('a wrong enrolment code says so and the station keeps working', async ({ page }) => {
  await setUpStation(page);
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByLabel('Server address').fill('not a url');
  await page.getByLabel('Enrolment code').fill('ABCDEFGH');
  await page.getByRole('button', { name: 'Link this station' }).click();
  await expect(page.getByRole('alert')).toContainText('Server address: must be an address');
  await page.getByLabel('Server address').fill(server.url);
  await page.getByRole('button', { name: 'Link this station' }).click();
  await expect(page.getByRole('alert')).toContainText('Not linked: that enrolment code is not valid');
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'not_enrolled');
});

/** The operator's backup of the data folder, copied while the server is stopped; `restore` puts it back. */
async function backUpServer(): Promise<{ restore: () => Promise<void> }> {
  const port = Number(new URL(server.url).port);
  const backupDir = mkdtempSync(join(tmpdir(), 'rd-e2e-backup-'));
  await server.stop();
  cpSync(dataDir, backupDir, { recursive: true });
  server = await startServer({ port, host: '127.0.0.1', dataDir, adminToken: ADMIN });
  return {
    restore: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      cpSync(backupDir, dataDir, { recursive: true });
      rmSync(backupDir, { recursive: true, force: true });
      server = await startServer({ port, host: '127.0.0.1', dataDir, adminToken: ADMIN });
    },
  };
}

const serverFacts = async () => (await server.store.db.selectFrom('events').select(['type', 'station_seq']).execute()).map((e) => [e.type, Number(e.station_seq)]);

test('the server restored from a backup: the station takes its data again and re-sends the facts it lost', async ({ page }) => {
  test.setTimeout(60_000);
  await setUpStation(page, { importFixture: false });
  await link(page, 'Dock door 3');
  const backup = await backUpServer();

  // After the backup, RMA10000016 is cancelled and the station refuses a box for it.
  const found = (await (await fetch(`${server.url}/api/v1/admin/rmas/RMA10000016`, { headers: admin })).json()) as { rma: { status: string }; version: number };
  const cancel = await fetch(`${server.url}/api/v1/admin/rmas/RMA10000016`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ rma: { ...found.rma, status: 'cancelled' }, baseVersion: found.version }) });
  expect(cancel.status).toBe(200);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000016')).toBe('refuse');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });

  // Restored from the backup; the RMAs imported again take the numbers the lost writes had.
  await backup.restore();
  await fetch(`${server.url}/api/v1/admin/rmas/import`, { method: 'POST', headers: { ...admin, 'content-type': 'text/csv' }, body: readFileSync(`${FIXTURES}rmas.csv`, 'utf8') });
  expect(await serverFacts()).toEqual([]);

  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('server-restore')).toContainText('this station now holds the server’s RMAs, catalog and people as restored');
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
  expect(await serverFacts()).toEqual([['package_refused', 1]]);
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
});

test('a station unlinked on the server asks for a new code, and once linked again sends what waited', async ({ page }) => {
  await setUpStation(page, { importFixture: false });
  await link(page, 'Dock door 3');
  const [station] = (await (await fetch(`${server.url}/api/v1/admin/stations`, { headers: admin })).json()) as { id: string }[];
  expect((await fetch(`${server.url}/api/v1/admin/stations/${station!.id}/unlink`, { method: 'POST', headers: admin })).status).toBe(200);
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000024')).toBe('accept');
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText('The server no longer knows this station: a supervisor unlinked it')).toBeVisible();
  expect(await server.store.db.selectFrom('events').select('id').execute()).toEqual([]);
  const code = (await (await fetch(`${server.url}/api/v1/admin/stations/${station!.id}/enrol-code`, { method: 'POST', headers: admin })).json()) as { enrolCode: string };
  await page.getByLabel('Enrolment code').fill(code.enrolCode);
  await page.getByRole('button', { name: 'Link this station' }).click();
  await expect(page.getByText('Linked as “Dock door 3” and synced.')).toBeVisible();
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
  expect((await server.store.db.selectFrom('events').select(['type', 'station_seq']).execute()).map((e) => [e.type, e.station_seq])).toEqual([['package_accepted', 1]]);
});

test('restored from a backup taken before the station was linked: the station is offered the code form again and sends its facts', async ({ page }) => {
  test.setTimeout(60_000);
  const backup = await backUpServer();
  await setUpStation(page, { importFixture: false });
  await link(page, 'Dock door 3');
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000024')).toBe('accept');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });

  await backup.restore();
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText('The server no longer knows this station')).toHaveCount(2); // the last problem, and the form's words
  await expect(page.getByLabel('Server address')).toHaveValue(server.url);
  await page.getByLabel('Enrolment code').fill(await enrolmentCode('Dock door 3'));
  await page.getByRole('button', { name: 'Link this station' }).click();
  await expect(page.getByText('Linked as “Dock door 3” and synced.')).toBeVisible();
  await expect(page.getByLabel('Enrolment code')).toHaveCount(0);
  expect(await serverFacts()).toEqual([['package_accepted', 1]]);
});

test('a station renamed on the server shows its new name after the next sync', async ({ page }) => {
  await setUpStation(page, { importFixture: false });
  await link(page, 'Dock door 3');
  const stations = (await (await fetch(`${server.url}/api/v1/admin/stations`, { headers: admin })).json()) as { id: string; name: string }[];
  expect(stations.map((s) => s.name)).toEqual(['Dock door 3']);
  const renamed = await fetch(`${server.url}/api/v1/admin/stations/${stations[0]!.id}`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Dock door 3 (north)' }) });
  expect(renamed.status).toBe(200);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('station-name')).toHaveText('Dock door 3 (north)');
});

test('a supervisor reads an exception in words, resolves it with a note, and the server has it resolved', async ({ page }) => {
  await setUpStation(page, { role: 'supervisor', importFixture: false });
  await link(page, 'Dock door 1');
  await page.getByRole('link', { name: 'Dock' }).click();
  // RMA10000016 authorises one unit: a second box for it is accepted (a warning), and the server raises it.
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  expect(await scanFor(page, 'RMA10000016')).toBe('accept');
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  const exceptions = page.getByRole('region', { name: 'Exceptions' });
  await expect(exceptions.getByRole('heading')).toHaveText('Exceptions for a supervisor (1 open)');
  const raised = exceptions.getByTestId('exceptions').getByRole('listitem');
  await expect(raised).toHaveCount(1);
  // With the fact that raised it: the second box, and who took it in, for the supervisor to find.
  await expect(raised).toContainText(/^RMA10000016: 2 packages accepted against 1 unit authorised \(package accepted at Dock door 1 by Dana Reyes, \d+\/\d+\/\d{4}, [\d:]+ [AP]M\)/);
  await expect(page.getByTestId('sync-badge')).toContainText('· 1 exception open');

  // The RMA's panel at the inspection bench says so too, until it is resolved.
  const openBox = async () => {
    await page.getByRole('link', { name: 'Inspection' }).click();
    await page.getByRole('region', { name: 'Inspection queue' }).getByRole('row').filter({ hasText: 'RMA10000016' }).first().getByRole('button', { name: 'Open box' }).click();
  };
  await openBox();
  await expect(page.getByTestId('progress-exceptions')).toHaveText('2 packages accepted against 1 unit authorised — a supervisor resolves them on the Sync screen');
  await page.getByRole('link', { name: 'Sync', exact: true }).click();

  await raised.getByRole('button', { name: 'Resolve…' }).click();
  const note = raised.getByLabel('What was done about it (kept with the record)');
  await expect(note).toBeFocused();
  await note.fill('sent back');
  await raised.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(raised.getByRole('alert')).toHaveText('Say in at least 10 characters what was done about it; it is kept with the record.');
  await expect(note).toHaveValue('sent back');
  await note.fill('Second box was a duplicate shipment; sent back to the customer.');
  await raised.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(exceptions.getByRole('heading')).toHaveText('Exceptions for a supervisor (0 open)');
  await expect(exceptions.getByTestId('exceptions').getByRole('listitem')).toHaveCount(0);
  await exceptions.getByText('Resolved (1)').click();
  await expect(exceptions.getByTestId('resolved-exceptions')).toContainText(
    /RMA10000016: 2 packages accepted against 1 unit authorised \(package accepted at Dock door 1 by Dana Reyes, .*\) — resolved by Dana Reyes, .*: “Second box was a duplicate shipment; sent back to the customer\.”/,
  );

  await openBox();
  await expect(page.getByTestId('rma-progress')).toBeVisible();
  await expect(page.getByTestId('progress-exceptions')).toHaveCount(0);

  // The station sends the fact shortly after it is recorded.
  await expect.poll(async () => (await (await fetch(`${server.url}/api/v1/admin/exceptions?state=open`, { headers: admin })).json()) as unknown, { timeout: 15_000 }).toEqual([]);
  await expect(page.getByTestId('sync-badge')).not.toContainText('exception');
  const resolved = (await (await fetch(`${server.url}/api/v1/admin/exceptions?state=resolved`, { headers: admin })).json()) as { rma_number: string; resolution: { by: string; note: string } }[];
  expect(resolved).toMatchObject([{ rma_number: 'RMA10000016', resolution: { by: 'Dana Reyes', note: 'Second box was a duplicate shipment; sent back to the customer.' } }]);
});

test('at a dock worker’s station the exceptions are listed, for a supervisor to resolve', async ({ page }) => {
  await setUpStation(page, { importFixture: false });
  await link(page, 'Dock door 1');
  await page.getByRole('link', { name: 'Dock' }).click();
  await page.context().setOffline(true);
  expect(await scanFor(page, 'RMA10000065')).toBe('accept');
  // Meanwhile the RMA is cancelled on the server: the box's fact is kept, and the exception raised.
  const url = `${server.url}/api/v1/admin/rmas/RMA10000065`;
  const current = (await (await fetch(url, { headers: admin })).json()) as { version: number; rma: Record<string, unknown> };
  const cancelled = await fetch(url, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ rma: { ...current.rma, status: 'cancelled' }, baseVersion: current.version }) });
  expect(cancelled.status).toBe(200);
  await page.context().setOffline(false);
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  const exceptions = page.getByRole('region', { name: 'Exceptions' });
  await expect(exceptions.getByTestId('exceptions')).toHaveText(/^RMA10000065: a package accepted for an RMA that is cancelled \(package accepted at Dock door 1 by Dana Reyes, .*\)$/);
  await expect(exceptions).toContainText('A supervisor signs in at this station to resolve these.');
  await expect(exceptions.getByRole('button', { name: /Resolve|Mark resolved/ })).toHaveCount(0);
});

test('a fact the server refuses is listed with what it was, who recorded it and why, until a supervisor has seen to it', async ({ page }) => {
  // RMA10000073 came to this station in a file; the server was never told of it.
  await setUpStation(page, { role: 'supervisor', importFixture: false });
  const [header, row] = readFileSync(`${FIXTURES}rmas.csv`, 'utf8').split('\n').filter((l) => l.startsWith('rma_number') || l.startsWith('RMA10000065'));
  await page.getByRole('link', { name: 'Import RMAs' }).click();
  await page.getByLabel('RMA file').setInputFiles({ name: 'from-customer-service.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${row!.replace('RMA10000065', 'RMA10000073')}\n`) });
  await expect(page.getByTestId('import-report')).toContainText('1');
  await link(page, 'Dock door 1');
  await page.getByRole('link', { name: 'Dock' }).click();
  expect(await scanFor(page, 'RMA10000073')).toBe('accept');
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  const refused = page.getByRole('region', { name: 'Refused facts' });
  await expect(refused.getByTestId('rejections')).toHaveText(/^#1 package accepted for RMA10000073 by Dana Reyes, .+: the server does not know this RMA Seen to$/);
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
  expect(await server.store.db.selectFrom('events').select(['station_seq', 'status', 'reason']).execute()).toEqual([{ station_seq: 1, status: 'rejected', reason: 'unknown_rma' }]);
  await expect(page.getByTestId('sync-badge')).toContainText('· 1 refused');

  // The supervisor has the RMA imported on the server and the box scanned again, then says so.
  await refused.getByRole('button', { name: 'Seen to' }).click();
  await expect(refused.getByRole('heading')).toHaveText('Facts the server refused (0 to see to)');
  await expect(refused.getByTestId('rejections').getByRole('listitem')).toHaveCount(0);
  await refused.getByText('Seen to (1)').click();
  await expect(refused.getByTestId('rejections-seen-to')).toHaveText(/^#1 package accepted for RMA10000073 .+ — seen to by Dana Reyes, .+$/);
  await expect(page.getByTestId('sync-badge')).not.toContainText('refused');
});

test('a photo the server will not keep is listed with its reason, and stays on the station', async ({ page }) => {
  await setUpStation(page, { role: 'inspector', importFixture: false });
  await link(page, 'Bench 1');
  // This server refuses every photo (as it would one that is not what its finding names).
  await page.route('**/api/v1/photos/*', (route) =>
    route.request().method() === 'PUT'
      ? route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: 'refused', message: 'the photo is not the one its finding names' }) })
      : route.fallback(),
  );
  await misuseWithPhoto(page);

  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
  await expect(page.getByTestId('refused-photos')).toHaveText(/^Photo [0-9a-f]{8}: the photo is not the one its finding names$/);
  await expect(page.getByTestId('sync-photos-pending')).toHaveText('0');
  // Nothing is lost: the finding is on the server, the photo on the station's unit.
  expect(await server.store.db.selectFrom('events').select('type').where('type', '=', 'item_inspected').execute()).toHaveLength(1);
  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.getByRole('region', { name: 'Inspection queue' }).getByRole('row').filter({ hasText: 'RMA10000024' }).getByRole('button', { name: 'Open box' }).click();
  await inspect(page, 'AMC9Z8Y7X6W5V4');
  await expect(page.getByTestId('stored-photos').getByRole('img')).toHaveCount(1);
});

test('the server turns to HTTPS: a station whose computer trusts its certificate moves to the https address and sends what waited; one that does not is told so; in the certificate’s last weeks the Sync screen says when it runs out', async ({ page, browser }) => {
  const pem = (name: string) => readFileSync(`${FIXTURES}tls/${name}`, 'utf8');
  const trusting = await browser.newContext({ baseURL: e2eBaseUrl, ignoreHTTPSErrors: true });
  try {
    // Two stations linked over plain HTTP; the test's certificate is its own authority, which
    // only the second station's computer has been told to trust (as every station trusts a
    // certificate from the site's own authority).
    const station = await trusting.newPage();
    for (const [p, name] of [[page, 'Dock door 3'], [station, 'Dock door 4']] as const) {
      await setUpStation(p, { role: 'supervisor', importFixture: false });
      await link(p, name);
    }
    const plainUrl = server.url;

    // The same data served again, over HTTPS.
    await server.stop();
    // Its clock set to the certificate's last weeks, which the server then tells each station.
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN, tls: { cert: pem('server-cert.pem'), key: pem('server-key.pem') }, now: () => new Date('2126-10-27T00:00:00Z') });
    expect(server.url).toMatch(/^https:/);
    const moveTo = async (p: Page) => {
      await p.getByRole('link', { name: 'Sync', exact: true }).click();
      await p.getByText('The sync server moved to another address').click();
      await p.getByLabel('New address').fill(server.url);
      await p.getByRole('button', { name: 'Sync with this address' }).click();
    };

    await moveTo(page);
    await expect(page.getByRole('alert')).toHaveText(
      `Still syncing with ${plainUrl}: nothing answered at ${server.url}: check the address and that the sync server runs there, and that this computer trusts its certificate.`,
    );
    await expect(page.getByTestId('sync-server')).toHaveText(plainUrl);

    await station.getByRole('link', { name: 'Dock', exact: true }).click();
    expect(await scanFor(station, 'RMA10000016')).toBe('accept');
    await moveTo(station);
    await expect(station.getByRole('status')).toHaveText(`Now syncing with ${server.url} as “Dock door 4”.`);
    await expect(station.getByTestId('sync-badge')).toHaveAttribute('data-pending', '0');
    const stored = await server.store.db.selectFrom('events').select(['type', 'rma_number']).execute();
    expect(stored).toEqual([{ type: 'package_accepted', rma_number: 'RMA10000016' }]);
    await expect(station.getByTestId('server-certificate')).toHaveText(
      'runs out on 2126-11-06: whoever looks after the sync server must renew it before then, or this station stops syncing',
    );
  } finally {
    await trusting.close();
  }
});
