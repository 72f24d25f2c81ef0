import { printPlanFor } from '../shared/slips/printPlan';
import type { IpcHandlers } from './ipc';

/** Everything printing does to the world, injected so the decisions are tested in Node. */
export interface PrintingEffects {
  listPrinters: () => Promise<string[]>;
  writeTemp: (fileName: string, pdf: Uint8Array) => Promise<string>;
  /** Electron's print of the PDF file: the dialog, or silently to a named printer. */
  printFile: (path: string, options: { silent: boolean; deviceName?: string; copies?: number; pageSize: { width: number; height: number } }) => Promise<void>;
  /** The operating system's print of the PDF file. */
  runLp: (args: string[]) => Promise<void>;
  chooseSavePath: (fileName: string) => Promise<string | null>;
  writeFile: (path: string, pdf: Uint8Array) => Promise<void>;
}

type PrintHandlers = Pick<IpcHandlers, 'print:printers' | 'print:pdf' | 'print:save'>;

/** The bridge's printing channels: the plan is the pure `printPlanFor`, the call a few lines behind it. */
export function printingHandlers(fx: PrintingEffects): PrintHandlers {
  return {
    'print:printers': async () => ({ printers: await fx.listPrinters() }),
    'print:pdf': async ({ pdf, fileName, printer }) => {
      const plan = printPlanFor(printer, await fx.listPrinters());
      if (plan.kind === 'refused') throw new Error(plan.message);
      const path = await fx.writeTemp(fileName, pdf);
      if (plan.kind === 'dialog') {
        await fx.printFile(path, { silent: false, pageSize: plan.microns });
        return { output: 'dialog' as const };
      }
      if (plan.strategy === 'system') await fx.runLp([...plan.lpArgs, path]);
      else await fx.printFile(path, { silent: true, deviceName: plan.printer, copies: plan.copies, pageSize: plan.microns });
      return { output: 'printer' as const };
    },
    'print:save': async ({ pdf, fileName }) => {
      const path = await fx.chooseSavePath(fileName);
      if (!path) return { saved: false, path: null };
      await fx.writeFile(path, pdf);
      return { saved: true, path };
    },
  };
}
