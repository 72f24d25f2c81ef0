import { z } from 'zod';
import { catalogEntrySchema, catalogImportAnswerSchema, catalogToCsv, type CatalogEntry } from '../../shared/entities';
import { AdminCallError, adminClient, adminCommand, type AdminTarget } from '../adminClient';
import { countOf, counted, importFile } from '../importFile';
import { aligned, writeLine, type CommandIo, type ExitCode } from '../io';

export const CATALOG_HELP = `rmadock catalog [list]             the products and accessories an inspector's SKU scan is checked against
rmadock catalog import FILE        add or update entries from a CSV or JSON file
rmadock catalog export [--json]    the catalog as CSV (or JSON), in the form import reads
rmadock catalog remove SKU         take an entry out (a product never sold, or entered by mistake)
  The CSV has a header line and the columns sku, description, kind (product or accessory),
  warranty_months (a new product's warranty term, which the terms do not state; may be blank)
  and barcodes (UPC/EAN codes printed on the item, separated by ;). JSON is an array of entries, as
  export --json gives them. Importing again updates entries by SKU and leaves alone those the
  file has as they are; entries not in the file stay. Rows with a problem are listed and left
  out, the rest imported, and the command then ends with status 1. Each linked station takes
  the change at its next sync. --server and --data as for rmadock stations.`;

export type CatalogAction = { kind: 'list' } | { kind: 'import'; file: string } | { kind: 'export'; json: boolean } | { kind: 'remove'; sku: string };

const listingSchema = z.array(z.object({ value: catalogEntrySchema, version: z.number().int() }));
const removedSchema = z.object({ removed: z.literal(true) });

function table(entries: readonly CatalogEntry[]): string {
  if (!entries.length) return 'The catalog is empty: rmadock catalog import catalog.csv fills it.';
  return aligned([
    ['SKU', 'KIND', 'WARRANTY', 'BARCODES', 'DESCRIPTION'],
    ...entries.map((e) => [e.sku, e.kind, e.warrantyMonths === undefined ? '—' : `${e.warrantyMonths} months`, e.barcodes.join(' ') || '—', e.description]),
  ]);
}

export async function catalogCommand(action: CatalogAction, target: AdminTarget, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  if (action.kind === 'import') {
    return importFile(
      {
        command: 'rmadock catalog',
        file: action.file,
        path: '/api/v1/admin/catalog/import',
        answer: catalogImportAnswerSchema,
        said: (done) =>
          `${countOf(done.added, 'entry', 'entries')} added, ${counted(done.updated)} updated, ${counted(done.unchanged)} as they were on the server; ` +
          `stations take the changes at their next sync.`,
      },
      target,
      io,
      env,
    );
  }
  return adminCommand('rmadock catalog', io, async () => {
    const call = adminClient(target, env);
    const listed = await call('/api/v1/admin/catalog', listingSchema);
    const entries = listed.map((e) => e.value);
    if (action.kind === 'list') writeLine(io.stdout, table(entries));
    else if (action.kind === 'export') io.stdout.write(action.json ? `${JSON.stringify(entries, null, 2)}\n` : catalogToCsv(entries));
    else {
      const sku = action.sku.trim().toUpperCase();
      const entry = listed.find((e) => e.value.sku === sku);
      if (!entry) throw new AdminCallError(`the catalog has no SKU ${sku}; rmadock catalog lists them`);
      // Against the version read: an entry changed meanwhile is not removed unseen.
      await call(`/api/v1/admin/catalog/${encodeURIComponent(sku)}?baseVersion=${entry.version}`, removedSchema, {
        method: 'DELETE',
        said: { 409: `${sku} was changed by someone else meanwhile: rmadock catalog shows it as it is now; run this again` },
      });
      writeLine(io.stdout, `${sku} (${entry.value.description}) removed. Each linked station drops it at its next sync; what was decided with it stays.`);
    }
    return 0;
  });
}
