import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { z } from 'zod';
import { catalogEntrySchema, parseCatalogFile, removalQuerySchema, userSchema } from '../shared/entities';
import { EVENT_SCHEMA_VERSION, firstNewerFact } from '../shared/events';
import { parseRmaExport, rmaListQuerySchema, rmaNumberSchema, rmaSchema } from '../shared/rma';
import { enrolBodySchema, exceptionsQuerySchema, NO_LINKED_STATION, stationProof, stationProofBodySchema, MAX_PHOTO_BYTES, MAX_PUSH_BYTES, newStationSchema, PHOTO_TYPES, photoParamsSchema, photoTypeOf, photoUploadQuerySchema, pullQuerySchema, pushBodySchema, stationParamsSchema, stationStatusQuerySchema } from '../shared/sync';
import { parseAt } from '../shared/validation';
import { utcMinute } from '../shared/words';
import type { Store } from './db/connect';
import { isOutOfRoom, OUT_OF_ROOM } from './db/room';
import { DATABASE_UNREACHABLE, isDatabaseUnreachable } from './db/unreachable';
import { renewalDue, type TlsCertificate } from './tls';
import { importEntities, listEntities, removeEntity, saveEntity, type EntityKind } from './store/entities';
import { listExceptions } from './store/exceptions';
import { pullChanges } from './store/pull';
import { keepPhoto, photoById } from './store/photos';
import { pushEvents } from './store/push';
import { getRma, listRmas, updateRma, upsertRmas } from './store/rmas';
import { currentServerSeq } from './store/sequence';
import { refusedFacts } from './store/rejected';
import { createStation, enrolStation, hashSecret, listStations, noteStationSeen, reissueEnrolCode, renameStation, stationForToken, tokenHashOfStation, unlinkStation, type StationRow } from './store/stations';

export interface ServerOptions {
  store: Store;
  adminToken: string;
  /** Structured logs (pino); false in tests. */
  logger?: boolean | object;
  /** The server's clock: receipt times, and when an enrolment code lapses. No station's clock decides anything. */
  now?: () => Date;
  /** Serve HTTPS with this certificate and key; plain HTTP without. */
  tls?: Pick<TlsCertificate, 'cert' | 'key' | 'validTo'> | null;
  /** How long a request may take to arrive whole (tests shorten it). */
  requestWithinMs?: number;
}

/**
 * How long a request may take to arrive whole: a 100 MB RMA import on a slow link fits. Fastify
 * sets no limit by default, so a station whose network dropped part way through sending a push
 * (a half-open connection) held its socket, and a file descriptor, for as long as the server ran.
 */
export const REQUEST_WITHIN_MS = 2 * 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    station?: StationRow;
  }
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(hashSecret(a));
  const y = Buffer.from(hashSecret(b));
  return timingSafeEqual(x, y);
}

/** Parse a request part with its schema; on failure answer 400 naming the field. */
function parsed<S extends z.ZodType>(reply: FastifyReply, schema: S, input: unknown, root: string, within = false): z.infer<S> | undefined {
  const result = parseAt(schema, input, root);
  if (result.ok) return result.value;
  // Inside a list, the message names the entry too: `events[3].payload.reason: …`.
  const message = within && !result.error.startsWith(root) ? `${root}.${result.error}` : result.error;
  void reply.code(400).send({ error: 'bad_request', message });
  return undefined;
}

const rmaParamsSchema = z.object({ number: rmaNumberSchema });

