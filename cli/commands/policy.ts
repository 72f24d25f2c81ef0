import { decideItem, policyCaseSchema, type Decision } from '../../shared/policy';
import { parseAt } from '../../shared/validation';
import { linesOf, parseJson, readAll, writeLine, type CommandIo, type ExitCode } from '../io';

export const POLICY_HELP = `rmadock policy [--lines]
  Reads one JSON case (POLICY.md) on standard input and prints its decision.
  --lines   one JSON case per line in, one JSON decision per line out, in order;
            a bad line prints {"error": "..."} and the exit status is 2.
  Bad input: a one-line message naming the field on standard error, exit 2.`;

function decide(text: string): { ok: true; value: Decision } | { ok: false; error: string } {
  const json = parseJson(text);
  if (!json.ok) return json;
  const parsed = parseAt(policyCaseSchema, json.value);
  return parsed.ok ? { ok: true, value: decideItem(parsed.value) } : parsed;
}

export async function policyCommand(args: { lines: boolean }, io: CommandIo): Promise<ExitCode> {
  if (!args.lines) {
    const result = decide(await readAll(io.stdin));
    if (!result.ok) {
      writeLine(io.stderr, `rmadock policy: ${result.error}`);
      return 2;
    }
    writeLine(io.stdout, JSON.stringify(result.value, null, 2));
    return 0;
  }
  let status: ExitCode = 0;
  for await (const line of linesOf(io.stdin)) {
    if (line.trim() === '') continue;
    const result = decide(line);
    if (!result.ok) status = 2;
    writeLine(io.stdout, JSON.stringify(result.ok ? result.value : { error: result.error }));
  }
  return status;
}
