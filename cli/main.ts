import { parseArgs } from 'node:util';
import { isIsoDate } from '../shared/dates';
import { BACKUP_HELP, backupCommand, KEEP_DAILY_COPIES, RESTORE_HELP, restoreCommand } from './commands/backup';
import { CATALOG_HELP, catalogCommand, type CatalogAction } from './commands/catalog';
import { demoDataCommand, DEMO_DATA_HELP } from './commands/demoData';
import { exceptionsCommand, EXCEPTIONS_HELP } from './commands/exceptions';
import { refusedCommand, REFUSED_HELP } from './commands/refused';
import { statusCommand, STATUS_HELP } from './commands/status';
import { policyCommand, POLICY_HELP } from './commands/policy';
import { scanCommand, SCAN_HELP } from './commands/scan';
import { serveCommand, SERVE_HELP } from './commands/serve';
import { rmasCommand, RMAS_HELP, type RmasAction } from './commands/rmas';
import { stationsCommand, STATIONS_HELP, type StationsAction } from './commands/stations';
import { usersCommand, USERS_HELP, type UsersAction } from './commands/users';
import { userRoleSchema, type UserRole } from '../shared/entities';
import { rmaLifecycleSchema, rmaNumberSchema } from '../shared/rma';
import type { AdminTarget } from './adminClient';
import { writeLine, type CommandIo, type ExitCode } from './io';

export const HELP = `rmadock — the returns-dock command

Usage:
  rmadock policy [--lines]          decide one item by the manufacturer's terms (JSON in, JSON out)
  rmadock scan [--expect item]      classify scanned strings, one per line
  rmadock demo-data --rmas N        write realistic RMAs (CSV or JSON) for tests and benches
  rmadock serve                     run the sync server (SQLite in ./data, or DATABASE_URL)
  rmadock status                    the sync server at a glance: room, stations not heard from, exceptions
  rmadock stations [add|code|...]   list the stations, add one, give one a new code, or unlink one
  rmadock users [add|role|...]      the people who sign in at the stations, and their roles
  rmadock rmas [import|show]        send an RMA export to the sync server; look one up
  rmadock catalog [import|export]   the products an inspector's scan is checked against
  rmadock exceptions [--all]        where facts disagree, for a supervisor to resolve
  rmadock refused                   the facts the server refused, with who recorded them and why
  rmadock backup --to FILE          copy the sync server's SQLite database, while it runs
                 --into FOLDER      … as a copy a day, the oldest deleted (--keep 14)
  rmadock restore --from FILE       put a backup in place of it, with the server stopped
  rmadock --help                    this text; rmadock <command> --help for one command

${POLICY_HELP}

${SCAN_HELP}

${DEMO_DATA_HELP}

${SERVE_HELP}

${STATUS_HELP}

${STATIONS_HELP}

${USERS_HELP}

${RMAS_HELP}

${CATALOG_HELP}

${EXCEPTIONS_HELP}

${REFUSED_HELP}

${BACKUP_HELP}

${RESTORE_HELP}
`;

type Command = (argv: string[], io: CommandIo) => Promise<ExitCode>;

/** Where the admin commands find the running server and its data folder (for the admin token). */
const ADMIN_OPTIONS = { server: { type: 'string', default: 'http://127.0.0.1:8787' }, data: { type: 'string', default: './data' } } as const;

