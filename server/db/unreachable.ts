/**
 * The database went away under a request: PostgreSQL restarting or failing over ended its
 * connection (admin_shutdown, crash_shutdown, cannot_connect_now, or a connection exception,
 * SQLSTATE class 08), the connection dropped without a word, or nothing answers where it runs.
 * The transaction in hand went with the connection (or, lost during its commit, may have been
 * kept: sent again, it is answered as a duplicate), and the station sends it again; the pool opens
 * a new connection for the next request.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (/^57P0[123]$/.test(code) || /^08\w{3}$/.test(code) || NETWORK_CODES.has(code))) return true;
  // node-postgres says this without a code when the socket closed with no word from the server.
  return typeof message === 'string' && message.startsWith('Connection terminated');
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** What the server answers (503) and logs; a station says it in its own words and sends again. */
export const DATABASE_UNREACHABLE =
  'the sync server cannot reach its database just now (PostgreSQL restarting, failing over or down): send the request again (what the database did keep is answered as a duplicate); whoever looks after the server should check PostgreSQL if this lasts';
