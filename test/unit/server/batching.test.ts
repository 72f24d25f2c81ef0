import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../server/db/connect';
import { exceptionIdFor } from '../../../server/store/push';
import { stationEventSchema, type StationEvent } from '../../../shared/events';
import { rmaClosesByFacts } from '../../../shared/inspection';
import { unitsAuthorised, type Rma } from '../../../shared/rma';
import { factsOf, fixtureRmas, pushArb, pushAsScheduled, scenarioArb, serverFor, type Push, type Scenario, type Server } from './stationDays';
import { backUp, restoreFrom, STORE_KINDS, type StoreKind } from './stores';
import { propertyRuns, timeFor } from '../properties';

/*
 * SYNC.md: a push is one transaction, whatever its size, and what the server derives (RMA states,
 * exceptions, closing) follows from the facts in commit order. So however two stations' days are
 * cut into pushes — interleaved, re-sent, all at once — the server must derive exactly what it
 * derives from the same facts sent one a push in the same order.
 */

/** Everything the server derived, named by fact ids (serverSeqs differ between the two servers). */
async function derived(store: Store) {
  const events = await store.db.selectFrom('events').select(['id', 'server_seq', 'status', 'reason']).orderBy('id').execute();
  const idAt = new Map(events.map((e) => [Number(e.server_seq), e.id]));
  const exceptions = (await store.db.selectFrom('exceptions').selectAll().orderBy('id').execute()).map((x) => ({
    id: x.id,
    kind: x.kind,
    rma: x.rma_number,
    raisedBy: x.event_id,
    raisedAt: idAt.get(Number(x.raised_seq)),
    details: JSON.parse(x.details) as unknown,
    resolvedBy: x.resolved_by_event,
  }));
  const published = new Map<string, unknown>();
  for (const c of await store.db.selectFrom('changes').select(['key', 'body']).where('kind', '=', 'exception').orderBy('server_seq').execute()) {
    const { raisedSeq, ...rest } = JSON.parse(c.body) as { raisedSeq: number };
    published.set(c.key, { ...rest, raisedAt: idAt.get(raisedSeq) });
  }
  const states = await store.db.selectFrom('rma_state').selectAll().orderBy('number').execute();
  const rmas = await store.db.selectFrom('rmas').select(['number', 'status']).orderBy('number').execute();
  return {
    facts: events.map((e) => ({ id: e.id, status: e.status, reason: e.reason })),
    exceptions,
    published: [...published].sort(([a], [b]) => a.localeCompare(b)),
    states: states.map((s) => ({ ...s, packages_accepted: Number(s.packages_accepted) })),
    rmas,
  };
}

/**
 * What the facts, in commit order, raise and close by the rules alone — SYNC.md's exceptions and
 * clause 11 — worked out here, not by the server's code: the comparisons above hold the server to
 * itself, this holds it to the rules. Facts are read as the server stores them (validated).
 */
function byTheRules(committed: readonly StationEvent[], rmas: readonly Rma[]) {
  const rmaByNumber = new Map(rmas.map((r) => [r.number, { ...r }]));
  const kept: StationEvent[] = [];
  const voided = new Set<string>();
  const boxes = new Map<string, number>();
  const firstResolution = new Map<string, string>();
  const exceptions = new Map<string, { id: string; kind: string; rma: string | null; raisedBy: string; resolvedBy: string | null }>();
  for (const fact of committed.map((f) => stationEventSchema.parse(f))) {
    const rma = fact.rmaNumber === null ? undefined : rmaByNumber.get(fact.rmaNumber);
    // The only refusal these days can meet: a box for an RMA the server does not know.
    if (fact.type === 'package_accepted' && !rma) continue;
    kept.push(fact);
    const raise = (kind: string) => {
      const id = exceptionIdFor(kind, fact.id);
      exceptions.set(id, { id, kind, rma: fact.rmaNumber, raisedBy: fact.id, resolvedBy: firstResolution.get(id) ?? null });
    };
    if (fact.type === 'package_accepted') {
      const n = (boxes.get(rma!.number) ?? 0) + 1;
      boxes.set(rma!.number, n);
      if (rma!.status !== 'open') raise('event_for_inactive_rma');
      if (n > unitsAuthorised(rma!)) raise('more_packages_than_authorised');
    } else if (fact.type === 'event_voided') {
      const target = kept.find((f) => f.id === fact.payload.eventId);
      if (target?.type === 'package_accepted' && target.rmaNumber === fact.rmaNumber && !voided.has(target.id)) boxes.set(target.rmaNumber!, boxes.get(target.rmaNumber!)! - 1);
      voided.add(fact.payload.eventId);
    } else if (fact.type === 'item_logged' && fact.payload.serial !== null) {
      const { serial } = fact.payload;
      if (kept.some((f) => f !== fact && f.type === 'item_logged' && f.rmaNumber === fact.rmaNumber && !voided.has(f.id) && f.payload.serial === serial)) raise('serial_counted_twice');
    } else if (fact.type === 'exception_resolved') {
      const { exceptionId } = fact.payload;
      if (!firstResolution.has(exceptionId)) firstResolution.set(exceptionId, fact.id);
      const x = exceptions.get(exceptionId);
      if (x && x.resolvedBy === null) x.resolvedBy = fact.id;
    }
    // Clause 11 is a condition on the RMA's facts, whichever fact made it true.
    if (rma?.status === 'open' && rmaClosesByFacts(rma, kept.filter((f) => f.rmaNumber === rma.number))) rma.status = 'closed';
  }
  return {
    exceptions: [...exceptions.values()].sort((a, b) => a.id.localeCompare(b.id)),
    rmas: [...rmaByNumber.values()].map((r) => ({ number: r.number, status: r.status })).sort((a, b) => a.number.localeCompare(b.number)),
    boxes,
  };
}

