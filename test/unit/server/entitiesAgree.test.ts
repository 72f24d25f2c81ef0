import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StationDb } from '../../../renderer/db/schema';
import { catalogToCsv, type CatalogEntry, type User } from '../../../shared/entities';
import type { Rma } from '../../../shared/rma';
import { importRmas } from '../../../renderer/db/rmaImport';
import { rmaNumberFor } from '../../../cli/demoData';
import { listEntities } from '../../../server/store/entities';
import { admin, fixtureRmas, onlooker, serverFor, type Server } from './stationDays';
import { backUp, restoreFrom, STORE_KINDS } from './stores';
import { propertyRuns, timeFor } from '../properties';

/*
 * What the server authors — RMAs, the catalog, the people — reaches every station as the server
 * has it, whatever happened on the way: edits and removals between a station's pulls, pages of any
 * size, a catalog file imported again, and the server restored from an earlier backup (SYNC.md,
 * *Recovery*: the station pulls everything again and drops what the server no longer has). Held
 * to the server's own tables: after a last sync, a station that pulled all along and one linked at
 * the end hold exactly the server's live records, each at the server's version.
 */

const clock = new Date('2026-11-28T18:00:00Z');
const SKUS = ['IP8M-2496EB', 'NV4108E-HS', 'PS12V2A', 'ASH21-B'] as const;
const USERS = ['u-ana', 'u-ben', 'u-chen'] as const;

