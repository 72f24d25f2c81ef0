import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildServer } from './app';
import { openStore, type Store } from './db/connect';
import { checkedCertificate, type TlsCertificate, type TlsFiles } from './tls';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminToken?: string;
  logger?: boolean | object;
  /** Serve HTTPS with this certificate and key; plain HTTP without. */
  tls?: TlsFiles;
  /** The server's clock (tests set it); the computer's otherwise. */
  now?: () => Date;
  /** How long a request may take to arrive whole (tests shorten it). */
  requestWithinMs?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  url: string;
  adminTokenFile: string | null;
  certificate: TlsCertificate | null;
  stop(): Promise<void>;
}

/** The admin token guards every admin call; one a caller cannot send (a space in it) would lock the admin out. */
const adminTokenSchema = z.string().regex(/^\S{16,}$/);

/** Where a server keeps its admin token when none is given: in its data folder. */
export const adminTokenFileIn = (dataDir: string): string => join(resolve(dataDir), 'admin-token');

/** The admin token: given, or kept in the data folder (created on first start, readable by its owner only). */
function adminTokenFor(options: ServeOptions): { token: string; file: string | null } {
  if (options.adminToken !== undefined) {
    if (!adminTokenSchema.safeParse(options.adminToken).success) throw new Error('RMADOCK_ADMIN_TOKEN must be at least 16 characters, with no spaces');
    return { token: options.adminToken, file: null };
  }
  mkdirSync(resolve(options.dataDir), { recursive: true });
  const file = adminTokenFileIn(options.dataDir);
  if (!existsSync(file)) {
    // Written aside, then named: a first start on a full disk had left an empty token file, which
    // every later start refused.
    const aside = `${file}.new`;
    try {
      writeFileSync(aside, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
      renameSync(aside, file);
    } catch (e) {
      rmSync(aside, { force: true });
      throw e;
    }
  }
  const token = readFileSync(file, 'utf8').trim();
  if (!adminTokenSchema.safeParse(token).success) {
    throw new Error(`the admin token in ${file} is not at least 16 characters without spaces: delete the file to have a new one made, or set RMADOCK_ADMIN_TOKEN`);
  }
  return { token, file };
}

/** Open the store, migrate it, listen; `stop` finishes the requests in hand, then closes the store. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { token, file } = adminTokenFor(options);
  const now = options.now ?? (() => new Date());
  const certificate = options.tls ? checkedCertificate(options.tls, now()) : null;
  const store = await openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  const app = buildServer({ store, adminToken: token, logger: options.logger ?? false, tls: certificate, now, ...(options.requestWithinMs ? { requestWithinMs: options.requestWithinMs } : {}) });
  store.onConnectionLost((error) => app.log.warn({ err: error }, 'the database closed a connection this server held idle; the next request opens another'));
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (e) {
    await store.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let stopping: Promise<void> | null = null;
  return {
    app,
    store,
    // An IPv6 host (`--host ::`) goes in brackets, or the address is not one.
    url: `${certificate ? 'https' : 'http'}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    adminTokenFile: file,
    certificate,
    stop: () =>
      (stopping ??= (async () => {
        await app.close();
        await store.close();
      })()),
  };
}
