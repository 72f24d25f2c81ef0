import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcContract, IPC_CHANNELS, type IpcChannel, type IpcOutput, type IpcResult } from '../shared/ipc';
import { parseAt } from '../shared/validation';
import { isAppUrl } from './window';

export type IpcHandlers = {
  [C in IpcChannel]: (input: ReturnType<IpcContract[C]['input']['parse']>) => Promise<IpcOutput<C>> | IpcOutput<C>;
};
type IpcContract = typeof ipcContract;

/**
 * Every channel of the contract, each checking that the caller is our own page and that the
 * input parses before the handler runs. Errors come back as values, never as rejections.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, handlers: IpcHandlers): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, input) => answer(channel, event, input, handlers));
  }
}

export async function answer<C extends IpcChannel>(
  channel: C,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  input: unknown,
  handlers: Pick<IpcHandlers, C>,
): Promise<IpcResult<IpcOutput<C>>> {
  const sender = event.senderFrame?.url ?? '';
  if (!isAppUrl(sender)) return { ok: false, error: `${channel}: refused a call from ${sender || 'an unknown frame'}` };
  const parsed = parseAt(ipcContract[channel].input, input, channel);
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[channel] as (i: unknown) => Promise<IpcOutput<C>> | IpcOutput<C>;
    return { ok: true, value: await handler(parsed.value) };
  } catch (e) {
    return { ok: false, error: `${channel}: ${(e as Error).message}` };
  }
}
