import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

/**
 * Stands in for the `electron` package in every Node test: importing the real one tries to
 * download the Electron binary. Records what main asks of Electron so tests can check it.
 */
type Listener = (...args: unknown[]) => unknown;

export const calls = {
  windows: [] as { options: unknown; loaded: string[] }[],
  handlers: new Map<string, Listener>(),
  appListeners: new Map<string, Listener[]>(),
  privilegedSchemes: [] as unknown[],
  userData: '' as string,
  permissionRequest: undefined as Listener | undefined,
  protocolHandlers: new Map<string, Listener>(),
};

/** The folders main writes in (its journal), each test file's own. */
const scratch = mkdtempSync(join(tmpdir(), 'rd-electron-'));

export const app = {
  getPath: vi.fn((name: string) => (name === 'appData' ? '/home/user/.config' : join(scratch, name))),
  setPath: vi.fn((name: string, value: string) => {
    if (name === 'userData') calls.userData = value;
  }),
  getVersion: vi.fn(() => '0.0.0-test'),
  requestSingleInstanceLock: vi.fn(() => true),
  quit: vi.fn(),
  on: vi.fn((event: string, listener: Listener) => {
    calls.appListeners.set(event, [...(calls.appListeners.get(event) ?? []), listener]);
  }),
  whenReady: vi.fn(() => Promise.resolve()),
};

export class BrowserWindow {
  static getAllWindows = vi.fn(() => [] as BrowserWindow[]);
  readonly record: { options: unknown; loaded: string[] };
  constructor(options: unknown) {
    this.record = { options, loaded: [] };
    calls.windows.push(this.record);
  }
  once = vi.fn();
  show = vi.fn();
  loadURL = vi.fn((url: string) => {
    this.record.loaded.push(url);
    return Promise.resolve();
  });
}

export const ipcMain = {
  handle: vi.fn((channel: string, listener: Listener) => calls.handlers.set(channel, listener)),
};

export const protocol = {
  registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => calls.privilegedSchemes.push(...schemes)),
  handle: vi.fn((scheme: string, handler: Listener) => calls.protocolHandlers.set(scheme, handler)),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn((h: Listener) => (calls.permissionRequest = h)),
    setPermissionCheckHandler: vi.fn(),
  },
};

export const net = { fetch: vi.fn((url: string) => Promise.resolve({ url })) };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const ipcRenderer = { invoke: vi.fn() };

export default { app, BrowserWindow, ipcMain, protocol, session, net, contextBridge, ipcRenderer };
export const dialog = { showSaveDialog: vi.fn(() => Promise.resolve({ canceled: true, filePath: undefined })) };
