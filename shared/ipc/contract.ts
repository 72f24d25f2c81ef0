import { z } from 'zod';
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
