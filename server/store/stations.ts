import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Store } from '../db/connect';

/** Secrets are stored only as their hash: a stolen database holds no usable token. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time enrolment code a supervisor reads out or types at the station: 10 unambiguous characters. */
function newEnrolCode(): string {
  return Array.from(randomBytes(10), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

export interface StationRow {
  id: string;
  name: string;
  lastAck: number;
}

export async function createStation(store: Store, name: string, now: Date): Promise<{ id: string; enrolCode: string }> {
  const id = uuidv7();
  const enrolCode = newEnrolCode();
  await store.db
    .insertInto('stations')
    .values({ id, name, enrol_code_hash: hashSecret(enrolCode), token_hash: null, last_ack: 0, created_at: now.toISOString(), enrolled_at: null })
    .execute();
  return { id, enrolCode };
}

/** A new one-time code for a station (its database was wiped, or it moved): its old token stops working. */
export async function reissueEnrolCode(store: Store, stationId: string): Promise<string | null> {
  const enrolCode = newEnrolCode();
  const result = await store.db
    .updateTable('stations')
    .set({ enrol_code_hash: hashSecret(enrolCode), token_hash: null })
    .where('id', '=', stationId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? enrolCode : null;
}

/** Trade a one-time code for a token. The code works once; the answer says where the station's facts stand. */
export async function enrolStation(store: Store, code: string, now: Date): Promise<(StationRow & { token: string }) | null> {
  const token = randomBytes(32).toString('base64url');
  return store.db.transaction().execute(async (trx) => {
    const station = await trx.selectFrom('stations').select(['id', 'name', 'last_ack']).where('enrol_code_hash', '=', hashSecret(code.trim().toUpperCase())).executeTakeFirst();
    if (!station) return null;
    await trx
      .updateTable('stations')
      .set({ enrol_code_hash: null, token_hash: hashSecret(token), enrolled_at: now.toISOString() })
      .where('id', '=', station.id)
      .execute();
    return { id: station.id, name: station.name, lastAck: Number(station.last_ack), token };
  });
}

export async function stationForToken(store: Store, token: string): Promise<StationRow | null> {
  const row = await store.db.selectFrom('stations').select(['id', 'name', 'last_ack']).where('token_hash', '=', hashSecret(token)).executeTakeFirst();
  return row ? { id: row.id, name: row.name, lastAck: Number(row.last_ack) } : null;
}
