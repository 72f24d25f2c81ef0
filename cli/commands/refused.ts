import { z } from 'zod';
import { factInWords } from '../../shared/events';
import { refusalInWords } from '../../shared/sync';
import { utcMinute } from '../../shared/words';
import { adminClient, adminCommand, type AdminTarget } from '../adminClient';
import { aligned, writeLine, type CommandIo, type ExitCode } from '../io';

export const REFUSED_HELP = `rmadock refused                     the facts the server refused, every station's, oldest first
  Each with its station and number there, what it was, its RMA, who recorded it and when (by the
  station's clock), and why: an accept for an RMA the server does not know (import it at the
  server: rmadock rmas import), a fact the person's role may not record, a correction of a fact
  the server never had. A refused fact is kept, never sent again; a supervisor at its station sees
  to it on the Sync screen. --server and --data as for rmadock stations.`;

/** `GET /api/v1/admin/rejected`, as this command reads it. */
const listingSchema = z.array(
  z.object({
    station_name: z.string().nullable(),
    station_seq: z.number(),
    type: z.string(),
    rma_number: z.string().nullable(),
    client_ts: z.string(),
    recorded_by: z.string().nullable(),
    reason: z.string().nullable(),
  }),
);

export async function refusedCommand(target: AdminTarget, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  return adminCommand('rmadock refused', io, async () => {
    const listed = await adminClient(target, env)('/api/v1/admin/rejected', listingSchema);
    if (!listed.length) {
      writeLine(io.stdout, 'The server has refused no fact.');
      return 0;
    }
    writeLine(
      io.stdout,
      aligned([
        ['STATION', '#', 'WHAT', 'RMA', 'RECORDED', 'WHY'],
        ...listed.map((f) => [
          f.station_name ?? '—',
          String(f.station_seq),
          factInWords(f.type),
          f.rma_number ?? '—',
          `${f.recorded_by ?? '—'}, ${utcMinute(f.client_ts)}`,
          f.reason ? refusalInWords(f.reason) : '—',
        ]),
      ]),
    );
    return 0;
  });
}
