import { classifyLabel } from '../../shared/labels';
import { linesOf, writeLine, type CommandIo, type ExitCode } from '../io';

export const SCAN_HELP = `rmadock scan [--expect tracking|item]
  Reads one scanned or typed string per line on standard input and prints one JSON
  classification per line: {"kind","value","carrier"?,"valid","problem"?,"zip"?}.
  --expect item   read SKUs before the bare tracking forms (an inspection station).`;

export async function scanCommand(args: { expect: 'tracking' | 'item' }, io: CommandIo): Promise<ExitCode> {
  for await (const line of linesOf(io.stdin)) {
    writeLine(io.stdout, JSON.stringify(classifyLabel(line, { expect: args.expect })));
  }
  return 0;
}