/**
 * The same facts sent one a push, in the order `server` committed them, to a fresh server: `server`
 * must have derived what that one derives, hold each fact once, and have derived what the rules say.
 */
async function expectAsOneByOne(kind: StoreKind, server: Server, stationIds: readonly [string, string], all: readonly StationEvent[]): Promise<void> {
  const byId = new Map(all.map((f) => [f.id, f]));
  const committed = await server.store.db.selectFrom('events').select('id').orderBy('server_seq').execute();
  const apart = await serverFor(kind, stationIds);
  try {
    for (const { id } of committed) await apart.push(stationIds.indexOf(byId.get(id)!.stationId), [byId.get(id)!]);
    const held = await derived(server.store);
    expect(held).toEqual(await derived(apart.store));

    expect(held.facts.map((f) => f.id).sort()).toEqual(all.map((f) => f.id).sort());
    const rules = byTheRules(
      committed.map(({ id }) => byId.get(id)!),
      fixtureRmas,
    );
    expect(held.exceptions.map(({ id, kind, rma, raisedBy, resolvedBy }) => ({ id, kind, rma, raisedBy, resolvedBy }))).toEqual(rules.exceptions);
    expect(held.rmas).toEqual(rules.rmas);
    for (const s of held.states) expect([s.number, s.packages_accepted]).toEqual([s.number, rules.boxes.get(s.number) ?? 0]);
    for (const [rma, n] of rules.boxes) expect(held.states.find((s) => s.number === rma)?.packages_accepted ?? 0).toBe(n);
  } finally {
    await apart.close();
  }
}

async function batchedAndOneByOne(kind: StoreKind, scenario: Scenario): Promise<void> {
  const stationIds = [uuidv7(), uuidv7()] as const;
  const days = factsOf(scenario.days, stationIds);
  const batched = await serverFor(kind, stationIds);
  try {
    const seqOf = await pushAsScheduled(batched, days, scenario.pushes);
    expect(new Set(seqOf.values()).size).toBe(days.flat().length);
    await expectAsOneByOne(kind, batched, stationIds, days.flat());
  } finally {
    await batched.close();
  }
}

/** `facts` cut into pushes of these sizes, the rest in one more. */
function cut(facts: readonly StationEvent[], sizes: readonly number[]): StationEvent[][] {
  const pushes: StationEvent[][] = [];
  let from = 0;
  for (const size of sizes) {
    if (from >= facts.length) break;
    pushes.push(facts.slice(from, (from += size)));
  }
  if (from < facts.length) pushes.push(facts.slice(from));
  return pushes;
}

/**
 * Both stations push at the same moment, each its next batch, on PostgreSQL each to a server of
 * its own on the one database: what one push reads of another's RMA must be what that one committed.
 */
