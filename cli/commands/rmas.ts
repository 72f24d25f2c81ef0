import { rmaImportAnswerSchema } from '../../shared/rma';
import type { AdminTarget } from '../adminClient';
import { countOf, counted, importFile } from '../importFile';
import type { CommandIo, ExitCode } from '../io';

export const RMAS_HELP = `rmadock rmas import FILE [--server URL] [--data DIR]
  Sends the customer-service export (CSV or JSON, as the station's Import RMAs screen reads it)
  to the running sync server, which every station pulls from. Importing again updates RMAs,
  never duplicates them. Rows with a problem are listed and left out; the rest are imported,
  and the command then ends with status 1. --server and --data as for rmadock stations.`;

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