/** The sync server: stateless, every fact in the store (SYNC.md). */
export function buildServer({ store, adminToken, logger = false, now = () => new Date(), tls = null, requestWithinMs = REQUEST_WITHIN_MS }: ServerOptions): FastifyInstance {
  // Set on the server made here (Fastify leaves a server of ours as it is). Node looks for requests
  // past their time every 30 s by default: sooner where the limit is shorter.
  const checks = { requestTimeout: requestWithinMs, connectionsCheckingInterval: Math.min(30_000, Math.ceil(requestWithinMs / 4)) };
  const app = Fastify({
    logger,
    bodyLimit: MAX_PUSH_BYTES,
    return503OnClosing: true,
    // Tokens and enrolment codes cross the warehouse network in every request: over HTTPS where it is set up.
    serverFactory: (handler: RequestListener) => (tls ? createHttpsServer({ cert: tls.cert, key: tls.key, ...checks }, handler) : createHttpServer(checks, handler)),
  });

  // Stations call from their own origin (app:// in the desktop app, the browser-mode address).
  void app.register(cors, { origin: true, methods: ['GET', 'POST', 'PUT'], allowedHeaders: ['authorization', 'content-type'], maxAge: 600 });

  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 100 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.addContentTypeParser([...PHOTO_TYPES], { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_req, body, done) => done(null, body));

  // A request in hand when the server is told to stop is answered, and its connection then
  // closed: a station's keep-alive connection would otherwise hold the shutdown open for ever.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    // Said as itself, not as a failure of the server's: someone has to act, and the stations only retry.
    if (isOutOfRoom(error)) {
      request.log.error({ err: error }, OUT_OF_ROOM);
      return void reply.code(507).send({ error: 'out_of_room', message: OUT_OF_ROOM });
    }
    if (isDatabaseUnreachable(error)) {
      request.log.error({ err: error }, DATABASE_UNREACHABLE);
      return void reply.code(503).send({ error: 'database_unreachable', message: DATABASE_UNREACHABLE });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    const code = status === 413 ? 'too_large' : status >= 500 ? 'server_error' : 'bad_request';
    void reply.code(status).send({ error: code, message: status >= 500 ? 'the server failed; nothing from this request was kept' : error.message });
  });

  // Tokens are checked as a request arrives (onRequest), before its body is read: a caller
  // without one costs the server no parsing of a megabyte push or a ten-megabyte photo.
  const requireStation = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(request);
    const station = token ? await stationForToken(store, token) : null;
    if (!station) return reply.code(401).send({ error: 'unauthorized', message: 'a station token is required; enrol the station again' });
    request.station = station;
  };
  const requireStationOrAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(request);
    if (token && sameSecret(token, adminToken)) return;
    return requireStation(request, reply);
  };
  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(request);
    if (!token) return reply.code(401).send({ error: 'unauthorized', message: 'an admin token is required' });
    if (!sameSecret(token, adminToken)) return reply.code(403).send({ error: 'forbidden', message: 'that token is not the admin token' });
  };

  app.get('/api/v1/health', async () => ({
    ok: true,
    store: store.dialect,
    serverSeq: await currentServerSeq(store.db),
    // Anyone connecting sees it in the handshake anyway; said here for rmadock status.
    ...(tls ? { certificateValidTo: tls.validTo.toISOString() } : {}),
  }));

  app.post('/api/v1/stations/enrol', async (request, reply) => {
    const body = parsed(reply, enrolBodySchema, request.body, 'body');
    if (!body) return reply;
    const outcome = await enrolStation(store, body, now());
    if (!outcome.ok) {
      const message =
        outcome.reason === 'bad_code'
          ? 'that enrolment code is not valid or was already used'
          : outcome.reason === 'expired_code'
            ? `that enrolment code lapsed on ${utcMinute(outcome.expiredAt)}, unused: ask a supervisor for a new one`
            : 'that code belongs to a station with its own history, and this station has facts of its own: ask for a code for a new station';
      return reply.code(403).send({ error: 'forbidden', message });
    }
    const { station } = outcome;
    return { stationId: station.id, name: station.name, token: station.token, lastAck: station.lastAck };
  });

  // No token: a station asks before it sends its token to this address (its server moved), and the
  // answer shows this server holds that token's hash without giving the hash away.
  app.post('/api/v1/stations/:id/proof', async (request, reply) => {
    const params = parsed(reply, stationParamsSchema, request.params, 'path');
    if (!params) return reply;
    const body = parsed(reply, stationProofBodySchema, request.body, 'body');
    if (!body) return reply;
    const tokenHash = await tokenHashOfStation(store, params.id);
    if (!tokenHash) return reply.code(404).send({ error: 'not_found', message: NO_LINKED_STATION });
    return { proof: stationProof(tokenHash, body.nonce) };
  });

  app.get('/api/v1/sync/status', { onRequest: requireStation }, async (request, reply) => {
    const query = parsed(reply, stationStatusQuerySchema, request.query, 'query');
    if (!query) return reply;
    // Asked first in every sync cycle: when it was last asked is when the station last synced.
    await noteStationSeen(store, request.station!.id, now(), query.storage);
    // Every station's Sync screen then says it, in the certificate's last weeks: nobody reads a server's start-up lines months later.
    const certificateRunsOutOn = tls ? renewalDue(tls.validTo, now()) : null;
    return { stationId: request.station!.id, name: request.station!.name, lastAck: request.station!.lastAck, ...(certificateRunsOutOn ? { certificateRunsOutOn } : {}) };
  });

  app.post('/api/v1/sync/push', { onRequest: requireStation }, async (request, reply) => {
    const newer = firstNewerFact((request.body as { events?: unknown } | null)?.events);
    if (newer) {
      const message = `events[${newer.index}] was recorded by a newer app (fact version ${newer.schemaVersion}; this server reads up to ${EVENT_SCHEMA_VERSION}): update the server — the station keeps its facts until then`;
      return reply.code(400).send({ error: 'bad_request', message });
    }
    const body = parsed(reply, pushBodySchema, request.body, 'body');
    if (!body) return reply;
    const station = request.station!;
    if (body.stationId !== station.id) return reply.code(403).send({ error: 'forbidden', message: 'a station may push only its own events' });
    const { events } = body;
    for (const [i, event] of events.entries()) {
      if (event.stationId !== station.id) return reply.code(403).send({ error: 'forbidden', message: `events[${i}] belongs to another station` });
      if (i > 0 && event.stationSeq <= events[i - 1]!.stationSeq) {
        return reply.code(400).send({ error: 'bad_request', message: `events[${i}]: stationSeq must ascend` });
      }
    }
    const answer = await pushEvents(store, station.id, events, now());
    if (answer.kind === 'seq_gap') return reply.code(409).send({ error: 'seq_gap', ackStationSeq: answer.ackStationSeq });
    return { ackStationSeq: answer.ackStationSeq, results: answer.results };
  });

  // An inspection's photo, sent by the station that took it once its fact was acknowledged.
  app.put('/api/v1/photos/:id', { onRequest: requireStation }, async (request, reply) => {
    const params = parsed(reply, photoParamsSchema, request.params, 'path');
    if (!params) return reply;
    const query = parsed(reply, photoUploadQuerySchema, request.query, 'query');
    if (!query) return reply;
    const type = photoTypeOf(request.headers['content-type']);
    if (!type || !Buffer.isBuffer(request.body)) {
      return reply.code(415).send({ error: 'bad_request', message: `a photo is sent as ${PHOTO_TYPES.join(', ')}` });
    }
    const outcome = await keepPhoto(store, request.station!.id, { id: params.id, eventId: query.eventId, type, body: request.body }, now());
    if (outcome.kind === 'refused') return reply.code(422).send({ error: 'refused', message: outcome.reason });
    return { id: params.id, status: outcome.kind };
  });

  // Any enrolled station (a supervisor's, reviewing a dispute) or the admin may look at a photo.
  app.get('/api/v1/photos/:id', { onRequest: requireStationOrAdmin }, async (request, reply) => {
    const params = parsed(reply, photoParamsSchema, request.params, 'path');
    if (!params) return reply;
    const photo = await photoById(store, params.id);
    if (!photo) return reply.code(404).send({ error: 'not_found', message: 'the server has no photo with that id (yet): its station sends it after its inspection' });
    return reply.type(photo.type).send(Buffer.from(photo.body));
  });

  app.get('/api/v1/sync/pull', { onRequest: requireStation }, async (request, reply) => {
    const query = parsed(reply, pullQuerySchema, request.query, 'query');
    if (!query) return reply;
    return pullChanges(store, query);
  });

  // Server-authored data: stations and RMAs.
  app.post('/api/v1/admin/stations', { onRequest: requireAdmin }, async (request, reply) => {
    const body = parsed(reply, newStationSchema, request.body, 'body');
    if (!body) return reply;
    return reply.code(201).send(await createStation(store, body.name, now()));
  });

  app.get('/api/v1/admin/stations', { onRequest: requireAdmin }, () => listStations(store));

  app.put('/api/v1/admin/stations/:id', { onRequest: requireAdmin }, async (request, reply) => {
    const params = parsed(reply, stationParamsSchema, request.params, 'path');
    if (!params) return reply;
    const body = parsed(reply, newStationSchema, request.body, 'body');
    if (!body) return reply;
    if (!(await renameStation(store, params.id, body.name))) return reply.code(404).send({ error: 'not_found', message: `no station ${params.id}` });
    return { id: params.id, name: body.name };
  });

  app.post('/api/v1/admin/stations/:id/enrol-code', { onRequest: requireAdmin }, async (request, reply) => {
    const params = parsed(reply, stationParamsSchema, request.params, 'path');
    if (!params) return reply;
    const code = await reissueEnrolCode(store, params.id, now());
    if (!code) return reply.code(404).send({ error: 'not_found', message: `no station ${params.id}` });
    return { id: params.id, ...code };
  });

  app.post('/api/v1/admin/stations/:id/unlink', { onRequest: requireAdmin }, async (request, reply) => {
    const params = parsed(reply, stationParamsSchema, request.params, 'path');
    if (!params) return reply;
    if (!(await unlinkStation(store, params.id))) return reply.code(404).send({ error: 'not_found', message: `no station ${params.id}` });
    return { id: params.id, linked: false };
  });

  app.get('/api/v1/admin/rmas', { onRequest: requireAdmin }, async (request, reply) => {
    const query = parsed(reply, rmaListQuerySchema, request.query, 'query');
    if (!query) return reply;
    return listRmas(store, query);
  });

  app.get('/api/v1/admin/rmas/:number', { onRequest: requireAdmin }, async (request, reply) => {
    const params = parsed(reply, rmaParamsSchema, request.params, 'path');
    if (!params) return reply;
    const found = await getRma(store, params.number);
    if (!found) return reply.code(404).send({ error: 'not_found', message: `no RMA ${params.number}` });
    return found;
  });

  app.put('/api/v1/admin/rmas/:number', { onRequest: requireAdmin }, async (request, reply) => {
    const params = parsed(reply, rmaParamsSchema, request.params, 'path');
    if (!params) return reply;
    const body = request.body as { rma?: unknown; baseVersion?: unknown } | null;
    const rma = parsed(reply, rmaSchema, body?.rma, 'rma', true);
    if (!rma) return reply;
    if (rma.number !== params.number) {
      return reply.code(400).send({ error: 'bad_request', message: `rma.number: ${rma.number} differs from the address (${params.number})` });
    }
    const baseVersion = body?.baseVersion ?? null;
    if (baseVersion !== null && !Number.isInteger(baseVersion)) return reply.code(400).send({ error: 'bad_request', message: 'baseVersion: must be a whole number or null' });
    const result = await updateRma(store, rma, baseVersion as number | null, now());
    if (!result.ok) return reply.code(409).send({ error: 'version_conflict', current: result.conflict });
    return { number: rma.number, version: result.version };
  });

  app.post('/api/v1/admin/rmas/import', { onRequest: requireAdmin, bodyLimit: 100 * 1024 * 1024 }, async (request) => {
    const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
    const { rmas, problems } = parseRmaExport(text);
    const counts = await upsertRmas(store, rmas, now());
    return { ...counts, problems };
  });

  app.post('/api/v1/admin/catalog/import', { onRequest: requireAdmin, bodyLimit: 100 * 1024 * 1024 }, async (request) => {
    const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
    const { entries, problems } = parseCatalogFile(text);
    const counts = await importEntities(store, 'catalog', entries.map((e) => ({ key: e.sku, value: e })), now());
    return { ...counts, problems };
  });

  // The catalog and the users: each saved whole, against the version it was based on.
  const versioned = <S extends z.ZodType>(kind: EntityKind, path: string, field: string, schema: S, keyName: string, keyOf: (v: z.infer<S>) => string, key: z.ZodType<string>) => {
    // The key in the address is read as the record's own key field reads it (a SKU upper-cased).
    const paramsSchema = z.object({ key });
    app.get(`/api/v1/admin/${path}`, { onRequest: requireAdmin }, () => listEntities(store, kind));
    app.put(`/api/v1/admin/${path}/:key`, { onRequest: requireAdmin }, async (request, reply) => {
      const params = parsed(reply, paramsSchema, request.params, 'path');
      if (!params) return reply;
      const body = request.body as Record<string, unknown> | null;
      const value = parsed(reply, schema, body?.[field], field, true);
      if (value === undefined) return reply;
      if (keyOf(value) !== params.key) {
        return reply.code(400).send({ error: 'bad_request', message: `${field}.${keyName}: ${keyOf(value)} differs from the address (${params.key})` });
      }
      const baseVersion = body?.baseVersion ?? null;
      if (baseVersion !== null && !Number.isInteger(baseVersion)) return reply.code(400).send({ error: 'bad_request', message: 'baseVersion: must be a whole number or null' });
      const result = await saveEntity(store, kind, keyOf(value), value, baseVersion as number | null, now());
      if (!result.ok) return reply.code(409).send({ error: 'version_conflict', current: result.conflict });
      return { key: keyOf(value), version: result.version };
    });
    app.delete(`/api/v1/admin/${path}/:key`, { onRequest: requireAdmin }, async (request, reply) => {
      const params = parsed(reply, paramsSchema, request.params, 'path');
      if (!params) return reply;
      const query = parsed(reply, removalQuerySchema, request.query, 'query');
      if (!query) return reply;
      const result = await removeEntity(store, kind, params.key, query.baseVersion, now());
      if (result.ok) return { key: params.key, version: result.version, removed: true };
      if (!result.conflict) return reply.code(404).send({ error: 'not_found', message: `no ${field} ${params.key}` });
      return reply.code(409).send({ error: 'version_conflict', current: result.conflict });
    });
  };
  versioned('catalog', 'catalog', 'entry', catalogEntrySchema, 'sku', (e) => e.sku, catalogEntrySchema.shape.sku);
  versioned('user', 'users', 'user', userSchema, 'id', (u) => u.id, userSchema.shape.id);

  app.get('/api/v1/admin/exceptions', { onRequest: requireAdmin }, async (request, reply) => {
    const query = parsed(reply, exceptionsQuerySchema, request.query, 'query');
    if (!query) return reply;
    return listExceptions(store, query.state);
  });

  app.get('/api/v1/admin/rejected', { onRequest: requireAdmin }, () => refusedFacts(store));

  app.get('/api/v1/admin/storage', { onRequest: requireAdmin }, () => store.room());

  return app;
}