async function pushedAtOnce(kind: StoreKind, scenario: Scenario): Promise<void> {
  const stationIds = [uuidv7(), uuidv7()] as const;
  const days = factsOf(scenario.days, stationIds);
  const server = await serverFor(kind, stationIds, { twoProcesses: true });
  try {
    const batches = days.map((day, s) => cut(day, scenario.pushes.filter((p) => p.station === s).map((p) => p.size)));
    for (let round = 0; round < Math.max(batches[0]!.length, batches[1]!.length); round++) {
      await Promise.all(batches.flatMap((b, s) => (b[round] ? [server.push(s, b[round]!)] : [])));
    }
    await expectAsOneByOne(kind, server, stationIds, days.flat());
  } finally {
    await server.close();
  }
}

/**
 * SYNC.md, *Recovery*: a server restored from a backup taken after `backupAfter` pushes; each
 * station sends again what the server no longer holds, cut into pushes as `again` says.
 */
async function restoredMidDay(kind: StoreKind, scenario: Scenario, backupAfter: number, again: readonly Push[]): Promise<void> {
  const stationIds = [uuidv7(), uuidv7()] as const;
  const days = factsOf(scenario.days, stationIds);
  const server = await serverFor(kind, stationIds);
  try {
    let backup = await backUp(server.store);
    let pushes = 0;
    await pushAsScheduled(server, days, scenario.pushes, {
      afterEachPush: async () => {
        if (++pushes === backupAfter) backup = await backUp(server.store);
      },
    });
    await restoreFrom(server.store, backup);
    const acked = await server.store.db.selectFrom('stations').select(['id', 'last_ack']).execute();
    await pushAsScheduled(server, days, again, { acked: stationIds.map((id) => Number(acked.find((s) => s.id === id)!.last_ack)) });
    await expectAsOneByOne(kind, server, stationIds, days.flat());
  } finally {
    await server.close();
  }
}

/**
 * What this property found when a projection read facts later in its own push: a serial counted
 * twice raised nothing when the first count was voided later in the push; a decision closed its RMA
 * because another unit was voided after it, or left it open because its own unit was (one a push,
 * the decision closes it, and a void closes or reopens nothing).
 */
const FOUND: Scenario[] = [
  {
    days: [
      [{ t: 'accept', rma: 'RMA10000024' }],
      [
        { t: 'count', rma: 'RMA10000016', sku: 'IP8M-2496EB', serial: 'AMC0A1B2C3D4E5' },
        { t: 'count', rma: 'RMA10000016', sku: 'IP8M-2496EB', serial: 'AMC0A1B2C3D4E5' },
        { t: 'void', pick: 0 },
      ],
    ],
    pushes: [],
  },
  {
    days: [
      [
        { t: 'count', rma: 'RMA10000016', sku: 'IP8M-2496EB', serial: 'AMC0A1B2C3D4E5' },
        { t: 'count', rma: 'RMA10000016', sku: 'NOT-ON-RMA', serial: null },
        { t: 'decide', pick: 0, outcome: 'refund' },
        { t: 'void', pick: 1 },
      ],
      [{ t: 'accept', rma: 'RMA10000016' }],
    ],
    pushes: [],
  },
  {
    days: [
      [
        { t: 'count', rma: 'RMA10000016', sku: 'IP8M-2496EB', serial: null },
        { t: 'decide', pick: 0, outcome: 'refund' },
        { t: 'void', pick: 0 },
      ],
      [{ t: 'accept', rma: 'RMA10000016' }],
    ],
    pushes: [],
  },
];

const runsOn = (kind: StoreKind) => propertyRuns(kind.name === 'sqlite' ? 40 : 25);

describe.each(STORE_KINDS)('what the server derives follows from the facts in commit order alone, on $name', (kind) => {
  it('two stations’ days, cut into pushes at random, some re-sent, derive what the same facts sent one a push derive', timeFor(runsOn(kind)), async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, (scenario) => batchedAndOneByOne(kind, scenario)),
      { numRuns: runsOn(kind), examples: FOUND.map((x) => [x]) },
    );
  });

  it('two stations pushing at the same moment, to two servers on PostgreSQL, derive what the same facts sent one a push in commit order derive', timeFor(runsOn(kind)), async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, (scenario) => pushedAtOnce(kind, scenario)),
      { numRuns: runsOn(kind) },
    );
  });

  it('restored from a backup taken mid-day, with the stations sending again what it lost, it derives what the same facts one a push derive', timeFor(runsOn(kind)), async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.nat({ max: 14 }), fc.array(pushArb, { maxLength: 8 }), (scenario, backupAfter, again) => restoredMidDay(kind, scenario, backupAfter, again)),
      { numRuns: runsOn(kind) },
    );
  });
});
