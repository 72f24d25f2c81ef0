import { z } from 'zod';

/** A station's settings, each with the default a new station starts from. */
export const stationSettingsSchema = z.object({
  /**
   * Keystrokes closer together than this come from a scanner, not a person. USB scanners type
   * every few milliseconds; Bluetooth ones can take up to about 100 ms between keys.
   */
  wedgeMaxKeyGapMs: z.number().int().min(5).max(300).default(35),
  /** Older RMA data than this cannot refuse an unknown RMA number: the package is held instead. */
  rmaStaleAfterHours: z.number().min(0.25).max(24 * 30).default(24),
  /** How long the last verdict can be undone. */
  undoWindowSeconds: z.number().int().min(3).max(300).default(15),
  muted: z.boolean().default(false),
  /** The site's name and address at the head of every packing slip (a site setting, kept here until site settings sync). */
  siteName: z.string().trim().min(1, { message: 'is needed at the head of every slip' }).max(80).default('Returns center'),
  siteAddress: z.string().trim().max(300).default(''),
  /** The paper the slip printer takes. */
  slipPageSize: z.enum(['letter', 'a4', 'label4x6']).default('letter'),
  /** The slip printer, chosen once by its exact system name (desktop app); none: the print dialog each time. */
  printerName: z.string().trim().min(1).max(200).nullable().default(null),
  printCopies: z.number().int().min(1).max(10).default(1),
  /** Electron's print of the PDF, or the operating system's (`lp`): DESIGN.md, *Printing*. */
  printStrategy: z.enum(['electron', 'system']).default('electron'),
  /** The camera this station reads labels with (a device id); none: the system's default camera. */
  cameraId: z.string().min(1).max(300).nullable().default(null),
  /** The barcode decoder for camera and images: zxing-cpp in WebAssembly (measured far ahead), or zxing-js. */
  scanEngine: z.enum(['zxing-wasm', 'zxing-js']).default('zxing-wasm'),
});
export type StationSettings = z.infer<typeof stationSettingsSchema>;
export const DEFAULT_SETTINGS: StationSettings = stationSettingsSchema.parse({});

/**
 * What only a supervisor changes: the settings that decide verdicts at the dock (how old RMA data
 * may be before an unknown number is held, not refused; how long a verdict can be undone) and
 * what every packing slip says the site is. The rest tunes the station's own hardware.
 */
export const SUPERVISOR_SETTINGS = {
  rmaStaleAfterHours: 'how old RMA data may be',
  undoWindowSeconds: 'how long a verdict can be undone',
  siteName: 'the site’s name on slips',
  siteAddress: 'the site’s address on slips',
} as const satisfies Partial<Record<keyof StationSettings, string>>;

/** The supervisor's settings that differ between two sets, in words. */
export function supervisorSettingsChanged(before: StationSettings, after: StationSettings): string[] {
  return Object.entries(SUPERVISOR_SETTINGS).flatMap(([key, words]) => (before[key as keyof typeof SUPERVISOR_SETTINGS] === after[key as keyof typeof SUPERVISOR_SETTINGS] ? [] : [words]));
}
