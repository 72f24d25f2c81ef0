import type { StationEvent } from '../../shared/events';
import { MAX_PUSH_EVENTS } from '../../shared/sync';
import { restoreFromJournal } from '../db/restore';
import type { StationDb } from '../db/schema';
import type { Journal, StationMemory } from '../platform';
import type { RememberedStation, Station, SyncLink } from '../../shared/sync';

const WHAT = 'This station’s journal (the desktop app’s second copy of the facts not yet sent)';
const WHO = 'This station’s name and sync link, as the desktop app keeps them beside its journal,';

/** The facts the server has not acknowledged, in order: what the journal must hold. */
async function unacknowledged(db: StationDb): Promise<StationEvent[]> {
  const waiting = await db.outbox.orderBy('stationSeq').toArray();
  const events = await db.events.bulkGet(waiting.map((o) => o.eventId));
  return events.filter((e) => e !== undefined);
}

/**
 * The desktop app's journal (SYNC.md, *Recovery*), kept whole from the station's side. Each fact
 * is appended as it is recorded; after an append failed, the next sends every fact not yet
 * acknowledged (the journal holds each fact once, by its stationSeq), so one failure leaves no
 * gap, and at start the journal is given whatever it lacks (a fact recorded just before the app
 * stopped). A failure is said on the Sync screen until the journal is whole again: the facts are
 * safe in the database meanwhile, but not twice over. The journal never stops the station.
 */
export class JournalKeeper {
  /** What is wrong with the journal, and with the station's identity kept beside it, in words. */
  private readonly problems: { journal: string | null; memory: string | null } = { journal: null, memory: null };
  /** The identity last kept beside the journal, as written, in this run. */
  private remembered: string | null = null;
  /** Whether the journal may lack a fact not yet acknowledged. */
  private behind = true;
  /** The acknowledgement the journal was last cut at, in this run. */
  private cutAt = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(problem: string | null) => void>();

  constructor(
    private readonly journal: Journal,
    private readonly db: StationDb,
    private readonly memory: StationMemory | null = null,
  ) {}

  /**
   * At start: a database that lost the station takes back its identity and link, and the facts it
   * lost are put back from the journal; then the journal is given the facts it lacks. Returns how
   * many facts came back. A journal that cannot be read is said, and the station opens all the same.
   */
  open(): Promise<number> {
    return this.serial(async () => {
      const remembered = await this.recall();
      const held = await this.readJournal();
      const restored = await restoreFromJournal(this.db, held ?? [], remembered);
      if (held) {
        const inJournal = new Set(held.map((e) => e.stationSeq));
        await this.append((await unacknowledged(this.db)).filter((e) => !inJournal.has(e.stationSeq)));
      }
      return restored;
    });
  }

  /**
   * The server expects a fact this database lacks (a gap: SYNC.md, *Recovery*): put back what the
   * journal holds that the database does not. A journal that cannot be read is said.
   */
  fillDatabase(): Promise<void> {
    return this.serial(async () => {
      const held = await this.readJournal();
      if (held) await restoreFromJournal(this.db, held);
    });
  }

  /**
   * Keep the station's identity and link beside the journal, as the database has them now: called
   * whenever they may have changed (set up, linked, renamed, moved to another server address).
   */
  async remember(station: Station | null, link: SyncLink | null): Promise<void> {
    if (!this.memory || !station) return;
    const now: RememberedStation = { station, link };
    const text = JSON.stringify(now);
    if (text === this.remembered) return;
    try {
      await this.memory.remember(now);
      this.remembered = text;
      this.say('memory', null);
    } catch (e) {
      this.say('memory', `${WHO} could not be written: ${(e as Error).message}. Should its database be lost, a supervisor’s code links it again; this is tried again at the next change.`);
    }
  }

  /** What the desktop app kept; taken as already written, so an unchanged identity is not written again at every start. */
  private async recall(): Promise<RememberedStation | null> {
    if (!this.memory) return null;
    try {
      const remembered = await this.memory.recall();
      this.remembered = remembered && JSON.stringify(remembered);
      return remembered;
    } catch (e) {
      this.say('memory', `${WHO} could not be read: ${(e as Error).message}. They are written again from its database.`);
      return null;
    }
  }

  /** Every fact the journal holds; null, and said, when it cannot be read. */
  private async readJournal(): Promise<StationEvent[] | null> {
    try {
      return await this.journal.read();
    } catch (e) {
      this.say('journal', `${WHAT} could not be read: ${(e as Error).message}. The facts recorded here are kept in its database as always.`);
      return null;
    }
  }

  /** A fact just recorded (already committed to the database). */
  recorded(event: StationEvent): Promise<void> {
    return this.serial(async () => {
      await this.append(this.behind ? await unacknowledged(this.db) : [event]);
    });
  }

  /**
   * Facts the server lost (restored from a backup) are waiting again: the journal, cut past them,
   * is given every fact not yet acknowledged.
   */
  requeued(): Promise<void> {
    return this.serial(async () => {
      this.behind = true;
      await this.append(await unacknowledged(this.db));
    });
  }

  /**
   * The server acknowledged up to here (the outbox let go of those facts): the journal is cut there
   * once the facts acknowledged since its last cut are as many as those still waiting. A cut
   * rewrites the journal, so cutting at every acknowledgement made sending a week's backlog
   * quadratic (`npm run bench -- journal`). An acknowledged fact the journal still holds is harmless:
   * put back into a lost database, it is sent again and answered as a duplicate.
   */
  acknowledged(ackStationSeq: number): Promise<void> {
    return this.serial(async () => {
      const waiting = await this.db.outbox.count();
      if (ackStationSeq - this.cutAt < waiting) return;
      await this.journal.acknowledge(ackStationSeq).then(
        () => void (this.cutAt = ackStationSeq),
        (e: unknown) => console.error('journal', e),
      );
    });
  }

  /** Told the journal's problem in words, or null, now and on every change. */
  subscribe(listener: (problem: string | null) => void): () => void {
    this.listeners.add(listener);
    listener(this.problem());
    return () => this.listeners.delete(listener);
  }

  private async append(events: readonly StationEvent[]): Promise<void> {
    try {
      // The bridge takes at most a push's worth a call.
      for (let i = 0; i < events.length; i += MAX_PUSH_EVENTS) await this.journal.append(events.slice(i, i + MAX_PUSH_EVENTS));
      this.behind = false;
      this.say('journal', null);
    } catch (e) {
      this.behind = true;
      this.say('journal', `${WHAT} could not be written: ${(e as Error).message}. The facts recorded here are kept in its database; the journal is tried again with the next fact.`);
    }
  }

  /** One journal call at a time, in the order asked: an acknowledgement never overtakes an append. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private problem(): string | null {
    const said = [this.problems.journal, this.problems.memory].filter((p) => p !== null);
    return said.length ? said.join(' ') : null;
  }

  private say(about: 'journal' | 'memory', problem: string | null): void {
    if (problem === this.problems[about]) return;
    this.problems[about] = problem;
    const now = this.problem();
    for (const listener of this.listeners) listener(now);
  }
}
