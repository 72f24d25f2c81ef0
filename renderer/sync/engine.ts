import type { StationEvent } from '../../shared/events';
import { MAX_PUSH_BYTES, MAX_PUSH_EVENTS, type PullCursor, type SyncLink } from '../../shared/sync';
import { settleHolds } from '../db/dock';
import { openExceptionCount } from '../db/exceptions';
import type { Recorder } from '../db/facts';
import { readMeta, readSettings, writeMeta, type SyncLog } from '../db/meta';
import { photosNamedBy, photosToSend } from '../db/photoOutbox';
import type { StationDb } from '../db/schema';
import { applyPulledPage } from './applyPull';
import { inlinePageReader, type PageReader } from './pageReader';
import { SyncError, syncClient, type Fetch } from './client';
import { dropWhatTheServerNoLongerHas, startPullingAgain } from './repull';

export interface SyncStatus {
  enrolled: boolean;
  online: boolean;
  syncing: boolean;
  pending: number;
  /** Photos waiting for their inspection's acknowledgement or for the network. */
  photosPending: number;
  /** Facts the server refused that no supervisor here has seen to yet. */
  rejected: number;
  /** Exceptions the server raised that no supervisor has resolved yet. */
  exceptionsOpen: number;
  log: SyncLog;
  /** When this station last found the server restored from a backup, and whether it has pulled everything again since. */
  serverRestore: { foundAt: string; repullDone: boolean } | null;
  /** The station's name as last stored: a supervisor may rename it on the server. */
  stationName: string | null;
  /** Where this station syncs, once linked. */
  serverUrl: string | null;
  /** The day the server's HTTPS certificate runs out, in its last weeks (the server says when). */
  serverCertificateRunsOutOn: string | null;
  /**
   * While a pull takes in more than a page (a new station's first sync, a station back after
   * days away): how far it has come, in percent; null otherwise.
   */
  catchingUp: number | null;
}

export interface EngineDeps {
  db: StationDb;
  fetch: Fetch;
  now: () => Date;
  random: () => number;
  /** Who settles holds when new RMAs arrive: whoever is signed in, if anyone. */
  recorder: () => Promise<Recorder | null>;
  isOnline: () => boolean;
  /** Told each new acknowledgement (the desktop app cuts its journal there). */
  onAcknowledged?: (ackStationSeq: number) => void;
  /** Told the facts put back in the outbox because the server lost them (the desktop app's journal takes them again). */
  onRequeued?: (stationSeqs: number[]) => void;
  /**
   * Put back from the desktop app's journal the facts this database lacks, when the server expects
   * one it has not got (SYNC.md, *Recovery*: a gap with the events missing locally); none in a browser.
   */
  fillFromJournal?: () => Promise<void>;
  /** The station's storage, said to the server each cycle; null (or absent) where the browser does not say. */
  storage?: () => Promise<{ used: number; quota: number } | null>;
  /** How pulled pages are fetched and checked: in a worker in the app, inline by default. */
  readPage?: PageReader;
}

const PULL_PAGE = 1000;
const EVERY_MS = 30_000;
const AFTER_WRITE_MS = 1_000;
const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 5 * 60_000;

/** Plain words for the badge and the supervisor. */
function describe(e: unknown): { state: SyncLog['state']; message: string } {
  if (!(e instanceof SyncError)) return { state: 'error', message: `sync stopped: ${(e as Error).message}` };
  const f = e.failure;
  switch (f.kind) {
    case 'network':
      return { state: 'offline', message: 'The sync server cannot be reached. Work goes on; everything is sent when it is back.' };
    case 'no_answer':
      return { state: 'offline', message: 'The sync server stopped answering (the network dropped, or the server is stuck). Work goes on; everything is sent when it answers again.' };
    case 'unauthorized':
      return { state: 'needs_enrolment', message: 'The server no longer knows this station. Ask a supervisor for a new enrolment code.' };
    case 'too_old':
      return { state: 'app_too_old', message: 'This app is too old for the server. Update it; nothing recorded here is lost.' };
    case 'server':
      return { state: 'error', message: `The sync server failed (${f.status}). It is tried again shortly.` };
    case 'out_of_room':
      return { state: 'error', message: 'The sync server’s disk is full, so it kept nothing this station sent. Whoever looks after the server must make room; everything recorded here is kept and sent again.' };
    case 'database_unreachable':
      return { state: 'error', message: 'The sync server cannot reach its database just now (it may be restarting). It is tried again shortly; everything recorded here is kept and sent.' };
    default:
      return { state: 'error', message: 'message' in f ? f.message : f.kind };
  }
}

