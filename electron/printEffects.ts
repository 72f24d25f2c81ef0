import { BrowserWindow, dialog, type WebContents } from 'electron';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PrintingEffects } from './printing';

/** Electron's and the system's side of printing; every decision about it is in printing.ts. */
export function electronPrinting(main: () => WebContents | null, tempDir: string): PrintingEffects {
  return {
    listPrinters: async () => (await main()?.getPrintersAsync())?.map((p) => p.name) ?? [],
    writeTemp: async (fileName, pdf) => {
      await mkdir(tempDir, { recursive: true });
      const path = join(tempDir, fileName);
      await writeFile(path, pdf);
      return path;
    },
    printFile: async (path, options) => {
      // Chromium's PDF viewer lays the file out; the window is never shown.
      const win = new BrowserWindow({ show: false, webPreferences: { plugins: true, sandbox: true, contextIsolation: true } });
      try {
        await win.loadURL(pathToFileURL(path).href);
        await new Promise<void>((resolve, reject) =>
          win.webContents.print({ silent: options.silent, deviceName: options.deviceName, copies: options.copies, pageSize: options.pageSize, printBackground: true }, (ok, reason) =>
            ok || reason === 'cancelled' ? resolve() : reject(new Error(`the printer said: ${reason}`)),
          ),
        );
      } finally {
        win.destroy();
      }
    },
    runLp: (args) =>
      new Promise((resolve, reject) =>
        execFile('lp', args, { timeout: 30_000 }, (error, _out, stderr) => (error ? reject(new Error(`lp failed: ${stderr.trim() || error.message}`)) : resolve())),
      ),
    chooseSavePath: async (fileName) => {
      const { canceled, filePath } = await dialog.showSaveDialog({ defaultPath: fileName, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
      return canceled || !filePath ? null : filePath;
    },
    writeFile: (path, pdf) => writeFile(path, pdf),
  };
}
