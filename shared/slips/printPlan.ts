/**
 * How a slip is printed (DESIGN.md, *Printing*): every decision here, none in the Electron call
 * behind it, because Electron's silent printing has a history of page-size and Linux bugs.
 */
import { z } from 'zod';

export const pageSizeSchema = z.enum(['letter', 'a4', 'label4x6']);
export type PageSize = z.infer<typeof pageSizeSchema>;
export const printStrategySchema = z.enum(['electron', 'system']);
export type PrintStrategy = z.infer<typeof printStrategySchema>;

/** Page sizes in microns, as Electron's `pageSize` takes them. */
export const PAGE_MICRONS: Record<PageSize, { width: number; height: number }> = {
  letter: { width: 215_900, height: 279_400 },
  a4: { width: 210_000, height: 297_000 },
  label4x6: { width: 101_600, height: 152_400 },
};

/** Page sizes in PDF points (1/72 in), as jsPDF takes them. */
export const PAGE_POINTS: Record<PageSize, { width: number; height: number }> = {
  letter: { width: 612, height: 792 },
  a4: { width: 595.28, height: 841.89 },
  label4x6: { width: 288, height: 432 },
};

export const printerSettingsSchema = z.object({
  /** The printer chosen once for the station, by its exact system name; null: ask each time. */
  printerName: z.string().min(1).max(200).nullable(),
  pageSize: pageSizeSchema,
  copies: z.number().int().min(1).max(10),
  strategy: printStrategySchema,
});
export type PrinterSettings = z.infer<typeof printerSettingsSchema>;

export type PrintPlan =
  | { kind: 'dialog'; pageSize: PageSize; microns: { width: number; height: number } }
  | { kind: 'silent'; strategy: PrintStrategy; printer: string; pageSize: PageSize; microns: { width: number; height: number }; copies: number; lpArgs: string[] }
  | { kind: 'refused'; message: string };

/**
 * The plan for one print: the dialog when no printer is chosen, else silent printing to that
 * printer, matched by exact name among those the system lists now (a printer that is gone is
 * said so, and nothing prints). `lpArgs` are for the system strategy (`lp`), without the file.
 */
export function printPlanFor(settings: PrinterSettings, available: readonly string[]): PrintPlan {
  const microns = PAGE_MICRONS[settings.pageSize];
  if (settings.printerName === null) return { kind: 'dialog', pageSize: settings.pageSize, microns };
  if (!available.includes(settings.printerName)) {
    return {
      kind: 'refused',
      message: `The printer “${settings.printerName}” is not connected to this station${available.length ? ` (it has: ${available.join(', ')})` : ' (it has none)'}: choose another in Settings. The slip stays in the queue, unprinted.`,
    };
  }
  const copies = Math.min(10, Math.max(1, Math.round(settings.copies)));
  const media = settings.pageSize === 'letter' ? 'Letter' : settings.pageSize === 'a4' ? 'A4' : 'Custom.4x6in';
  return {
    kind: 'silent',
    strategy: settings.strategy,
    printer: settings.printerName,
    pageSize: settings.pageSize,
    microns,
    copies,
    lpArgs: ['-d', settings.printerName, '-n', String(copies), '-o', `media=${media}`, '-o', 'fit-to-page'],
  };
}
