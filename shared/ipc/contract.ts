import { z } from 'zod';
import { stationEventSchema } from '../events/schema';
import { printerSettingsSchema } from '../slips/printPlan';
import { rememberedStationSchema } from '../sync/link';
import type { IpcChannel } from './channels';

/** A slip's PDF across the bridge: at most 20 MB, and it must start like a PDF. */
const pdfBytes = z
  .instanceof(Uint8Array)
  .refine((b) => b.byteLength <= 20 * 1024 * 1024, { message: 'is larger than 20 MB' })
  .refine((b) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46, { message: 'is not a PDF' });
const fileName = z.string().regex(/^[\w.-]{1,120}\.pdf$/, { message: 'must be a plain file name ending in .pdf' });

/**
 * The one bridge between the renderer and Electron's main process: channel `domain:verb` →
 * input and output schemas. The preload exposes exactly these channels as `window.warehouse`;
 * main parses every input before acting. Adding a capability means adding a line here.
 */
export const ipcContract = {
  'app:about': {
    input: z.object({}).strict(),
    output: z.object({ version: z.string(), electron: z.string(), platform: z.string() }),
  },
  /**
   * The main process's journal of facts not yet acknowledged by the server (SYNC.md, *Recovery*):
   * appended and flushed to disk after each commit, cut at each acknowledgement, read back when
   * the station's IndexedDB was lost.
   */
  'journal:append': {
    input: z.object({ events: z.array(stationEventSchema).min(1).max(500) }).strict(),
    output: z.object({ appended: z.number().int() }),
  },
  'journal:acknowledge': {
    input: z.object({ ackStationSeq: z.number().int().min(0) }).strict(),
    output: z.object({ kept: z.number().int() }),
  },
  'journal:read': {
    input: z.object({}).strict(),
    output: z.object({ events: z.array(stationEventSchema) }),
  },
  /**
   * The station's identity and sync link, kept by the main process too (SYNC.md, *Recovery*): a
   * station whose database was lost recalls them, and its journal says where its numbering stands.
   */
  'station:remember': {
    input: rememberedStationSchema,
    output: z.object({}),
  },
  'station:recall': {
    input: z.object({}).strict(),
    output: z.object({ remembered: rememberedStationSchema.nullable() }),
  },
  /** The printers the system lists now, by their exact names (a printer is chosen by name once a station). */
  'print:printers': {
    input: z.object({}).strict(),
    output: z.object({ printers: z.array(z.string()) }),
  },
  /** Print one slip's PDF by the station's printer settings (the plan is `printPlanFor`). */
  'print:pdf': {
    input: z.object({ pdf: pdfBytes, fileName, printer: printerSettingsSchema }).strict(),
    output: z.object({ output: z.enum(['dialog', 'printer']) }),
  },
  /** "Save as PDF" through the native dialog; `saved` is false when the person cancels. */
  'print:save': {
    input: z.object({ pdf: pdfBytes, fileName }).strict(),
    output: z.object({ saved: z.boolean(), path: z.string().nullable() }),
  },
} as const satisfies Record<IpcChannel, { input: z.ZodType; output: z.ZodType }>;

export type IpcContract = typeof ipcContract;
export type IpcInput<C extends IpcChannel> = z.input<IpcContract[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.infer<IpcContract[C]['output']>;

/** What every call answers: never a thrown error across the bridge. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** `window.warehouse`: one async function per channel. */
export type WarehouseBridge = {
  [C in IpcChannel]: (input: IpcInput<C>) => Promise<IpcResult<IpcOutput<C>>>;
};
