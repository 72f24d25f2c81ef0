import { z } from 'zod';

/** A station's identity: the id its facts carry, and the name people know it by. */
export const stationSchema = z.object({ id: z.uuid({ error: 'must be a UUID' }), name: z.string().trim().min(1).max(60) });
export type Station = z.infer<typeof stationSchema>;

/** Where a sync server answers, as a station reaches it; a trailing slash, as typed or pasted, is dropped. */
export const serverAddressSchema = z.url({ protocol: /^https?$/, error: 'must be an address such as http://192.168.1.10:8787' }).transform((url) => url.replace(/\/+$/, ''));

/** This station's link to a sync server, from enrolment. */
export const syncLinkSchema = z.object({
  serverUrl: serverAddressSchema,
  token: z.string().min(16),
  enrolledAt: z.string(),
});
export type SyncLink = z.infer<typeof syncLinkSchema>;

/**
 * What the desktop app keeps of a station outside its database (SYNC.md, *Recovery*: the station
 * id also lives in the main process's config), so a station whose database was lost comes back as
 * itself, linked, without a supervisor's code.
 */
export const rememberedStationSchema = z.object({ station: stationSchema, link: syncLinkSchema.nullable() }).strict();
export type RememberedStation = z.infer<typeof rememberedStationSchema>;
