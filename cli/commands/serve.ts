import { existsSync, readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { dirname, resolve } from 'node:path';
import { startServer, type RunningServer } from '../../server/main';
import { freeBytesAt, isOutOfRoom, roomInWords, type StoreRoom } from '../../server/db/room';
import { bytesInWords } from '../../shared/words';
import type { TlsFiles } from '../../server/tls';
import { StoreLockedError } from '../../server/db/connect';
import { writeLine, type CommandIo, type ExitCode } from '../io';
import { addressesForStations, type ThisComputer } from '../stationAddresses';

export const SERVE_HELP = `rmadock serve [--port 8787] [--host 127.0.0.1] [--data ./data] [--tls-cert FILE --tls-key FILE]
  Runs the sync server. Its store is SQLite in the data folder, or PostgreSQL when DATABASE_URL
  is set. The admin token is RMADOCK_ADMIN_TOKEN, or the file admin-token in the data folder.
  With --tls-cert and --tls-key (PEM files: a certificate naming the server's host or address,
  and its key) it serves HTTPS, and stations use https:// in its address.
  Logs are JSON lines on standard output. Ctrl+C or SIGTERM finishes the requests in hand, then stops.`;

/** Where `--tls-cert` and `--tls-key` point. */
export interface TlsPaths {
  cert: string;
  key: string;
}

/** The PEM files as text; a file that cannot be read is named with why. */
function tlsFilesFrom(paths: TlsPaths): TlsFiles {
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      throw new Error(`${flag} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, { cause: e });
    }
  };
  return { cert: read('--tls-cert', paths.cert), key: read('--tls-key', paths.key) };
}

/**
 * What the server says as it starts: where it listens and keeps its data, the room that data
 * has (read again each start, since a server runs unwatched for months), the address a station
 * types, its certificate, and where its admin token is.
 */
export function startLines(server: RunningServer, room: StoreRoom | null, computer: ThisComputer): string[] {
  const { certificate } = server;
  return [
    `listening on ${server.url} (store: ${server.store.dialect} at ${server.store.location})`,
    ...(room ? [`storage: ${roomInWords(room)}`] : []),
    addressesForStations(new URL(server.url), computer),
    ...(certificate
      ? [
          `HTTPS, the certificate names ${certificate.names.join(', ')} (a station's address must use one) and runs out on ${certificate.validTo.toISOString().slice(0, 10)}`,
          ...(certificate.warning ? [certificate.warning] : []),
        ]
      : []),
    ...(server.adminTokenFile ? [`admin token in ${server.adminTokenFile}`] : []),
  ];
}

/** Under this much room a SQLite store cannot open at all: its shared-memory index alone takes 32 KB. */
const TOO_FULL_TO_START = 1024 * 1024;

/** The folder itself, or the nearest one above it that exists (a new data folder is made at start). */
function nearestFolder(path: string): string {
  let folder = resolve(path);
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

/**
 * Why the server did not start. A full disk is said as such: SQLite may call it only "disk I/O
 * error" (opening its shared-memory index on a disk with no room), which names no cause.
 */
async function startFailure(e: unknown, dataDir: string, postgres: boolean): Promise<string> {
  if (e instanceof StoreLockedError) return e.message;
  const said = (e as Error).message;
  if (postgres) return isOutOfRoom(e) ? `could not start: the database server's disk is full: make room where PostgreSQL keeps its data, then start again (${said})` : `could not start: ${said}`;
  const folder = nearestFolder(dataDir);
  const free = await freeBytesAt(folder).catch(() => null);
  if (!isOutOfRoom(e) && (free === null || free >= TOO_FULL_TO_START)) return `could not start: ${said}`;
  const room = free === null ? 'it is full' : `it has ${bytesInWords(free)} free`;
  return `could not start: the disk holding ${folder} is full (${room}): make room there, then start again (${said})`;
}

export async function serveCommand(args: { port: number; host: string; data: string; tls: TlsPaths | null }, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  let server;
  try {
    const tls = args.tls ? tlsFilesFrom(args.tls) : undefined;
    server = await startServer({
      port: args.port,
      host: args.host,
      dataDir: args.data,
      databaseUrl: env.DATABASE_URL || undefined,
      adminToken: env.RMADOCK_ADMIN_TOKEN || undefined,
      logger: { level: env.LOG_LEVEL ?? 'info' },
      ...(tls ? { tls } : {}),
    });
  } catch (e) {
    writeLine(io.stderr, `rmadock serve: ${await startFailure(e, args.data, Boolean(env.DATABASE_URL))}`);
    return 1;
  }
  // The room is said where it can be read; a server that cannot read it serves all the same.
  const room = await server.store.room().catch(() => null);
  for (const line of startLines(server, room, { hostname: hostname(), interfaces: networkInterfaces() })) writeLine(io.stderr, `rmadock serve: ${line}`);
  await new Promise<void>((resolve) => {
    const stop = () => void server.stop().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
