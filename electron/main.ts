import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { registerIpc } from './ipc';
import { EventJournal } from './journal';
import { StationMemory } from './stationMemory';
import { electronPrinting } from './printEffects';
import { printingHandlers } from './printing';
import { fileForAppUrl, fileUrl } from './protocol';
import { APP_ENTRY, APP_SCHEME, isAppUrl, isPermissionAllowed, mainWindowOptions } from './window';

// IndexedDB lives under userData: fix it before anything can rename the app (SYNC.md).
app.setPath('userData', join(app.getPath('appData'), 'returns-dock'));

// A second instance would open the same IndexedDB: hand its focus request to the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (!isAppUrl(url)) e.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

function start(): void {
  const rendererDir = join(import.meta.dirname, '../renderer');
  protocol.handle(APP_SCHEME, (request) => {
    const file = fileForAppUrl(request.url, rendererDir);
    const target = file && existsSync(file) ? file : join(rendererDir, 'index.html');
    return net.fetch(fileUrl(target));
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionAllowed(permission, 'mediaTypes' in details ? (details.mediaTypes ?? []) : []));
  });
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'media');

  const journal = new EventJournal(join(app.getPath('userData'), 'journal', 'unacknowledged.ndjson'));
  const memory = new StationMemory(join(app.getPath('userData'), 'journal', 'station.json'));
  let win: BrowserWindow | null = null;
  registerIpc(ipcMain, {
    ...printingHandlers(electronPrinting(() => win?.webContents ?? null, join(app.getPath('temp'), 'returns-dock-slips'))),
    'app:about': () => ({ version: app.getVersion(), electron: process.versions.electron ?? '', platform: process.platform }),
    'journal:append': async ({ events }) => ({ appended: await journal.append(events) }),
    'journal:acknowledge': async ({ ackStationSeq }) => ({ kept: await journal.acknowledge(ackStationSeq) }),
    'journal:read': async () => ({ events: await journal.read() }),
    'station:remember': async (station) => {
      await memory.remember(station);
      return {};
    },
    'station:recall': async () => ({ remembered: await memory.recall() }),
  });

  const main = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/preload.cjs'), join(import.meta.dirname, '../renderer/icon.png')));
  win = main;
  main.once('ready-to-show', () => main.show());
  void main.loadURL(APP_ENTRY);
}
