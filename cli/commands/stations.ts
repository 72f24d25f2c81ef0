import { z } from 'zod';
import { enrolCodeSchema, isNearlyFull, newStationAnswerSchema, stationListingSchema, storageAmounts, type StationListing } from '../../shared/sync';
import { adminClient, adminCommand, oneNamed, type AdminTarget } from '../adminClient';
import { aligned, writeLine, type CommandIo, type ExitCode } from '../io';
import { utcMinute } from '../../shared/words';

export const STATIONS_HELP = `rmadock stations [list]            the stations: linked or not, facts arrived, last sync, storage used
rmadock stations add NAME          a new station and its one-time enrolment code
rmadock stations code NAME|ID      a new code for a station (its code lapsed, or its database was lost)
rmadock stations unlink NAME|ID    a station taken out of use, lost or stolen: its link stops working now
  Options: --server URL (the running sync server, default http://127.0.0.1:8787) and --data DIR
  (the server's data folder, default ./data, which holds its admin token). RMADOCK_ADMIN_TOKEN
  is used instead when it is set. Type the code on the station's Sync screen with the server's
  address as that station reaches it.`;

export type StationsAction = { kind: 'list' } | { kind: 'add'; name: string } | { kind: 'code' | 'unlink'; station: string };

const codeSaid = (name: string, code: { enrolCode: string; enrolCodeExpiresAt: string }) =>
  `${name}: enrolment code ${code.enrolCode}, for one station, once, until ${utcMinute(code.enrolCodeExpiresAt)}.\n` +
  `On that station open Sync, and type the server's address (as that station reaches it) and this code.`;

/** As the station last said it: how much of what its browser lets it use, flagged when nearly full. */
const storageWords = (storage: { used: number; quota: number }) => `${storageAmounts(storage)}${isNearlyFull(storage.used, storage.quota) ? ' (nearly full)' : ''}`;

function table(stations: readonly StationListing[]): string {
  if (!stations.length) return 'No stations yet: rmadock stations add "Dock door 1" makes one.';
  const rows = [
    ['NAME', 'LINKED', 'FACTS', 'LAST SYNC', 'STORAGE USED', 'CODE VALID UNTIL'],
    ...stations.map((s) => [
      s.name,
      s.enrolled ? 'yes' : 'no',
      s.lastAck.toLocaleString('en-US'),
      s.lastSeenAt ? utcMinute(s.lastSeenAt) : 'never',
      s.storage ? storageWords(s.storage) : '—',
      s.enrolCodeExpiresAt ? utcMinute(s.enrolCodeExpiresAt) : '—',
    ]),
  ];
  return aligned(rows);
}

export async function stationsCommand(action: StationsAction, target: AdminTarget, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  return adminCommand('rmadock stations', io, async () => {
    const call = adminClient(target, env);
    const list = () => call('/api/v1/admin/stations', z.array(stationListingSchema));
    if (action.kind === 'list') writeLine(io.stdout, table(await list()));
    else if (action.kind === 'add') {
      const made = await call('/api/v1/admin/stations', newStationAnswerSchema, { method: 'POST', body: { json: { name: action.name } } });
      writeLine(io.stdout, codeSaid(action.name.trim(), made));
    } else if (action.kind === 'unlink') {
      const station = oneNamed(await list(), action.station, 'station', 'rmadock stations');
      await call(`/api/v1/admin/stations/${station.id}/unlink`, z.object({ id: z.string() }), { method: 'POST' });
      writeLine(
        io.stdout,
        `${station.name}: unlinked. Its link and any code given out for it stop working now; the ${station.lastAck.toLocaleString('en-US')} facts it sent stay. ` +
          `To link it again: rmadock stations code ${JSON.stringify(station.name)}.`,
      );
    } else {
      const station = oneNamed(await list(), action.station, 'station', 'rmadock stations');
      const code = await call(`/api/v1/admin/stations/${station.id}/enrol-code`, enrolCodeSchema, { method: 'POST' });
      writeLine(io.stdout, codeSaid(station.name, code));
      if (station.enrolled) writeLine(io.stdout, `Its old link stops working: the station links again with this code and carries on after its last fact here (number ${station.lastAck}).`);
    }
    return 0;
  });
}
