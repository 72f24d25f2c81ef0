import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Store } from '../db/connect';
import { tokenHashOf, type EnrolCode, type StationListing } from '../../shared/sync';

/** Secrets are stored only as their hash (the station works out the same one: `stationProof`): a stolen database holds no usable token. */
export const hashSecret = tokenHashOf;

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time enrolment code a supervisor reads out or types at the station: 10 unambiguous characters. */
function newEnrolCode(): string {
  return Array.from(randomBytes(10), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/**
 * Days an enrolment code can be used: enough to post one to another site, while a code written on
 * a note and forgotten does not link a stranger's machine months later.
 */
export const ENROL_CODE_DAYS = 7;

/** When a code given out at `now` lapses. */
export const enrolCodeExpiry = (now: Date): string => new Date(now.getTime() + ENROL_CODE_DAYS * 86_400_000).toISOString();


export interface StationRow {
  id: string;
  name: string;
  lastAck: number;
}

export async function createStation(store: Store, name: string, now: Date): Promise<{ id: string } & EnrolCode> {
  const id = uuidv7();
  const enrolCode = newEnrolCode();
  const enrolCodeExpiresAt = enrolCodeExpiry(now);
  await store.db
    .insertInto('stations')
    .values({ id, name, enrol_code_hash: hashSecret(enrolCode), enrol_code_expires_at: enrolCodeExpiresAt, token_hash: null, last_ack: 0, created_at: now.toISOString(), enrolled_at: null })
    .execute();
  return { id, enrolCode, enrolCodeExpiresAt };
}


/** Every station, oldest first: where a supervisor finds the id a new enrolment code needs. */
export async function listStations(store: Store): Promise<StationListing[]> {
  const rows = await store.db
    .selectFrom('stations')
    .select(['id', 'name', 'last_ack', 'token_hash', 'created_at', 'enrolled_at', 'enrol_code_hash', 'enrol_code_expires_at', 'last_seen_at', 'storage_used', 'storage_quota'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    lastAck: Number(r.last_ack),
    enrolled: r.token_hash !== null,
    createdAt: r.created_at,
    enrolledAt: r.enrolled_at,
    enrolCodeExpiresAt: r.enrol_code_hash === null ? null : r.enrol_code_expires_at,
    lastSeenAt: r.last_seen_at,
    storage: r.storage_used === null || r.storage_quota === null ? null : { used: Number(r.storage_used), quota: Number(r.storage_quota) },
  }));
}

/**
 * The station asked the server something (once a sync cycle), saying its storage: noted at most
 * once a minute, so a server with many stations writes a row a minute for each, not one every request.
 */
export async function noteStationSeen(store: Store, id: string, now: Date, storage: { used: number; quota: number } | null = null): Promise<void> {
  const minute = `${now.toISOString().slice(0, 16)}:00.000Z`;
  await store.db
    .updateTable('stations')
    .set({ last_seen_at: minute, ...(storage ? { storage_used: storage.used, storage_quota: storage.quota } : {}) })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', minute)]))
    .execute();
}

/**
 * A station taken out of use, or a machine lost or stolen: its token and any code given out for
 * it stop working at once. What it sent stays; a new code (`reissueEnrolCode`) links it again.
 * False when there is no such station.
 */
export async function unlinkStation(store: Store, id: string): Promise<boolean> {
  const result = await store.db.updateTable('stations').set({ token_hash: null, enrol_code_hash: null, enrol_code_expires_at: null }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A station's new name; false when there is no such station. The station takes it at its next sync. */
export async function renameStation(store: Store, id: string, name: string): Promise<boolean> {
  const result = await store.db.updateTable('stations').set({ name }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A new one-time code for a station (its database was wiped, or it moved): its old token stops working. */
export async function reissueEnrolCode(store: Store, stationId: string, now: Date): Promise<EnrolCode | null> {
  const enrolCode = newEnrolCode();
  const enrolCodeExpiresAt = enrolCodeExpiry(now);
  const result = await store.db
    .updateTable('stations')
    .set({ enrol_code_hash: hashSecret(enrolCode), enrol_code_expires_at: enrolCodeExpiresAt, token_hash: null })
    .where('id', '=', stationId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? { enrolCode, enrolCodeExpiresAt } : null;
}

export type EnrolOutcome =
  | { ok: true; station: StationRow & { token: string } }
  | { ok: false; reason: 'bad_code' | 'station_has_history' }
  | { ok: false; reason: 'expired_code'; expiredAt: string };

/**
 * Trade a one-time code for a token. A station records facts before it is ever enrolled, under
 * an id it made itself: a code for a station that has recorded nothing here yet takes that id.
 * A code for a station with history hands its id and lastAck to a station whose database is
 * empty (wiped, or a replacement machine), which continues at lastAck + 1 (SYNC.md, *Recovery*).
 */
export async function enrolStation(
  store: Store,
  request: { code: string; stationId: string; lastSeq: number },
  now: Date,
): Promise<EnrolOutcome> {
  const token = randomBytes(32).toString('base64url');
  return store.db.transaction().execute(async (trx) => {
    // Locked, so that two stations sending the same code at once on PostgreSQL do not both take
    // it: the second waits, and then finds the code used (SQLite runs one transaction at a time).
    let lookup = trx
      .selectFrom('stations')
      .select(['id', 'name', 'last_ack', 'enrolled_at', 'enrol_code_expires_at'])
      .where('enrol_code_hash', '=', hashSecret(request.code));
    if (store.dialect === 'postgres') lookup = lookup.forUpdate();
    const found = await lookup.executeTakeFirst();
    if (!found) return { ok: false as const, reason: 'bad_code' as const };
    const expiredAt = found.enrol_code_expires_at;
    if (expiredAt !== null && Date.parse(expiredAt) <= now.getTime()) return { ok: false as const, reason: 'expired_code' as const, expiredAt };
    const hasHistory = found.enrolled_at !== null || Number(found.last_ack) > 0;
    let id = found.id;
    if (!hasHistory && request.stationId !== found.id) {
      const taken = await trx.selectFrom('stations').select('id').where('id', '=', request.stationId).executeTakeFirst();
      if (!taken) {
        await trx.updateTable('stations').set({ id: request.stationId }).where('id', '=', found.id).execute();
        id = request.stationId;
      }
    } else if (hasHistory && request.stationId !== found.id && request.lastSeq > 0) {
      return { ok: false as const, reason: 'station_has_history' as const };
    }
    await trx
      .updateTable('stations')
      .set({ enrol_code_hash: null, token_hash: hashSecret(token), enrolled_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
    return { ok: true as const, station: { id, name: found.name, lastAck: Number(found.last_ack), token } };
  });
}

/** The hash of a station's token, for `stationProof`; null when there is no such station or it is not linked. */
export async function tokenHashOfStation(store: Store, id: string): Promise<string | null> {
  const row = await store.db.selectFrom('stations').select('token_hash').where('id', '=', id).executeTakeFirst();
  return row?.token_hash ?? null;
}

export async function stationForToken(store: Store, token: string): Promise<StationRow | null> {
  const row = await store.db.selectFrom('stations').select(['id', 'name', 'last_ack']).where('token_hash', '=', hashSecret(token)).executeTakeFirst();
  return row ? { id: row.id, name: row.name, lastAck: Number(row.last_ack) } : null;
}