type Step =
  | { t: 'edit_rma'; rma: number; status: Rma['status']; name: number }
  | { t: 'save_entry'; sku: number; description: number; barcodes: boolean }
  | { t: 'remove_entry'; sku: number }
  | { t: 'import_catalog'; skus: number[]; description: number }
  | { t: 'save_user'; user: number; role: User['role']; active: boolean }
  | { t: 'remove_user'; user: number }
  | { t: 'import_here'; rmas: number[]; status: Rma['status'] }
  | { t: 'pull'; pageSize: number }
  | { t: 'backup' }
  | { t: 'restore' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('edit_rma' as const), rma: fc.nat(fixtureRmas.length - 1), status: fc.constantFrom('open' as const, 'cancelled' as const, 'closed' as const, 'expired' as const), name: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('save_entry' as const), sku: fc.nat(SKUS.length - 1), description: fc.nat(3), barcodes: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('remove_entry' as const), sku: fc.nat(SKUS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('import_catalog' as const), skus: fc.uniqueArray(fc.nat(SKUS.length - 1), { minLength: 1 }), description: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('save_user' as const), user: fc.nat(USERS.length - 1), role: fc.constantFrom('dock' as const, 'inspector' as const, 'supervisor' as const), active: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('remove_user' as const), user: fc.nat(USERS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('import_here' as const), rmas: fc.uniqueArray(fc.nat(fixtureRmas.length), { minLength: 1 }), status: fc.constantFrom('open' as const, 'cancelled' as const) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('pull' as const), pageSize: fc.integer({ min: 1, max: 7 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'backup' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'restore' as const }) },
);

/** An RMA customer service issued that the server has not been sent (the last index in `import_here`). */
const NOT_ON_SERVER: Rma = { ...fixtureRmas[0]!, number: rmaNumberFor(9_000_001) };

/** A customer-service file imported at the station itself: the fixture's RMAs as an older export had them, and one the server lacks. */
const fileOf = ({ rmas, status }: Extract<Step, { t: 'import_here' }>): Rma[] =>
  rmas.map((i) => (i === fixtureRmas.length ? NOT_ON_SERVER : { ...fixtureRmas[i]!, status, customer: { ...fixtureRmas[i]!.customer, name: `${fixtureRmas[i]!.customer.name} (file)` } }));

const entry = (sku: number, description: number, barcodes: boolean): CatalogEntry => ({
  sku: SKUS[sku]!,
  description: `${SKUS[sku]} described ${description}`,
  kind: sku === 2 ? 'accessory' : 'product',
  warrantyMonths: sku === 2 ? undefined : 12 + description,
  barcodes: barcodes ? [`0${String(850000000000 + sku * 10 + description)}`] : [],
});

/** The live record's version on the server, or null: what an edit made from a fresh look is based on. */
async function versionOf(server: Server, table: 'rmas' | 'catalog' | 'users', key: string): Promise<number | null> {
  const column = table === 'rmas' ? 'number' : 'key';
  const row = await server.store.db.selectFrom(table).select('version').where(column, '=', key).where('deleted', '=', 0).executeTakeFirst();
  return row ? Number(row.version) : null;
}

async function asAdmin(server: Server, method: 'PUT' | 'DELETE' | 'POST', url: string, payload?: object | string): Promise<void> {
  const r = await server.app.inject({ method, url, headers: { ...admin, ...(typeof payload === 'string' ? { 'content-type': 'text/csv' } : {}) }, ...(payload ? { payload } : {}) });
  expect(r.statusCode, r.body).toBe(200);
}

async function act(server: Server, step: Exclude<Step, { t: 'pull' | 'backup' | 'restore' }>): Promise<void> {
  switch (step.t) {
    case 'edit_rma': {
      const base = fixtureRmas[step.rma]!;
      const rma: Rma = { ...base, status: step.status, customer: { ...base.customer, name: `${base.customer.name} ${step.name}` } };
      return asAdmin(server, 'PUT', `/api/v1/admin/rmas/${base.number}`, { rma, baseVersion: await versionOf(server, 'rmas', base.number) });
    }
    case 'save_entry': {
      const value = entry(step.sku, step.description, step.barcodes);
      return asAdmin(server, 'PUT', `/api/v1/admin/catalog/${value.sku}`, { entry: value, baseVersion: await versionOf(server, 'catalog', value.sku) });
    }
    case 'remove_entry': {
      const version = await versionOf(server, 'catalog', SKUS[step.sku]!);
      return version === null ? undefined : asAdmin(server, 'DELETE', `/api/v1/admin/catalog/${SKUS[step.sku]}?baseVersion=${version}`);
    }
    case 'import_catalog':
      return asAdmin(server, 'POST', '/api/v1/admin/catalog/import', catalogToCsv(step.skus.map((sku) => entry(sku, step.description, false))));
    case 'save_user': {
      const user: User = { id: USERS[step.user]!, name: `Person ${USERS[step.user]}`, role: step.role, active: step.active };
      return asAdmin(server, 'PUT', `/api/v1/admin/users/${user.id}`, { user, baseVersion: await versionOf(server, 'users', user.id) });
    }
    case 'remove_user': {
      const version = await versionOf(server, 'users', USERS[step.user]!);
      return version === null ? undefined : asAdmin(server, 'DELETE', `/api/v1/admin/users/${USERS[step.user]}?baseVersion=${version}`);
    }
  }
}

/** A station's copy of the server's records, as the server would list them: value and version, by key. */
async function stationCopy(db: StationDb) {
  const strip = <T extends { version?: number; pullGeneration?: number; receivedAt?: string }>({ version, pullGeneration: _, receivedAt: __, ...value }: T) => ({ value, version });
  const [rmas, catalog, users] = await Promise.all([db.rmas.orderBy('number').toArray(), db.catalog.orderBy('sku').toArray(), db.users.orderBy('id').toArray()]);
  return { rmas: rmas.map(strip), catalog: catalog.map(strip), users: users.map(strip) };
}

async function serverRecords(server: Server) {
  const rmas = await server.store.db.selectFrom('rmas').select(['body', 'version']).where('deleted', '=', 0).orderBy('number').execute();
  return {
    rmas: rmas.map((r) => ({ value: JSON.parse(r.body) as Rma, version: Number(r.version) })),
    catalog: await listEntities<CatalogEntry>(server.store, 'catalog'),
    users: await listEntities<User>(server.store, 'user'),
  };
}

describe.each(STORE_KINDS.map((kind) => [kind.name, kind] as const))('what the server authors reaches every station as the server has it (%s)', (_name, kind) => {
  const runs = propertyRuns(kind.name === 'sqlite' ? 30 : 15);
  it('after edits, removals, imports and restores between pulls of any size, a station holds the server’s live records at their versions', timeFor(runs), async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 8, maxLength: 30 }), async (steps) => {
        const server = await serverFor(kind, []);
        const along = await onlooker(server, 'Door 7', null);
        let backup = await backUp(server.store);
        const stations = [along];
        try {
          for (const step of steps) {
            if (step.t === 'backup') backup = await backUp(server.store);
            else if (step.t === 'restore') await restoreFrom(server.store, backup);
            else if (step.t === 'import_here') await importRmas(along.db, fileOf(step), clock);
            else if (step.t === 'pull') {
              along.paging.size = step.pageSize;
              await along.engine.syncNow();
            } else await act(server, step);
          }
          along.paging.size = null;
          await along.engine.syncNow();
          const late = await onlooker(server, 'Door 8', null);
          stations.push(late);
          await late.engine.syncNow();
          const records = await serverRecords(server);
          expect(await stationCopy(late.db)).toEqual(records);
          // A file imported here adds what the server has not sent, and never overrides what it has.
          const imported = steps.some((s) => s.t === 'import_here' && s.rmas.includes(fixtureRmas.length));
          const rmas = imported ? [...records.rmas, { value: NOT_ON_SERVER, version: undefined }].sort((a, b) => a.value.number.localeCompare(b.value.number)) : records.rmas;
          expect(await stationCopy(along.db)).toEqual({ ...records, rmas });
        } finally {
          for (const s of stations) s.db.close();
          await server.close();
        }
      }),
      {
        numRuns: runs,
        // Kept as fixed examples: the smallest days that a station dropping a removal, keeping what it
        // pulled before a restore over what it pulls after, or letting a file it imported override what
        // it pulled, gets wrong (each found by the search; the last was a fault, fixed in importRmas).
        examples: [
          [[{ t: 'pull', pageSize: 1 }, { t: 'import_here', rmas: [0], status: 'cancelled' }]],
          [[{ t: 'save_entry', sku: 0, description: 0, barcodes: false }, { t: 'pull', pageSize: 1 }, { t: 'remove_entry', sku: 0 }]],
          [[{ t: 'save_user', user: 0, role: 'dock', active: false }, { t: 'pull', pageSize: 1 }, { t: 'restore' }]],
        ],
      },
    );
  });
});