/**
 * The station's one sync loop (SYNC.md): push, then pull, in the background — on a timer, when
 * the network returns and shortly after a write — with backoff and jitter after a failure. It
 * never blocks a scan: verdicts are recorded locally first and only sent from the outbox.
 */
export class SyncEngine {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  private dueAt = 0;
  private failures = 0;
  private stopped = true;
  private listeners = new Set<(s: SyncStatus) => void>();
  private batchSize = MAX_PUSH_EVENTS;
  private publishSoon: ReturnType<typeof setTimeout> | null = null;
  private catchingUp: number | null = null;

  constructor(private readonly deps: EngineDeps) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  subscribe(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    void this.status().then(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something the status counts changed without a sync (a supervisor saw to a refusal): say so to the listeners. */
  refreshStatus(): Promise<void> {
    return this.publish();
  }

  /** A local write happened: push it soon, not at once, so a burst goes in one batch. */
  nudge(delayMs = AFTER_WRITE_MS): void {
    // The badge's count is read a moment later, once for a burst, so it never competes with scans.
    this.publishSoon ??= setTimeout(() => {
      this.publishSoon = null;
      void this.publish();
    }, 250);
    if (!this.stopped && this.failures === 0) this.schedule(delayMs);
  }

  /** The network is back: forget the backoff and sync at once. */
  networkBack(): void {
    this.failures = 0;
    this.schedule(0);
  }

  /** Sync now and wait for the cycle (the Sync now button, and tests). */
  async syncNow(): Promise<void> {
    this.failures = 0;
    await this.cycle();
  }

  /** A photo another station took, from the server (a supervisor reviewing its inspection). */
  async photoFromServer(photoId: string): Promise<Blob> {
    const link = await readMeta(this.deps.db, 'sync');
    if (!link) throw new SyncError({ kind: 'bad_request', message: 'this station is not linked to a sync server' });
    return syncClient(link.serverUrl, this.deps.fetch).getPhoto(link.token, photoId);
  }

  async status(): Promise<SyncStatus> {
    const { db } = this.deps;
    const [link, pending, photosPending, rejected, exceptionsOpen, log, restoredAt, repullPending, station, certificateRunsOutOn] = await Promise.all([
      readMeta(db, 'sync'),
      db.outbox.count(),
      photosToSend(db).count(),
      db.rejections.filter((r) => !r.dealtWith).count(),
      openExceptionCount(db),
      readMeta(db, 'syncLog'),
      readMeta(db, 'serverRestoredAt'),
      readMeta(db, 'repullPending'),
      readMeta(db, 'station'),
      readMeta(db, 'serverCertificateRunsOutOn'),
    ]);
    const serverRestore = restoredAt ? { foundAt: restoredAt, repullDone: !repullPending } : null;
    const stationName = station?.name ?? null;
    return {
      enrolled: !!link,
      online: this.deps.isOnline(),
      syncing: this.running !== null,
      pending,
      photosPending,
      rejected,
      exceptionsOpen,
      log: log!,
      serverRestore,
      stationName,
      serverUrl: link?.serverUrl ?? null,
      serverCertificateRunsOutOn: certificateRunsOutOn ?? null,
      catchingUp: this.catchingUp,
    };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const at = performance.now() + delayMs;
    // A sooner sync already set (a write to send, the network back) stands: the timer set as a
    // cycle ends would otherwise push a write made during that cycle back to the next round.
    if (this.timer && this.dueAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.cycle().finally(() => this.schedule(this.nextDelay()));
    }, delayMs);
  }

  private nextDelay(): number {
    if (this.failures === 0) return EVERY_MS;
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (this.failures - 1));
    return base / 2 + (this.deps.random() * base) / 2;
  }

  /**
   * The badge's status, told to each listener. Never rejects: it runs unawaited, and a database the
   * browser has closed under the station (its disk full) would otherwise raise an unhandled error
   * each time; the badge keeps what it last showed, and the screens say what failed.
   */
  private async publish(): Promise<void> {
    if (this.listeners.size === 0) return;
    let s: SyncStatus;
    try {
      s = await this.status();
    } catch {
      return;
    }
    this.listeners.forEach((l) => l(s));
  }