const COMMANDS: Record<string, { help: string; run: Command }> = {
  policy: {
    help: POLICY_HELP,
    run: (argv, io) => {
      const { values } = parseArgs({ args: argv, options: { lines: { type: 'boolean', default: false } } });
      return policyCommand({ lines: values.lines }, io);
    },
  },
  scan: {
    help: SCAN_HELP,
    run: (argv, io) => {
      const { values } = parseArgs({ args: argv, options: { expect: { type: 'string', default: 'tracking' } } });
      if (values.expect !== 'tracking' && values.expect !== 'item') {
        throw new UsageError(`--expect must be "tracking" or "item", not ${JSON.stringify(values.expect)}`);
      }
      return scanCommand({ expect: values.expect }, io);
    },
  },
  'demo-data': {
    help: DEMO_DATA_HELP,
    run: (argv, io) => {
      const { values } = parseArgs({
        args: argv,
        options: {
          rmas: { type: 'string' },
          format: { type: 'string', default: 'csv' },
          out: { type: 'string' },
          seed: { type: 'string', default: '42' },
          'issued-up-to': { type: 'string', default: new Date().toISOString().slice(0, 10) },
        },
      });
      const rmas = Number(values.rmas);
      if (!Number.isInteger(rmas) || rmas < 1 || rmas > 5_000_000) {
        throw new UsageError(`--rmas must be a whole number from 1 to 5,000,000, not ${JSON.stringify(values.rmas ?? '')}`);
      }
      if (values.format !== 'csv' && values.format !== 'json') throw new UsageError(`--format must be "csv" or "json", not ${JSON.stringify(values.format)}`);
      const seed = Number(values.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, not ${JSON.stringify(values.seed)}`);
      if (!isIsoDate(values['issued-up-to'])) throw new UsageError(`--issued-up-to must be a date as YYYY-MM-DD, not ${JSON.stringify(values['issued-up-to'])}`);
      return Promise.resolve(
        demoDataCommand({ rmas, format: values.format, out: values.out, seed, issuedUpTo: values['issued-up-to'] }, io),
      );
    },
  },
  serve: {
    help: SERVE_HELP,
    run: (argv, io) => {
      const { values } = parseArgs({
        args: argv,
        options: {
          port: { type: 'string', default: process.env.PORT ?? '8787' },
          host: { type: 'string', default: '127.0.0.1' },
          data: { type: 'string', default: './data' },
          'tls-cert': { type: 'string' },
          'tls-key': { type: 'string' },
        },
      });
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not ${JSON.stringify(values.port)}`);
      const { 'tls-cert': cert, 'tls-key': key } = values;
      if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together: the certificate file and its private key file');
      return serveCommand({ port, host: values.host, data: values.data, tls: cert !== undefined && key !== undefined ? { cert, key } : null }, io, process.env);
    },
  },
  stations: {
    help: STATIONS_HELP,
    run: (argv, io) => {
      const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: ADMIN_OPTIONS,
      });
      return stationsCommand(stationsAction(positionals), adminTarget(values), io, process.env);
    },
  },
  users: {
    help: USERS_HELP,
    run: (argv, io) => {
      const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...ADMIN_OPTIONS, role: { type: 'string' } } });
      return usersCommand(usersAction(positionals, values.role), adminTarget(values), io, process.env);
    },
  },
  rmas: {
    help: RMAS_HELP,
    run: (argv, io) => {
      const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...ADMIN_OPTIONS, lifecycle: { type: 'string' } } });
      return rmasCommand(rmasAction(positionals, values.lifecycle), adminTarget(values), io, process.env);
    },
  },
  catalog: {
    help: CATALOG_HELP,
    run: (argv, io) => {
      const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...ADMIN_OPTIONS, json: { type: 'boolean', default: false } } });
      return catalogCommand(catalogAction(positionals, values.json), adminTarget(values), io, process.env);
    },
  },
  exceptions: {
    help: EXCEPTIONS_HELP,
    run: (argv, io) => {
      const { values } = parseArgs({ args: argv, options: { ...ADMIN_OPTIONS, all: { type: 'boolean', default: false } } });
      return exceptionsCommand({ all: values.all }, adminTarget(values), io, process.env);
    },
  },
  status: {
    help: STATUS_HELP,
    run: (argv, io) => {
      const { values } = parseArgs({ args: argv, options: { ...ADMIN_OPTIONS } });
      return statusCommand(adminTarget(values), io, process.env, new Date());
    },
  },
  refused: {
    help: REFUSED_HELP,
    run: (argv, io) => {
      const { values } = parseArgs({ args: argv, options: { ...ADMIN_OPTIONS } });
      return refusedCommand(adminTarget(values), io, process.env);
    },
  },
  backup: {
    help: BACKUP_HELP,
    run: (argv, io) => {
      const { values } = parseArgs({ args: argv, options: { to: { type: 'string' }, into: { type: 'string' }, keep: { type: 'string' }, data: { type: 'string', default: './data' } } });
      if (values.to && values.into) throw new UsageError('give --to (one file) or --into (a folder of daily copies), not both');
      if (values.to) {
        if (values.keep !== undefined) throw new UsageError('--keep goes with --into: a folder of daily copies');
        return backupCommand({ to: values.to, data: values.data }, io, process.env, new Date());
      }
      if (!values.into) throw new UsageError('--to must name the new backup file, as in --to backups/returns-dock-2026-11-29.sqlite, or --into a folder for a copy a day');
      const keep = Number(values.keep ?? KEEP_DAILY_COPIES);
      if (!Number.isInteger(keep) || keep < 1 || keep > 3650) throw new UsageError(`--keep must be a whole number of copies from 1 to 3650, not ${JSON.stringify(values.keep)}`);
      return backupCommand({ into: values.into, keep, data: values.data }, io, process.env, new Date());
    },
  },
  restore: {
    help: RESTORE_HELP,
    run: (argv, io) => {
      const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, data: { type: 'string', default: './data' } } });
      if (!values.from) throw new UsageError('--from must name the backup file to restore');
      return restoreCommand({ from: values.from, data: values.data }, io, process.env, new Date());
    },
  },
};

class UsageError extends Error {}

function stationsAction([verb = 'list', ...rest]: string[]): StationsAction {
  const named = rest.join(' ').trim();
  if (verb === 'list' && !rest.length) return { kind: 'list' };
  if (verb === 'add' && named) return { kind: 'add', name: named };
  if ((verb === 'code' || verb === 'unlink') && named) return { kind: verb, station: named };
  if (verb === 'add' || verb === 'code' || verb === 'unlink') throw new UsageError(`${verb} needs the station's name, as in rmadock stations ${verb} "Dock door 3"`);
  throw new UsageError(`say list, add NAME, code NAME or unlink NAME, not ${JSON.stringify([verb, ...rest].join(' '))}`);
}

