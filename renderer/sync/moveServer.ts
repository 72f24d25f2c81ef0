import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { NO_LINKED_STATION, serverAddressSchema, stationProof, tokenHashOf } from '../../shared/sync';
import { readMeta, writeMeta } from '../db/meta';
import type { StationDb } from '../db/schema';
import { SyncError, syncClient, type Fetch } from './client';

/**
 * The sync server now answers at another address (a new machine, a new IP, a backup restored on
 * another host): the station keeps its link — its token, its identity, its pull cursor — and talks
 * to the new address from now on, once the server there has shown it holds this station's token
 * (`stationProof`). The token is not sent to an address until then: a mistyped or rogue address
 * never learns it. Another server needs an enrolment code from it (`enrolStation`). Nothing
 * recorded here is touched either way.
 */
export async function moveToServerAddress(db: StationDb, serverUrl: string, fetchFn: Fetch): Promise<{ name: string }> {
  const [link, station] = await Promise.all([readMeta(db, 'sync'), readMeta(db, 'station')]);
  if (!link || !station) throw new Error('this station is not linked to a sync server yet: link it with an enrolment code');
  const url = serverAddressSchema.parse(serverUrl.trim());
  if (url === link.serverUrl) throw new Error(`this station already syncs with ${url}`);
  const nonce = bytesToHex(randomBytes(32));
  let proof: string;
  try {
    ({ proof } = await syncClient(url, fetchFn).proveStation(station.id, nonce));
  } catch (e) {
    throw new Error(whyNotThere(e, url), { cause: e });
  }
  if (proof !== stationProof(tokenHashOf(link.token), nonce)) throw new Error(notThisStation(url));
  await db.transaction('rw', db.meta, async () => {
    // Linked again meanwhile (the code form): that link stands.
    const current = await readMeta(db, 'sync');
    if (current?.token !== link.token) throw new Error('the station was linked again meanwhile; nothing changed');
    await writeMeta(db, 'sync', { ...current, serverUrl: url });
    const log = (await readMeta(db, 'syncLog'))!;
    await writeMeta(db, 'syncLog', { ...log, lastError: null, state: 'ok' });
  });
  return { name: station.name };
}

const notThisStation = (url: string) =>
  `the server at ${url} does not know this station — it is another server, or one restored from a backup taken before this station was linked: type an enrolment code from it`;

function whyNotThere(e: unknown, url: string): string {
  if (!(e instanceof SyncError)) return (e as Error).message;
  if (e.failure.kind === 'network') {
    return `nothing answered at ${url}: check the address and that the sync server runs there${url.startsWith('https:') ? ', and that this computer trusts its certificate' : ''}`;
  }
  // A server with no such linked station answers 404 with its own words; one that is not a sync server, 404 without them.
  if (e.failure.kind === 'bad_request' && e.message === NO_LINKED_STATION) return notThisStation(url);
  return e.message;
}