  /**
   * One cycle at a time. Asked while one runs (a write made after its push, *Sync now*), one more
   * cycle follows it, shared by all who asked meanwhile: the running one may have pushed already.
   */
  private cycle(): Promise<void> {
    if (this.running) {
      const next = () => {
        this.again = null;
        return this.cycle();
      };
      this.again ??= this.running.then(next, next);
      return this.again;
    }
    this.running = this.runCycle().finally(() => {
      this.running = null;
      void this.publish();
    });
    return this.running;
  }

  private async runCycle(): Promise<void> {
    const { db, now } = this.deps;
    const link = await readMeta(db, 'sync');
    const station = await readMeta(db, 'station');
    if (!link || !station) return;
    void this.publish();
    const log = (await readMeta(db, 'syncLog'))!;
    try {
      await this.askWhatTheServerHolds(link);
      await this.pushAll(link, station.id);
      await this.pullAll(link, station.id);
      await writeMeta(db, 'rmaDataAt', now().toISOString());
      const recorder = await this.deps.recorder();
      // A box held while the RMA data was out of date is decided now that it is current, whether
      // the pull brought its RMA or nothing at all (then the number is truly unknown). The
      // settlements are facts too: they go up in the same cycle.
      if (recorder && (await settleHolds(db, recorder, await readSettings(db), now())).length > 0) {
        await this.pushAll(link, station.id);
      }
      await this.sendPhotos(link);
      this.failures = 0;
      await writeMeta(db, 'syncLog', { lastSuccessAt: now().toISOString(), lastError: null, state: 'ok' });
    } catch (e) {
      this.failures++;
      const { state, message } = describe(e);
      await writeMeta(db, 'syncLog', { ...log, lastError: message, state });
    }
  }

  /** Send the outbox oldest first; drop what the server acknowledged, keep its refusals on record. */
  private async pushAll(link: SyncLink, stationId: string): Promise<void> {
    const { db } = this.deps;
    const client = syncClient(link.serverUrl, this.deps.fetch);
    for (;;) {
      const rows = await db.outbox.orderBy('stationSeq').limit(this.batchSize).toArray();
      if (rows.length === 0) return;
      const events = (await db.events.bulkGet(rows.map((r) => r.eventId))).filter((e): e is StationEvent => e !== undefined);
      const batch = withinBytes(events);
      try {
        const answer = await client.push(link.token, stationId, batch);
        await this.acknowledge(answer.ackStationSeq, answer.results);
        this.batchSize = MAX_PUSH_EVENTS;
      } catch (e) {
        if (!(e instanceof SyncError)) throw e;
        if (e.failure.kind === 'too_large' && this.batchSize > 1) {
          this.batchSize = Math.max(1, Math.floor(this.batchSize / 2));
          continue;
        }
        if (e.failure.kind !== 'seq_gap') throw e;
        // The server has up to ack: drop those and send from ack + 1. If that is not here, stop loudly.
        await this.acknowledge(e.failure.ackStationSeq, []);
        if (!(await this.sendAllAfter(e.failure.ackStationSeq))) throw new Error(this.unrecoverable(e.failure.ackStationSeq), { cause: e });
      }
    }
  }

  /**
   * Send each photo whose inspection the server has acknowledged, one at a time (a stored photo is
   * about 140 KB; facts go first, so a slow link never holds up a verdict's sync). A photo the server
   * will not keep is marked with its reason and stays on the station.
   */
  private async sendPhotos(link: SyncLink): Promise<void> {
    const { db } = this.deps;
    const client = syncClient(link.serverUrl, this.deps.fetch);
    const waiting = await photosToSend(db).toArray();
    if (waiting.length === 0) return;
    const inspections = await db.events.bulkGet(waiting.map((w) => w.eventId));
    const unacknowledged = new Set((await db.outbox.bulkGet(inspections.map((e) => e?.stationSeq ?? 0))).flatMap((o) => (o ? [o.eventId] : [])));
    for (const entry of waiting.filter((w) => !unacknowledged.has(w.eventId))) {
      const photo = await db.photos.get(entry.photoId);
      if (!photo) {
        await db.photoOutbox.update(entry.photoId, { refused: 'the photo is no longer on this station' });
        continue;
      }
      try {
        await client.putPhoto(link.token, { id: photo.id, eventId: entry.eventId, type: photo.type, blob: photo.blob });
        await db.photoOutbox.delete(entry.photoId);
      } catch (e) {
        if (!(e instanceof SyncError) || (e.failure.kind !== 'bad_request' && e.failure.kind !== 'too_large')) throw e;
        await db.photoOutbox.update(entry.photoId, { refused: e.message });
      }
    }
  }

