import { readMeta, writeMeta } from '../db/meta';
import type { StationDb } from '../db/schema';
import { SyncError, syncClient, type Fetch } from './client';

/**
 * The sync server now answers at another address (a new machine, a new IP, a backup restored on
 * another host): the station keeps its link — its token, its identity, its pull cursor — and talks
 * to the new address from now on. Only once the server there shows it knows this station's token:
 * another server's address would leave the station pushing into refusals, so that needs an
 * enrolment code from it (`enrolStation`). Nothing recorded here is touched either way.
 */
export async function moveToServerAddress(db: StationDb, serverUrl: string, fetchFn: Fetch): Promise<{ name: string }> {
  const [link, station] = await Promise.all([readMeta(db, 'sync'), readMeta(db, 'station')]);
  if (!link || !station) throw new Error('this station is not linked to a sync server yet: link it with an enrolment code');
  const url = serverUrl.trim().replace(/\/+$/, '');
  if (url === link.serverUrl) throw new Error(`this station already syncs with ${url}`);
  let known: { stationId: string; name?: string | undefined };
  try {
    known = await syncClient(url, fetchFn).status(link.token);
  } catch (e) {
    throw new Error(whyNotThere(e, url), { cause: e });
  }
  if (known.stationId !== station.id) throw new Error(`the server at ${url} knows this station's token under another station: ask a supervisor for an enrolment code`);
  await db.transaction('rw', db.meta, async () => {
    // Linked again meanwhile (the code form): that link stands.
    const current = await readMeta(db, 'sync');
    if (current?.token !== link.token) throw new Error('the station was linked again meanwhile; nothing changed');
    await writeMeta(db, 'sync', { ...current, serverUrl: url });
    const log = (await readMeta(db, 'syncLog'))!;
    await writeMeta(db, 'syncLog', { ...log, lastError: null, state: 'ok' });
  });
  return { name: known.name ?? station.name };
}

function whyNotThere(e: unknown, url: string): string {
  if (!(e instanceof SyncError)) return (e as Error).message;
  switch (e.failure.kind) {
    case 'network':
      return `nothing answered at ${url}: check the address and that the sync server runs there`;
    case 'unauthorized':
      return `the server at ${url} does not know this station — it is another server, or one restored from a backup taken before this station was linked: type an enrolment code from it`;
    default:
      return e.message;
  }
}
