import { z } from 'zod';
import { exceptionInWords, exceptionResolutionSchema } from '../../shared/sync';
import { adminClient, adminCommand, type AdminTarget } from '../adminClient';
import { aligned, writeLine, type CommandIo, type ExitCode } from '../io';

export const EXCEPTIONS_HELP = `rmadock exceptions [--all]          where facts disagree, still to deal with (--all: resolved ones too)
  More packages accepted than units authorised, a package for an RMA that is not open, one serial
  counted twice: each with its RMA, the station that recorded the fact, and how it was resolved.
  A supervisor resolves one at any station's Sync screen. --server and --data as for rmadock stations.`;

/** `GET /api/v1/admin/exceptions`, as this command reads it. */
const listingSchema = z.array(
  z.object({
    kind: z.string(),
    rma_number: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    station_name: z.string().nullable(),
    resolution: exceptionResolutionSchema.nullable(),
  }),
);

const resolved = (r: z.infer<typeof exceptionResolutionSchema> | null) => (r ? `${r.by}: ${r.note}` : 'open');

export async function exceptionsCommand({ all }: { all: boolean }, target: AdminTarget, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  return adminCommand('rmadock exceptions', io, async () => {
    const call = adminClient(target, env);
    const listed = await call(`/api/v1/admin/exceptions?state=${all ? 'all' : 'open'}`, listingSchema);
    if (!listed.length) {
      writeLine(io.stdout, all ? 'No exceptions: the facts agree.' : 'No open exceptions: the facts agree, or every disagreement was resolved.');
      return 0;
    }
    writeLine(
      io.stdout,
      aligned([
        ['RMA', 'STATION', ...(all ? ['RESOLVED'] : []), 'WHAT'],
        ...listed.map((x) => [x.rma_number ?? '—', x.station_name ?? '—', ...(all ? [resolved(x.resolution)] : []), exceptionInWords(x)]),
      ]),
    );
    return 0;
  });
}
