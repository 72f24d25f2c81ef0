import { startServer } from '../../server/main';
import { StoreLockedError } from '../../server/db/connect';
import { writeLine, type CommandIo, type ExitCode } from '../io';

export const SERVE_HELP = `rmadock serve [--port 8787] [--host 127.0.0.1] [--data ./data]
  Runs the sync server. Its store is SQLite in the data folder, or PostgreSQL when DATABASE_URL
  is set. The admin token is RMADOCK_ADMIN_TOKEN, or the file admin-token in the data folder.
  Logs are JSON lines on standard output. Ctrl+C or SIGTERM finishes the requests in hand, then stops.`;

export async function serveCommand(args: { port: number; host: string; data: string }, io: CommandIo, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  let server;
  try {
    server = await startServer({
      port: args.port,
      host: args.host,
      dataDir: args.data,
      databaseUrl: env.DATABASE_URL || undefined,
      adminToken: env.RMADOCK_ADMIN_TOKEN || undefined,
      logger: { level: env.LOG_LEVEL ?? 'info' },
    });
  } catch (e) {
    const message = e instanceof StoreLockedError ? e.message : `could not start: ${(e as Error).message}`;
    writeLine(io.stderr, `rmadock serve: ${message}`);
    return 1;
  }
  writeLine(io.stderr, `rmadock serve: listening on ${server.url} (store: ${server.store.dialect} at ${server.store.location})`);
  if (server.adminTokenFile) writeLine(io.stderr, `rmadock serve: admin token in ${server.adminTokenFile}`);
  await new Promise<void>((resolve) => {
    const stop = () => void server.stop().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
