import { z } from 'zod';
import { actorSchema } from '../../shared/events';
import { DEFAULT_SETTINGS, stationSettingsSchema, type StationSettings } from '../../shared/settings';
import { stationSchema, syncLinkSchema } from '../../shared/sync';
import type { StationDb } from './schema';

export const sessionSchema = z.object({
  user: actorSchema,
  signedInAt: z.string(),
  /** The last stationSeq before this shift began: the shift's scans come after it. */
  shiftStartSeq: z.number().int().min(0),
});
export type Session = z.infer<typeof sessionSchema>;

/** How the last sync attempts went, for the status badge. */
export const syncLogSchema = z.object({
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  state: z.enum(['ok', 'offline', 'error', 'needs_enrolment', 'app_too_old']),
});
export type SyncLog = z.infer<typeof syncLogSchema>;

/** Typed keys of the meta table; every value is parsed on the way out. */
const META = {
  station: stationSchema,
  session: sessionSchema.nullable(),
  settings: stationSettingsSchema,
  seq: z.number().int().min(0),
  /** When RMA data last arrived (an import now, a pull later), by the station's clock. */
  rmaDataAt: z.string().nullable(),
  sync: syncLinkSchema.nullable(),
  /** The pull cursor, stored with the page it covers (SYNC.md, invariant 7). */
  pullCursor: z.number().int().min(0),
  /** The tag the server gave with the cursor: sent back, it tells a restored server apart. */
  pullTag: z.number().int().min(0).nullable(),
  /**
   * How many times this station began to pull everything again (its server restored from a
   * backup, or the station linked anew); what it pulled since is marked with it (`PulledRow`), so
   * what it holds from before can be told apart and replaced.
   */
  pullGeneration: z.number().int().min(0),
  /** Everything is being pulled again under a new `pullGeneration`; once it is, older rows are dropped. */
  repullPending: z.boolean(),
  /** When this station last found its server restored from a backup, by its clock. */
  serverRestoredAt: z.string().nullable(),
  syncLog: syncLogSchema,
  /** The day the server's HTTPS certificate runs out, as the server last said it in the certificate's last weeks; null otherwise. */
  serverCertificateRunsOutOn: z.string().nullable(),
} as const;
type MetaKey = keyof typeof META;
type MetaValue<K extends MetaKey> = z.infer<(typeof META)[K]>;

const DEFAULTS: { [K in MetaKey]?: MetaValue<K> } = {
  session: null,
  settings: DEFAULT_SETTINGS,
  seq: 0,
  rmaDataAt: null,
  sync: null,
  pullCursor: 0,
  pullTag: null,
  pullGeneration: 0,
  repullPending: false,
  serverRestoredAt: null,
  syncLog: { lastSuccessAt: null, lastError: null, state: 'ok' },
  serverCertificateRunsOutOn: null,
};

/** A meta value, or its default; a stored value that no longer parses falls back to the default. */
export async function readMeta<K extends MetaKey>(db: StationDb, key: K): Promise<MetaValue<K> | undefined> {
  const row = await db.meta.get(key);
  if (row === undefined) return DEFAULTS[key];
  const parsed = META[key].safeParse(row.value);
  return parsed.success ? (parsed.data as MetaValue<K>) : (DEFAULTS[key]);
}

export async function writeMeta<K extends MetaKey>(db: StationDb, key: K, value: MetaValue<K>): Promise<void> {
  await db.meta.put({ key, value: META[key].parse(value) });
}

export async function readSettings(db: StationDb): Promise<StationSettings> {
  return (await readMeta(db, 'settings')) ?? DEFAULT_SETTINGS;
}
