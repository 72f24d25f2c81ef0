import { describe, expect, it } from 'vitest';
import { answer } from '../../electron/ipc';
import { printingHandlers, type PrintingEffects } from '../../electron/printing';
import { APP_ENTRY } from '../../electron/window';

const ownPage = { senderFrame: { url: APP_ENTRY } } as never;
const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x33]);

/** Fake effects that write down what was asked of the world. */
function world(printers: string[], savePath: string | null = '/home/ines/slip.pdf') {
  const done: unknown[] = [];
  const fx: PrintingEffects = {
    listPrinters: () => Promise.resolve(printers),
    writeTemp: (name) => Promise.resolve(`/tmp/slips/${name}`),
    printFile: (path, options) => Promise.resolve(void done.push(['printFile', path, options])),
    runLp: (args) => Promise.resolve(void done.push(['lp', args])),
    chooseSavePath: () => Promise.resolve(savePath),
    writeFile: (path, bytes) => Promise.resolve(void done.push(['writeFile', path, bytes.byteLength])),
  };
  return { handlers: printingHandlers(fx), done };
}

const printer = { printerName: 'Zebra_ZD421', pageSize: 'label4x6' as const, copies: 1, strategy: 'electron' as const };

describe('printing from the desktop shell', () => {
  it('prints silently with Electron to the printer chosen by exact name, page size in microns', async () => {
    const { handlers, done } = world(['Office', 'Zebra_ZD421']);
    expect(await answer('print:pdf', ownPage, { pdf, fileName: 'RMA10000065-replacement-1.pdf', printer }, handlers)).toEqual({ ok: true, value: { output: 'printer' } });
    expect(done).toEqual([['printFile', '/tmp/slips/RMA10000065-replacement-1.pdf', { silent: true, deviceName: 'Zebra_ZD421', copies: 1, pageSize: { width: 101_600, height: 152_400 } }]]);
  });

  it('hands the file to lp with the system strategy, and shows the dialog when no printer is chosen', async () => {
    const system = world(['Zebra_ZD421']);
    await answer('print:pdf', ownPage, { pdf, fileName: 'a.pdf', printer: { ...printer, strategy: 'system', copies: 2 } }, system.handlers);
    expect(system.done).toEqual([['lp', ['-d', 'Zebra_ZD421', '-n', '2', '-o', 'media=Custom.4x6in', '-o', 'fit-to-page', '/tmp/slips/a.pdf']]]);
    const ask = world([]);
    expect(await answer('print:pdf', ownPage, { pdf, fileName: 'a.pdf', printer: { ...printer, printerName: null, pageSize: 'letter' } }, ask.handlers)).toEqual({ ok: true, value: { output: 'dialog' } });
    expect(ask.done).toEqual([['printFile', '/tmp/slips/a.pdf', { silent: false, pageSize: { width: 215_900, height: 279_400 } }]]);
  });

  it('says plainly when the printer is gone, and prints nothing', async () => {
    const { handlers, done } = world(['Office']);
    const r = await answer('print:pdf', ownPage, { pdf, fileName: 'a.pdf', printer }, handlers);
    expect(r).toEqual({ ok: false, error: 'print:pdf: The printer “Zebra_ZD421” is not connected to this station (it has: Office): choose another in Settings. The slip stays in the queue, unprinted.' });
    expect(done).toEqual([]);
  });

  it('refuses what is not a PDF or not a plain file name, before touching anything', async () => {
    const { handlers, done } = world(['Zebra_ZD421']);
    expect(await answer('print:pdf', ownPage, { pdf: new Uint8Array([1, 2, 3, 4]), fileName: 'a.pdf', printer }, handlers)).toEqual({ ok: false, error: 'pdf: is not a PDF' });
    expect(await answer('print:save', ownPage, { pdf, fileName: '../../etc/passwd.pdf' }, handlers)).toMatchObject({ ok: false, error: expect.stringContaining('must be a plain file name ending in .pdf') });
    expect(done).toEqual([]);
  });

  it('saves through the native dialog, and a cancel saves nothing', async () => {
    const saved = world([]);
    expect(await answer('print:save', ownPage, { pdf, fileName: 'a.pdf' }, saved.handlers)).toEqual({ ok: true, value: { saved: true, path: '/home/ines/slip.pdf' } });
    expect(saved.done).toEqual([['writeFile', '/home/ines/slip.pdf', pdf.byteLength]]);
    const cancelled = world([], null);
    expect(await answer('print:save', ownPage, { pdf, fileName: 'a.pdf' }, cancelled.handlers)).toEqual({ ok: true, value: { saved: false, path: null } });
    expect(cancelled.done).toEqual([]);
  });
});
