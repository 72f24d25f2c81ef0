import { existsSync, readFileSync } from 'node:fs';
import { z, type ZodType } from 'zod';
import { adminTokenFileIn } from '../server/main';
import { parseAt } from '../shared/validation';
import { writeLine, type CommandIo, type ExitCode } from './io';

/** Where the admin commands find the running server and its admin token. */
export interface AdminTarget {
  server: string;
  data: string;
}

/** What an admin call could not do, in words for the person at the terminal. */
export class AdminCallError extends Error {}

/**
 * Run an admin command: what it could not do is said as `command: …` and it ends with status 1.
 * @param command as in "rmadock users"
 */
export async function adminCommand(command: string, io: CommandIo, work: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof AdminCallError)) throw e;
    writeLine(io.stderr, `${command}: ${e.message}`);
    return 1;
  }
}

/**
 * The one record a name or an id names (names as people say them: any case), or why there is none.
 * @param what what one record is, as in "station"
 * @param lister the command that lists them
 * @param many what several are
 */
export function oneNamed<T extends { id: string; name: string }>(records: readonly T[], named: string, what: string, lister: string, many = `${what}s`): T {
  const byId = records.find((r) => r.id === named);
  if (byId) return byId;
  const byName = records.filter((r) => r.name.toLowerCase() === named.trim().toLowerCase());
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new AdminCallError(`${byName.length} ${many} are named ${JSON.stringify(named)}: give one's id (${byName.map((r) => r.id).join(', ')})`);
  throw new AdminCallError(`no ${what} is named ${JSON.stringify(named)}; ${lister} lists them`);
}

/** The admin token: RMADOCK_ADMIN_TOKEN, or the file the server wrote in its data folder. */
function adminToken(data: string, env: NodeJS.ProcessEnv): string {
  if (env.RMADOCK_ADMIN_TOKEN) return env.RMADOCK_ADMIN_TOKEN;
  const file = adminTokenFileIn(data);
  if (!existsSync(file)) throw new AdminCallError(`no admin token: ${file} does not exist. Give --data the server's data folder, or set RMADOCK_ADMIN_TOKEN`);
  return readFileSync(file, 'utf8').trim();
}

const serverErrorSchema = z.object({ message: z.string() });

/** Node's codes for a certificate it will not take, as its TLS layer gives them. */
const UNTRUSTED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED']);

/** Why a call reached no server, in words: it is not running, it is asked in HTTP and serves HTTPS (or the reverse), or its certificate is not trusted here. */
export function unreachable(server: string, e: unknown): string {
  const code = ((e as { cause?: { code?: unknown } }).cause?.code as string | undefined) ?? '';
  if (UNTRUSTED.has(code)) {
    return `the server at ${server} serves a certificate this computer does not trust (${code}): run the command with NODE_EXTRA_CA_CERTS set to that certificate's file (or its authority's)`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the server's certificate does not name the host in ${server}: give --server one of the names it was made for (rmadock serve lists them)`;
  if (code === 'CERT_HAS_EXPIRED') return `the server at ${server} serves a certificate that has run out: renew it`;
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return `the server at ${server} answers in plain HTTP, not HTTPS: give --server its address with http://`;
  if (code === 'UND_ERR_SOCKET' && server.startsWith('http:')) return `the server at ${server} closed the connection: if it serves HTTPS (rmadock serve --tls-cert), give --server its address with https://`;
  return `no sync server answers at ${server}: start it with rmadock serve, or give --server its address`;
}

/**
 * How long an admin command waits for the server's whole answer: an import of 100,000 RMAs takes
 * well under this; a server whose connection died under the request would otherwise hold the
 * command (and a script running it) for as long as the platform's own limit, five minutes.
 */
export const ADMIN_ANSWER_WITHIN_MS = 2 * 60_000;

const noAnswer = (server: string) =>
  `the server at ${server} did not answer within ${ADMIN_ANSWER_WITHIN_MS / 60_000} minutes: it may be stuck, or the network dropped; rmadock status says whether it answers now`;

/** A request body: JSON, or text of a given type (an RMA export as it is). */
export type AdminBody = { json: unknown } | { text: string; type: string };

/** The running server's admin API, each answer read by its schema. */
export function adminClient(target: AdminTarget, env: NodeJS.ProcessEnv) {
  const token = adminToken(target.data, env);
  /** @param init.said what to tell the person for an answer with this status, in the command's words (a 409: changed meanwhile) */
  return async function call<T>(path: string, schema: ZodType<T>, init: { method?: string; body?: AdminBody; said?: Partial<Record<number, string>> } = {}): Promise<T> {
    const { body } = init;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), ADMIN_ANSWER_WITHIN_MS);
    // The answer read whole within the deadline, or why not.
    const exchange = fetch(new URL(path, target.server), {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'json' in body ? 'application/json' : body.type } : {}) },
      body: body ? ('json' in body ? JSON.stringify(body.json) : body.text) : undefined,
      signal: deadline.signal,
    }).then(async (response) => {
      const answer: unknown = await response.json().catch(() => null);
      return { response, answer };
    });
    const answered = await exchange.catch((e: unknown) => e as Error).finally(() => clearTimeout(timer));
    if (deadline.signal.aborted) throw new AdminCallError(noAnswer(target.server));
    if (answered instanceof Error) throw new AdminCallError(unreachable(target.server, answered));
    const { response, answer } = answered;
    if (response.status === 401 || response.status === 403) {
      throw new AdminCallError(`the server at ${target.server} refused the admin token: give --data that server's own data folder, or set RMADOCK_ADMIN_TOKEN to its token`);
    }
    const said = init.said?.[response.status];
    if (said) throw new AdminCallError(said);
    if (!response.ok) throw new AdminCallError(`the server answered ${response.status}: ${serverErrorSchema.safeParse(answer).data?.message ?? 'no reason given'}`);
    const read = parseAt(schema, answer);
    if (!read.ok) throw new AdminCallError(`the server at ${target.server} answered something this command cannot read (${read.error}): is it a returns-dock sync server of this version?`);
    return read.value;
  };
}
