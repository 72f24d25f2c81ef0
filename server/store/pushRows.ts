import type { Transaction } from 'kysely';
import type { StationEvent } from '../../shared/events';
import { unitsAuthorised, type Rma } from '../../shared/rma';
import type { RmaStatus } from '../../shared/policy/dock';
import type { Database } from '../db/schema';
import { writeRmas } from './rmas';

export type RmaState = Pick<Database['rma_state'], 'lifecycle' | 'packages_accepted'>;

/** What a push asks of an RMA for each fact, read without its body. */
export interface HeldRma {
  status: RmaStatus;
  unitsAuthorised: number;
  removed: boolean;
}

/** A fact as stored, with its body parsed once, when first asked for (this push's come parsed). */
export interface StoredFact {
  id: string;
  type: string;
  status: string;
  rmaNumber: string | null;
  serverSeq: number;
  body: string | StationEvent;
}

/** A fact of this push, as decided. */
export interface PushedFact {
  event: StationEvent;
  status: 'accepted' | 'rejected';
  serverSeq: number;
}

/**
 * What a push's checks and projections read, for the RMAs its facts name: their state, the RMAs'
 * status and units (whole only where a fact may close one) and the facts stored for them (this
 * push's too), each read in one query, and kept up to date as each fact is projected. A dock's
 * push of 500 accepts took three queries an accept, one after another (`npm run bench -- sync`).
 * The RMA states, the RMAs closed and the exceptions raised are written once, at the end (`write`).
 */
export class PushRows {
  private readonly states = new Map<string, RmaState>();
  private readonly changedStates = new Set<string>();
  private readonly rmas = new Map<string, HeldRma>();
  private readonly wholeRmas = new Map<string, Rma>();
  private readonly closedRmas: Rma[] = [];
  private readonly factsByRma = new Map<string, StoredFact[]>();
  private readonly factsById = new Map<string, StoredFact>();
  /** The exceptions this push raised, by id: inserted together at its end. */
  readonly raised = new Map<string, Database['exceptions']>();

  /** The RMAs these facts name and their states, before the facts are stored (a refusal names its RMA too). */
  static async read(trx: Transaction<Database>, rmaNumbers: readonly string[]): Promise<PushRows> {
    const rows = new PushRows();
    if (!rmaNumbers.length) return rows;
    const rmas = await trx.selectFrom('rmas').select(['number', 'status', 'units_authorised', 'deleted']).where('number', 'in', rmaNumbers).execute();
    for (const r of rmas) rows.rmas.set(r.number, { status: r.status, unitsAuthorised: Number(r.units_authorised), removed: Number(r.deleted) !== 0 });
    // A state is only ever kept for an RMA the server has (removed ones stay, marked). Read by its
    // own key: joined to the RMAs, PostgreSQL read every state there is for each push.
    const known = rmas.map((r) => r.number);
    const states = known.length ? await trx.selectFrom('rma_state').select(['number', 'lifecycle', 'packages_accepted']).where('number', 'in', known).execute() : [];
    for (const r of states) rows.states.set(r.number, { lifecycle: r.lifecycle, packages_accepted: Number(r.packages_accepted) });
    return rows;
  }

  /**
   * The whole RMAs, for the few that a fact of this push may close (clause 11 reads their lines).
   * Stored RMAs were validated when they were written (import, edit, closing), as facts were.
   */
  async readWholeRmas(trx: Transaction<Database>, rmaNumbers: readonly string[]): Promise<void> {
    if (!rmaNumbers.length) return;
    for (const r of await trx.selectFrom('rmas').select(['number', 'body']).where('number', 'in', rmaNumbers).execute()) {
      this.wholeRmas.set(r.number, JSON.parse(r.body) as Rma);
    }
  }

