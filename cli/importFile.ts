import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ZodType } from 'zod';
import { looksLikeJson, withoutBom, type ImportProblem } from '../shared/importText';
import { adminClient, adminCommand, type AdminTarget } from './adminClient';
import { writeLine, type CommandIo, type ExitCode } from './io';

/** Rows a person can read through at a terminal; the count says how many more. */
const PROBLEMS_SHOWN = 50;

export const counted = (count: number) => count.toLocaleString('en-US');

/** A count with its noun, as in "1 entry" or "2 entries". */
export const countOf = (count: number, one: string, many: string) => `${counted(count)} ${count === 1 ? one : many}`;

/**
 * Send a file (CSV or JSON) to one of the server's import endpoints as it is, and say what the
 * server did. Rows with a problem are listed and the command ends with status 1, the rest imported.
 * @param command the command's name for its messages, as in "rmadock rmas"
 * @param said the server's counts in words, after the file's name
 */
export async function importFile<T extends { problems: ImportProblem[] }>(
  { command, file, path, answer, said }: { command: string; file: string; path: string; answer: ZodType<T>; said: (done: T) => string },
  target: AdminTarget,
  io: CommandIo,
  env: NodeJS.ProcessEnv,
): Promise<ExitCode> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    writeLine(io.stderr, `${command}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return 1;
  }
  return adminCommand(command, io, async () => {
    const call = adminClient(target, env);
    // Sent as it is: the server tells CSV from JSON by the text, as the station does.
    const type = looksLikeJson(text) ? 'application/json' : 'text/csv';
    if (type === 'application/json') {
      // Said here, with where it breaks: the server could only say that it is not JSON.
      try {
        JSON.parse(withoutBom(text));
      } catch (e) {
        writeLine(io.stderr, `${command}: ${basename(file)} is not valid JSON (${(e as Error).message}); nothing was sent`);
        return 1;
      }
    }
    const done = await call(path, answer, { method: 'POST', body: { text, type } });
    writeLine(io.stdout, `${basename(file)}: ${said(done)}`);
    if (!done.problems.length) return 0;
    writeLine(io.stdout, `${counted(done.problems.length)} left out:`);
    for (const p of done.problems.slice(0, PROBLEMS_SHOWN)) writeLine(io.stdout, `  ${p.where}: ${p.reason}`);
    if (done.problems.length > PROBLEMS_SHOWN) writeLine(io.stdout, `  … and ${counted(done.problems.length - PROBLEMS_SHOWN)} more`);
    return 1;
  });
}
