import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { rmaImportAnswerSchema } from '../../shared/rma';
import { AdminCallError, adminClient, type AdminTarget } from '../adminClient';
import { writeLine, type CommandIo, type ExitCode } from '../io';

export const RMAS_HELP = `rmadock rmas import FILE [--server URL] [--data DIR]
  Sends the customer-service export (CSV or JSON, as the station's Import RMAs screen reads it)
  to the running sync server, which every station pulls from. Importing again updates RMAs,
  never duplicates them. Rows with a problem are listed and left out; the rest are imported,
  and the command then ends with status 1. --server and --data as for rmadock stations.`;

/** Rows a person can read through at a terminal; the count says how many more. */
const PROBLEMS_SHOWN = 50;

export async function rmasImportCommand(file: string, target: AdminTarget, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    writeLine(io.stderr, `rmadock rmas: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return 1;
  }
  try {
    const call = adminClient(target, env);
    // Sent as it is: the server tells CSV from JSON by the text, as the station does.
    const type = /^\uFEFF?\s*[[{]/.test(text) ? 'application/json' : 'text/csv';
    const done = await call('/api/v1/admin/rmas/import', rmaImportAnswerSchema, { method: 'POST', body: { text, type } });
    const n = (count: number) => count.toLocaleString('en-US');
    writeLine(io.stdout, `${basename(file)}: ${n(done.added)} RMAs added, ${n(done.updated)} updated on the server; stations take them at their next sync.`);
    if (!done.problems.length) return 0;
    writeLine(io.stdout, `${n(done.problems.length)} left out:`);
    for (const p of done.problems.slice(0, PROBLEMS_SHOWN)) writeLine(io.stdout, `  ${p.where}: ${p.reason}`);
    if (done.problems.length > PROBLEMS_SHOWN) writeLine(io.stdout, `  … and ${n(done.problems.length - PROBLEMS_SHOWN)} more`);
    return 1;
  } catch (e) {
    if (!(e instanceof AdminCallError)) throw e;
    writeLine(io.stderr, `rmadock rmas: ${e.message}`);
    return 1;
  }
}
