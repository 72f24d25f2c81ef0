import { PassThrough, Readable } from 'node:stream';
import { main } from '../../cli/main';

/** The `rmadock` command run in-process: its exit code and what it wrote to each stream. */
export async function runCli(argv: string[], input = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(argv, { stdin: Readable.from([input]), stdout, stderr });
  return { code, out, err };
}