  /**
   * The facts of these RMAs, of these kinds, stored before this push, then this push's: each
   * projection reads them as it did fact by fact, its own push's all included. This push's are
   * taken as validated, not read back. (Every fact stored has a smaller serverSeq than this
   * push's: the counter row is held until the push commits.)
   * @param types the kinds of fact the projections will ask for, or all of them
   */
  async readFacts(trx: Transaction<Database>, rmaNumbers: readonly string[], types: readonly StationEvent['type'][] | 'all', pushed: readonly PushedFact[]): Promise<void> {
    if (!rmaNumbers.length || (types !== 'all' && !types.length)) return;
    let query = trx.selectFrom('events').select(['id', 'type', 'status', 'rma_number', 'server_seq', 'body']).where('rma_number', 'in', rmaNumbers);
    if (types !== 'all') query = query.where('type', 'in', types);
    for (const f of await query.orderBy('server_seq').execute()) {
      this.hold({ id: f.id, type: f.type, status: f.status, rmaNumber: f.rma_number, serverSeq: Number(f.server_seq), body: f.body });
    }
    const read = new Set(rmaNumbers);
    for (const { event, status, serverSeq } of pushed) {
      if (event.rmaNumber === null || !read.has(event.rmaNumber) || (types !== 'all' && !types.includes(event.type))) continue;
      this.hold({ id: event.id, type: event.type, status, rmaNumber: event.rmaNumber, serverSeq, body: event });
    }
  }

  private hold(fact: StoredFact): void {
    this.factsById.set(fact.id, fact);
    const ofRma = this.factsByRma.get(fact.rmaNumber!) ?? [];
    ofRma.push(fact);
    this.factsByRma.set(fact.rmaNumber!, ofRma);
  }

  state(rmaNumber: string): RmaState | undefined {
    return this.states.get(rmaNumber);
  }

  setState(rmaNumber: string, state: RmaState): void {
    this.states.set(rmaNumber, state);
    this.changedStates.add(rmaNumber);
  }

  /** The RMA as stored; `live` leaves out one that was removed. */
  rma(rmaNumber: string, { live }: { live: boolean }): HeldRma | null {
    const stored = this.rmas.get(rmaNumber);
    return !stored || (live && stored.removed) ? null : stored;
  }

  /** The whole RMA, of those read by `readWholeRmas`. */
  wholeRma(rmaNumber: string): Rma | null {
    return this.wholeRmas.get(rmaNumber) ?? null;
  }

  /** The RMA closed by a fact of this push (clause 11): written, and published, with the states. */
  rmaClosed(rma: Rma): void {
    this.rmas.set(rma.number, { status: rma.status, unitsAuthorised: unitsAuthorised(rma), removed: false });
    this.wholeRmas.set(rma.number, rma);
    this.closedRmas.push(rma);
  }

  /** A fact named by id, of one of the RMAs and kinds read. */
  fact(id: string): StoredFact | undefined {
    return this.factsById.get(id);
  }

  /**
   * The RMA's accepted facts of the kinds read, in commit order, up to and including the one at
   * `upTo`: a fact is projected on what was committed before it, as if it had been pushed alone,
   * never on facts later in its own push (a push's batching must not change what it derives).
   */
  acceptedFactsOf(rmaNumber: string, upTo: number): StoredFact[] {
    return (this.factsByRma.get(rmaNumber) ?? []).filter((f) => f.status === 'accepted' && f.serverSeq <= upTo);
  }

  /** Stored bodies were validated when they were pushed. */
  bodyOf(fact: StoredFact): StationEvent {
    if (typeof fact.body === 'string') fact.body = JSON.parse(fact.body) as StationEvent;
    return fact.body;
  }

  async write(trx: Transaction<Database>, now: Date): Promise<void> {
    if (this.closedRmas.length) await writeRmas(trx, this.closedRmas, now);
    const states = [...this.changedStates].map((number) => ({ number, ...this.states.get(number)! }));
    if (states.length) {
      await trx
        .insertInto('rma_state')
        .values(states)
        .onConflict((oc) => oc.column('number').doUpdateSet((eb) => ({ lifecycle: eb.ref('excluded.lifecycle'), packages_accepted: eb.ref('excluded.packages_accepted') })))
        .execute();
    }
    const exceptions = [...this.raised.values()];
    if (exceptions.length) await trx.insertInto('exceptions').values(exceptions).execute();
  }
}
