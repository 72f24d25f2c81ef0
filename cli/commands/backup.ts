import { BackupError, backUpInto, backUpStore, restoreStore } from '../../server/db/backup';
import { StoreLockedError } from '../../server/db/connect';
import { writeLine, type CommandIo, type ExitCode } from '../io';

export const BACKUP_HELP = `rmadock backup --to FILE [--data ./data]
rmadock backup --into FOLDER [--keep 14] [--data ./data]
  Copies the sync server's SQLite database to FILE, consistent to one moment, while the server
  runs or not. FILE must be new. With --into, the copy is FOLDER/returns-dock-YYYY-MM-DD.sqlite,
  one a day (today's by this computer's calendar), and the oldest such copies there are deleted
  so that the newest --keep remain: a copy every night would fill the disk. Refused when the disk
  has less room than the database takes. (With DATABASE_URL, use pg_dump.)`;

/** Days' copies kept by --into unless --keep says otherwise: two weeks to notice what went wrong. */
export const KEEP_DAILY_COPIES = 14;

export const RESTORE_HELP = `rmadock restore --from FILE [--data ./data]
  Puts a backup in place of the sync server's database. Stop the server first. The database it
  replaces is kept in the data folder (refused when the disk lacks room for both). Then start
  the server: each station sends again the facts it lost, and takes the server's RMAs, catalog
  and people again. (With DATABASE_URL, use pg_restore.)`;

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

/** Where the copy goes: a file named, or a folder of daily copies of which `keep` remain. */
type BackupTarget = { to: string } | { into: string; keep: number };

/** The calendar day on this computer, as the copies in a backups folder are named. */
const localDay = (now: Date): string => [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');

export async function backupCommand(args: BackupTarget & { data: string }, io: CommandIo, env: NodeJS.ProcessEnv, now: Date): Promise<ExitCode> {
  if (env.DATABASE_URL) return (writeLine(io.stderr, `rmadock backup: ${POSTGRES}`), 2);
  if ('to' in args) return reported('backup', io, async () => `wrote ${args.to}: ${facts(await backUpStore(args.data, args.to))}`);
  return reported('backup', io, async () => {
    const { file, summary, removed } = await backUpInto(args.data, args.into, { day: localDay(now), keep: args.keep });
    return `wrote ${file}: ${facts(summary)}` + (removed.length ? `. Deleted the oldest, keeping the newest ${args.keep}: ${removed.join(', ')}` : '');
  });
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