  /**
   * Asked once a cycle, before the push: what the server holds of this station. A server restored
   * from a backup holds fewer of its facts than it acknowledged; with an empty outbox nothing else
   * would tell. The answer also brings the name a supervisor gave the station.
   */
  private async askWhatTheServerHolds(link: SyncLink): Promise<void> {
    const { db } = this.deps;
    // A browser that will not say its storage costs the cycle nothing.
    const storage = (await this.deps.storage?.().catch(() => null)) ?? null;
    const { lastAck, name, certificateRunsOutOn = null } = await syncClient(link.serverUrl, this.deps.fetch).status(link.token, storage);
    const station = await readMeta(db, 'station');
    if (name && station && station.name !== name) await writeMeta(db, 'station', { ...station, name });
    if ((await readMeta(db, 'serverCertificateRunsOutOn')) !== certificateRunsOutOn) await writeMeta(db, 'serverCertificateRunsOutOn', certificateRunsOutOn);
    await this.numberOnAfter(lastAck);
    if (!(await this.sendAllAfter(lastAck))) throw new Error(this.unrecoverable(lastAck));
  }

  /**
   * The server holds facts of this station numbered past its last: its database was lost with
   * facts its journal did not have. It numbers on after the server's, so that no fact recorded from
   * now on is given a number the server holds (one given such a number meanwhile is refused as
   * `station_seq_taken`, and stays here, listed).
   */
  private async numberOnAfter(ack: number): Promise<void> {
    const { db } = this.deps;
    // Read first: the usual answer takes no write lock from the dock.
    if (ack <= ((await readMeta(db, 'seq')) ?? 0)) return;
    await db.transaction('rw', db.meta, async () => {
      if (ack > ((await readMeta(db, 'seq')) ?? 0)) await writeMeta(db, 'seq', ack);
    });
  }

  /**
   * Every fact after `ack` queued to be sent: put back in the outbox where it is still recorded
   * here, and, where it is not, from the desktop app's journal. False when neither has it.
   */
  private async sendAllAfter(ack: number): Promise<boolean> {
    if (await this.sendAgainAfter(ack)) return true;
    if (!this.deps.fillFromJournal) return false;
    await this.deps.fillFromJournal();
    return this.sendAgainAfter(ack);
  }

  /** The alarm for a fact the server expects that this station has lost; never renumbered. */
  private unrecoverable(ack: number): string {
    const where = this.deps.fillFromJournal ? 'its outbox, its record nor the desktop app’s journal' : 'its outbox nor its record (a browser keeps no journal)';
    return `the server expects fact ${ack + 1} from this station, which is not in ${where}: call a supervisor; later facts wait, and nothing is renumbered`;
  }

  /** Whether every fact the station recorded after `ack` is in its outbox (read-only: the usual answer). */
  private async allQueuedAfter(ack: number): Promise<boolean> {
    const { db } = this.deps;
    return db.transaction('r', db.meta, db.outbox, async () => {
      const seq = (await readMeta(db, 'seq')) ?? 0;
      return ack >= seq || isEveryFactAfter(ack, seq, await db.outbox.where('stationSeq').above(ack).count());
    });
  }

  /**
   * Put back in the outbox every fact after `ack` the station recorded and no longer queues: the
   * server lost them (restored from a backup). They are sent unchanged, never renumbered, and the
   * photos they name that are still here go with them. False when a fact is missing here too:
   * then only the journal can fill the gap.
   */
  private async sendAgainAfter(ack: number): Promise<boolean> {
    if (await this.allQueuedAfter(ack)) return true;
    const { db } = this.deps;
    const requeued: number[] = [];
    const whole = await db.transaction('rw', [db.events, db.outbox, db.meta, db.photos, db.photoOutbox], async () => {
      const seq = (await readMeta(db, 'seq')) ?? 0;
      // Checked again inside: a push may have been acknowledged since the read above.
      const queued = new Set(await db.outbox.where('stationSeq').above(ack).primaryKeys());
      if (ack >= seq || isEveryFactAfter(ack, seq, queued.size)) return true;
      const facts = await db.events.where('stationSeq').between(ack, seq, false, true).toArray();
      if (!isEveryFactAfter(ack, seq, facts.length)) return false;
      const lost = facts.filter((f) => !queued.has(f.stationSeq));
      await db.outbox.bulkAdd(lost.map((f) => ({ stationSeq: f.stationSeq, eventId: f.id })));
      const named = photosNamedBy(lost);
      const [held, waiting] = await Promise.all([db.photos.bulkGet(named.map((n) => n.photoId)), db.photoOutbox.bulkGet(named.map((n) => n.photoId))]);
      // A photo still waiting (or refused, with its reason) keeps its entry as it is.
      await db.photoOutbox.bulkAdd(named.filter((_, i) => held[i] && !waiting[i]));
      requeued.push(...lost.map((f) => f.stationSeq));
      return true;
    });
    if (requeued.length) this.deps.onRequeued?.(requeued);
    return whole;
  }