function roleNamed(text: string | undefined): UserRole {
  const role = userRoleSchema.safeParse(text);
  if (role.success) return role.data;
  throw new UsageError(`the role must be ${userRoleSchema.options.join(', ')}, not ${JSON.stringify(text ?? '')}`);
}

function usersAction([verb = 'list', ...rest]: string[], role: string | undefined): UsersAction {
  const named = rest.join(' ').trim();
  if (role !== undefined && verb !== 'add') throw new UsageError(`--role goes with add; to change a role, say rmadock users role NAME ROLE`);
  if (verb === 'list' && !rest.length) return { kind: 'list' };
  if (verb === 'add' && named) {
    if (role === undefined) throw new UsageError(`add needs --role, as in rmadock users add ${JSON.stringify(named)} --role dock`);
    return { kind: 'add', name: named, role: roleNamed(role) };
  }
  // The role last: names need no quotes.
  if (verb === 'role' && rest.length >= 2) return { kind: 'role', user: rest.slice(0, -1).join(' '), role: roleNamed(rest.at(-1)) };
  if ((verb === 'activate' || verb === 'deactivate') && named) return { kind: 'active', user: named, active: verb === 'activate' };
  if (verb === 'role') throw new UsageError('role needs the name and the new role, as in rmadock users role "Dana Ortiz" supervisor');
  if (verb === 'add' || verb === 'activate' || verb === 'deactivate') throw new UsageError(`${verb} needs the person's name, as in rmadock users ${verb} "Dana Ortiz"`);
  throw new UsageError(`say list, add NAME --role ROLE, role NAME ROLE, deactivate NAME or activate NAME, not ${JSON.stringify([verb, ...rest].join(' '))}`);
}

function rmasAction([verb = 'list', ...rest]: string[], lifecycle: string | undefined): RmasAction {
  if (lifecycle !== undefined && verb !== 'list') throw new UsageError('--lifecycle goes with list, as in rmadock rmas list --lifecycle receiving');
  if (verb === 'list' && !rest.length) {
    if (lifecycle === undefined) return { kind: 'list', lifecycle: undefined };
    const read = rmaLifecycleSchema.safeParse(lifecycle);
    if (!read.success) throw new UsageError(`--lifecycle must be ${rmaLifecycleSchema.options.join(', ')}, not ${JSON.stringify(lifecycle)}`);
    return { kind: 'list', lifecycle: read.data };
  }
  if (verb === 'import' && rest.length === 1) return { kind: 'import', file: rest[0]! };
  if (verb === 'show' && rest.length === 1) {
    const number = rmaNumberSchema.safeParse(rest[0]);
    if (!number.success) throw new UsageError(`${rest[0]!.trim()} ${number.error.issues[0]!.message}`);
    return { kind: 'show', number: number.data };
  }
  if (verb === 'import') throw new UsageError('say rmadock rmas import FILE, as in rmadock rmas import rmas.csv');
  if (verb === 'show') throw new UsageError('say rmadock rmas show NUMBER, as in rmadock rmas show RMA10000016');
  throw new UsageError(`say list, import FILE or show NUMBER, not ${JSON.stringify([verb, ...rest].join(' '))}`);
}

function catalogAction([verb = 'list', ...rest]: string[], json: boolean): CatalogAction {
  if (json && verb !== 'export') throw new UsageError('--json goes with export, as in rmadock catalog export --json');
  if (verb === 'list' && !rest.length) return { kind: 'list' };
  if (verb === 'export' && !rest.length) return { kind: 'export', json };
  if (verb === 'import' && rest.length === 1) return { kind: 'import', file: rest[0]! };
  if (verb === 'remove' && rest.length === 1) return { kind: 'remove', sku: rest[0]! };
  if (verb === 'import') throw new UsageError('say rmadock catalog import FILE, as in rmadock catalog import catalog.csv');
  if (verb === 'remove') throw new UsageError('say rmadock catalog remove SKU, as in rmadock catalog remove PS12V2A');
  throw new UsageError(`say list, import FILE, export or remove SKU, not ${JSON.stringify([verb, ...rest].join(' '))}`);
}

/** The running server and its data folder, from --server and --data. */
const adminTarget = (values: { server: string; data: string }): AdminTarget => ({ server: serverUrl(values.server), data: values.data });

function serverUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // said below
  }
  throw new UsageError(`--server must be the server's address, as in http://192.168.1.10:8787, not ${JSON.stringify(text)}`);
}

export async function main(argv: string[], io: CommandIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    writeLine(io.stderr, `rmadock: unknown command ${JSON.stringify(name)} (try rmadock --help)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(io.stdout, command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // parseArgs rejects unknown options with a TypeError carrying a code; both are usage errors.
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      writeLine(io.stderr, `rmadock ${name}: ${(e as Error).message}`);
      return 2;
    }
    throw e;
  }
}
