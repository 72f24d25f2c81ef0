import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS } from '../shared/ipc/channels';
import type { WarehouseBridge } from '../shared/ipc/contract';

// One object, one function per contract channel: the page never sees ipcRenderer itself.
const bridge = Object.fromEntries(
  IPC_CHANNELS.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input)]),
) as WarehouseBridge;

contextBridge.exposeInMainWorld('warehouse', bridge);
