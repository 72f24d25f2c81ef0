import { BackupError, backUpStore, restoreStore } from '../../server/db/backup';
import { StoreLockedError } from '../../server/db/connect';
import { writeLine, type CommandIo, type ExitCode } from '../io';

export const BACKUP_HELP = `rmadock backup --to FILE [--data ./data]
  Copies the sync server's SQLite database to FILE, consistent to one moment, while the server
  runs or not. FILE must be new. (With DATABASE_URL, use pg_dump.)`;

export const RESTORE_HELP = `rmadock restore --from FILE [--data ./data]
  Puts a backup in place of the sync server's database. Stop the server first. The database it
  replaces is kept in the data folder. Then start the server: each station sends again the facts
  it lost, and takes the server's RMAs, catalog and people again. (With DATABASE_URL, use pg_restore.)`;

const POSTGRES = 'DATABASE_URL is set, so the server keeps its data in PostgreSQL: use pg_dump and pg_restore';

const facts = (s: { facts: number; serverSeq: number }) => `${s.facts} facts, changes up to number ${s.serverSeq}`;

/** The store's own failures are the operator's to read; anything else is a fault. */
async function reported(name: string, io: CommandIo, work: () => Promise<string>): Promise<ExitCode> {
  try {
    writeLine(io.stdout, await work());
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError || e instanceof StoreLockedError)) throw e;
    writeLine(io.stderr, `rmadock ${name}: ${e.message}`);
    return 1;
  }
}

export async function backupCommand(args: { to: string; data: string }, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  if (env.DATABASE_URL) return (writeLine(io.stderr, `rmadock backup: ${POSTGRES}`), 2);
  return reported('backup', io, async () => `wrote ${args.to}: ${facts(await backUpStore(args.data, args.to))}`);
}

export async function restoreCommand(args: { from: string; data: string }, io: CommandIo, env: NodeJS.ProcessEnv, now: Date): Promise<ExitCode> {
  if (env.DATABASE_URL) return (writeLine(io.stderr, `rmadock restore: ${POSTGRES}`), 2);
  return reported('restore', io, async () => {
    const { restored, keptAs } = await restoreStore(args.data, args.from, now);
    return (
      `the data folder ${args.data} now holds ${args.from}: ${facts(restored)}.` +
      (keptAs ? ` The database it replaced is kept as ${keptAs}.` : '') +
      ' Start the server: each station sends again the facts it lost, and takes the server’s data again.'
    );
  });
}