  private async acknowledge(ack: number, results: { id: string; stationSeq: number; status: string; reason?: string }[]): Promise<void> {
    const { db } = this.deps;
    await db.transaction('rw', db.outbox, db.rejections, async () => {
      await db.outbox.where('stationSeq').belowOrEqual(ack).delete();
      // A duplicate with a reason is a refusal whose first answer never arrived.
      const refused = results.filter((r) => r.status === 'rejected' || (r.status === 'duplicate' && r.reason !== undefined));
      if (refused.length) {
        // Heard again (its first answer lost, or sent again after a restore): what a supervisor noted stays.
        const known = await db.rejections.bulkGet(refused.map((r) => r.id));
        await db.rejections.bulkPut(refused.map((r, i) => ({ ...known[i], eventId: r.id, stationSeq: r.stationSeq, reason: r.reason ?? 'refused' })));
      }
    });
    this.deps.onAcknowledged?.(ack);
  }

  /** Pull every page after the stored cursor. */
  private async pullAll(link: SyncLink, stationId: string): Promise<void> {
    const { db, now } = this.deps;
    const readPage = this.deps.readPage ?? inlinePageReader(this.deps.fetch);
    const [after, at, storedGeneration] = await Promise.all([readMeta(db, 'pullCursor'), readMeta(db, 'pullTag'), readMeta(db, 'pullGeneration')]);
    let generation = storedGeneration ?? 0;
    const firstPullOfEmptyStation = !after && (await db.rmas.count()) === 0;
    // The next page is fetched and checked (in the worker, in the app) while this one is written.
    // Pages are still applied in order, each with the cursor that covers it.
    const fetchPage = (cursor: PullCursor) => {
      const page = readPage(link.serverUrl, link.token, cursor, PULL_PAGE);
      page.catch(() => undefined); // a failed prefetch surfaces where it is awaited
      return page;
    };
    let next = fetchPage({ after: after ?? 0, at: at ?? null });
    let from = after ?? 0;
    try {
      for (let resets = 0; ; ) {
        const prepared = await next;
        const { page } = prepared;
        if (page.resetRequired) {
          // Twice in one cycle, the server changed under the pull itself: go on next cycle from
          // where this one stopped, rather than take the stop for the end and drop what was not pulled yet.
          if (resets++ > 0) throw new Error('the server’s data changed while this station pulled it again; it carries on shortly');
          generation = await db.transaction('rw', db.meta, async () => {
            await writeMeta(db, 'serverRestoredAt', now().toISOString());
            return startPullingAgain(db);
          });
          from = 0;
          next = fetchPage({ after: 0, at: null });
          continue;
        }
        if (page.more) next = fetchPage({ after: page.nextCursor, at: page.cursorTag });
        await applyPulledPage(db, prepared, stationId, now(), { firstPullOfEmptyStation, generation });
        if (page.more) {
          this.showCatchingUp(from, page.nextCursor, page.latestSeq);
          continue;
        }
        if (await readMeta(db, 'repullPending')) await dropWhatTheServerNoLongerHas(db, generation);
        return;
      }
    } finally {
      if (this.catchingUp !== null) {
        this.catchingUp = null;
        void this.publish();
      }
    }
  }

  /** A page in, more to come: say how far the pull has come, from its first cursor to the server's last number. */
  private showCatchingUp(from: number, at: number, latest: number | undefined): void {
    if (latest === undefined || latest <= from) return;
    this.catchingUp = Math.min(99, Math.floor((100 * (at - from)) / (latest - from)));
    void this.publish();
  }
}

/** Whether `count` is how many facts the station recorded after `ack`, up to its last, `seq`. */
const isEveryFactAfter = (ack: number, seq: number, count: number) => count === seq - ack;

/** As many events as fit in one push body. */
function withinBytes(events: StationEvent[]): StationEvent[] {
  let bytes = 64;
  const batch: StationEvent[] = [];
  for (const e of events) {
    bytes += JSON.stringify(e).length + 1;
    if (batch.length > 0 && bytes > MAX_PUSH_BYTES * 0.9) break;
    batch.push(e);
  }
  return batch;
}
