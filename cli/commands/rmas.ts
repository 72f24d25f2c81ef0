import { z } from 'zod';
import { rmaImportAnswerSchema, rmaLifecycleSchema, rmaSchema, type RmaLifecycle } from '../../shared/rma';
import { adminClient, adminCommand, type AdminTarget } from '../adminClient';
import { countOf, counted, importFile } from '../importFile';
import { aligned, writeLine, type CommandIo, type ExitCode } from '../io';

export const RMAS_HELP = `rmadock rmas import FILE            send the customer-service export (CSV or JSON) to the server
rmadock rmas show NUMBER            one RMA: its lines, and where it stands by the facts
rmadock rmas [list] [--lifecycle L]  every RMA, or those open, receiving or closed
  The import takes the file as the station's Import RMAs screen reads it; every station pulls
  from the server. Importing again updates RMAs, never duplicates them. Rows with a problem are
  listed and left out; the rest are imported, and the command then ends with status 1. Where an
  RMA stands comes from the facts the stations sent: open (no box accepted yet), receiving (boxes
  accepted, undone ones taken off) or closed (every unit final and shipped, clause 11).
  --server and --data as for rmadock stations.`;

export type RmasAction = { kind: 'import'; file: string } | { kind: 'show'; number: string } | { kind: 'list'; lifecycle: RmaLifecycle | undefined };

const standingSchema = z.object({ lifecycle: rmaLifecycleSchema, packagesAccepted: z.number().int() });
const shownSchema = z.object({ rma: rmaSchema, version: z.number().int() }).and(standingSchema);
const pageSchema = z.object({ rmas: z.array(z.object({ number: z.string(), status: rmaSchema.shape.status }).and(standingSchema)), next: z.string().nullable() });

const accepted = (n: number) => countOf(n, 'box accepted', 'boxes accepted');

export async function rmasCommand(action: RmasAction, target: AdminTarget, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  if (action.kind === 'import') return rmasImportCommand(action.file, target, io, env);
  return adminCommand('rmadock rmas', io, async () => {
    const call = adminClient(target, env);
    if (action.kind === 'show') {
      const shown = await call(`/api/v1/admin/rmas/${encodeURIComponent(action.number)}`, shownSchema, {
        said: { 404: `the server has no RMA ${action.number}: rmadock rmas import sends it the export` },
      });
      const { rma } = shown;
      writeLine(io.stdout, `${rma.number}: ${rma.status}, ${shown.lifecycle} (${accepted(shown.packagesAccepted)}); ${rma.remedy}, issued ${rma.issuedOn}`);
      writeLine(io.stdout, `${rma.customer.name}, ${rma.customer.address.city}, ${rma.customer.address.country}; bought ${rma.purchasedOn} (${rma.seller} seller)`);
      writeLine(
        io.stdout,
        aligned([
          ['SKU', 'QTY', 'KIND', 'CONDITION', 'SERIALS', 'DESCRIPTION'],
          ...rma.lines.map((l) => [l.sku, String(l.quantity), l.kind, l.condition, l.serials.join(' ') || '—', l.description]),
        ]),
      );
      return 0;
    }
    const rows: string[][] = [];
    let after = '';
    // Page by page, as the server gives them, in number order.
    for (;;) {
      const page = await call(`/api/v1/admin/rmas?limit=1000&after=${encodeURIComponent(after)}${action.lifecycle ? `&lifecycle=${action.lifecycle}` : ''}`, pageSchema);
      for (const r of page.rmas) rows.push([r.number, r.status, r.lifecycle, counted(r.packagesAccepted)]);
      if (page.next === null) break;
      after = page.next;
    }
    writeLine(io.stdout, rows.length ? aligned([['RMA', 'STATUS', 'LIFECYCLE', 'BOXES'], ...rows]) : `No RMAs${action.lifecycle ? ` ${action.lifecycle}` : ''} on the server.`);
    return 0;
  });
}

export function rmasImportCommand(file: string, target: AdminTarget, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  return importFile(
    {
      command: 'rmadock rmas',
      file,
      path: '/api/v1/admin/rmas/import',
      answer: rmaImportAnswerSchema,
      said: (done) => `${countOf(done.added, 'RMA', 'RMAs')} added, ${counted(done.updated)} updated on the server; stations take them at their next sync.`,
    },
    target,
    io,
    env,
  );
}
