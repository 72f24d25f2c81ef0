import { z } from 'zod';
import { stationEventSchema } from '../events/schema';
import type { IpcChannel } from './channels';

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
