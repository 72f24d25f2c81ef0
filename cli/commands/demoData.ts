import { writeFileSync } from 'node:fs';
import { toCsv } from '../../shared/rma';
import { demoRmas } from '../demoData';
import { writeLine, type CommandIo, type ExitCode } from '../io';

export const DEMO_DATA_HELP = `rmadock demo-data --rmas N [--format csv|json] [--out FILE] [--seed S] [--issued-up-to YYYY-MM-DD]
  Writes N realistic RMAs in the customer-service export format (standard output unless --out),
  issued over the 120 days up to --issued-up-to (default: today). The same seed writes the same file.`;

export interface DemoDataArgs {
  rmas: number;
  format: 'csv' | 'json';
  out: string | undefined;
  seed: number;
  issuedUpTo: string;
}

export function demoDataCommand(args: DemoDataArgs, io: CommandIo): ExitCode {
  const rmas = demoRmas({ count: args.rmas, seed: args.seed, issuedUpTo: args.issuedUpTo });
  const text = args.format === 'csv' ? toCsv(rmas) : `${JSON.stringify(rmas, null, 1)}\n`;
  if (args.out) {
    try {
      writeFileSync(args.out, text);
    } catch (e) {
      writeLine(io.stderr, `rmadock demo-data: cannot write ${args.out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return 1;
    }
    writeLine(io.stderr, `rmadock demo-data: wrote ${rmas.length} RMAs to ${args.out}`);
  } else {
    io.stdout.write(text);
  }
  return 0;
}
