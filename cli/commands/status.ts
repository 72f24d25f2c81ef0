import { z } from 'zod';
import { roomInWords, storeRoomSchema } from '../../server/db/room';
import { runsOutInWords } from '../../server/tls';
import { isNearlyFull, stationListingSchema, storageAmounts } from '../../shared/sync';
import { utcMinute } from '../../shared/words';
import { adminClient, adminCommand, type AdminTarget } from '../adminClient';
import { writeLine, type CommandIo, type ExitCode } from '../io';

export const STATUS_HELP = `rmadock status                      the sync server at a glance
  Whether it answers and on which store; how much room its data takes and has left (too little
  stops every station's sync); when its HTTPS certificate runs out; how many stations
  are linked, which have not synced for a day or more (boxes they accepted may not have
  reached the server) and which said their storage is nearly full; how many exceptions are open and how many facts were refused. Each line
  that needs someone names the command that says more. --server and --data as for rmadock stations.`;

const healthSchema = z.object({ ok: z.boolean(), store: z.string(), serverSeq: z.number(), certificateValidTo: z.string().optional() });

/** A linked station silent this long is worth a look: a dock syncs every few minutes while it works. */
const QUIET_HOURS = 24;

export async function statusCommand(target: AdminTarget, io: CommandIo, env: NodeJS.ProcessEnv, now: Date): Promise<ExitCode> {
  return adminCommand('rmadock status', io, async () => {
    const call = adminClient(target, env);
    const [health, room, stations, exceptions, refused] = await Promise.all([
      call('/api/v1/health', healthSchema),
      call('/api/v1/admin/storage', storeRoomSchema),
      call('/api/v1/admin/stations', z.array(stationListingSchema)),
      call('/api/v1/admin/exceptions?state=open', z.array(z.unknown())),
      call('/api/v1/admin/rejected', z.array(z.unknown())),
    ]);
    const say = (line: string) => writeLine(io.stdout, line);
    say(`The sync server at ${target.server} answers (store: ${health.store}; ${health.serverSeq.toLocaleString('en-US')} changes numbered so far).`);
    if (health.certificateValidTo) say(`HTTPS certificate: ${runsOutInWords(new Date(health.certificateValidTo), now)}.`);
    say(`Storage: ${roomInWords(room)}.`);
    const linked = stations.filter((s) => s.enrolled);
    const waiting = stations.filter((s) => !s.enrolled && s.enrolCodeExpiresAt !== null && Date.parse(s.enrolCodeExpiresAt) > now.getTime());
    say(
      stations.length === 0
        ? 'Stations: none yet — rmadock stations add "Dock door 1" makes one.'
        : `Stations: ${linked.length} linked${waiting.length ? `, ${waiting.length} with a code not yet used` : ''}.`,
    );
    const quiet = linked.filter((s) => s.lastSeenAt === null || now.getTime() - Date.parse(s.lastSeenAt) >= QUIET_HOURS * 3_600_000);
    if (quiet.length) {
      const which = quiet.map((s) => `${s.name} (${s.lastSeenAt ? `last ${utcMinute(s.lastSeenAt)}` : 'never synced'})`).join(', ');
      say(`Not synced for a day or more, so boxes accepted there may not have reached the server: ${which} — rmadock stations lists them all.`);
    }
    const filling = linked.filter((s) => s.storage && isNearlyFull(s.storage.used, s.storage.quota));
    if (filling.length) {
      const which = filling.map((s) => `${s.name} (${storageAmounts(s.storage!)})`).join(', ');
      say(`Storage nearly full, as last said, at: ${which}. Once full, a station records nothing more: free space on its computer's disk, or a supervisor there removes the photos the server keeps (Settings).`);
    }
    say(`Exceptions open: ${exceptions.length}${exceptions.length ? ' — rmadock exceptions lists them.' : '.'}`);
    say(`Facts refused, in all: ${refused.length}${refused.length ? ' — rmadock refused lists them.' : '.'}`);
    return 0;
  });
}
