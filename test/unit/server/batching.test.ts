import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../server/db/connect';
import type { StationEvent } from '../../../shared/events';
import { factsOf, pushAsScheduled, scenarioArb, serverFor, type Scenario } from './stationDays';
import { STORE_KINDS, type StoreKind } from './stores';

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

/** Boxes an RMA has had accepted, counted independently: accepts kept, less those voided once by a kept void. */
function boxesAccepted(facts: readonly StationEvent[], status: ReadonlyMap<string, string>): Map<string, number> {
  const accepts = new Map(facts.filter((f) => f.type === 'package_accepted' && status.get(f.id) === 'accepted').map((f) => [f.id, f.rmaNumber!]));
  const voided = new Set(facts.flatMap((f) => (f.type === 'event_voided' && status.get(f.id) === 'accepted' && accepts.get(f.payload.eventId) === f.rmaNumber ? [f.payload.eventId] : [])));
  const boxes = new Map<string, number>();
  for (const [id, rma] of accepts) if (!voided.has(id)) boxes.set(rma, (boxes.get(rma) ?? 0) + 1);
  return boxes;
}

async function batchedAndOneByOne(kind: StoreKind, scenario: Scenario): Promise<void> {
  const stationIds = [uuidv7(), uuidv7()] as const;
  const days = factsOf(scenario.days, stationIds);
  const batched = await serverFor(kind, stationIds);
  const apart = await serverFor(kind, stationIds);
  try {
    const seqOf = await pushAsScheduled(batched, days, scenario.pushes);

    const all = days.flat();
    const inCommitOrder = [...all].sort((a, b) => seqOf.get(a.id)! - seqOf.get(b.id)!);
    for (const fact of inCommitOrder) await apart.push(stationIds.indexOf(fact.stationId), [fact]);

    const inBatches = await derived(batched.store);
    expect(inBatches).toEqual(await derived(apart.store));

    // Each fact once, each with a serverSeq of its own, and the boxes counted as the facts say.
    expect(inBatches.facts.map((f) => f.id).sort()).toEqual(all.map((f) => f.id).sort());
    expect(new Set(seqOf.values()).size).toBe(all.length);
    const status = new Map(inBatches.facts.map((f) => [f.id, f.status]));
    const boxes = boxesAccepted(all, status);
    for (const s of inBatches.states) expect([s.number, s.packages_accepted]).toEqual([s.number, boxes.get(s.number) ?? 0]);
    for (const [rma, n] of boxes) expect(inBatches.states.find((s) => s.number === rma)?.packages_accepted).toBe(n);
  } finally {
    await batched.close();
    await apart.close();
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

/** Days tried on each store; `BATCHING_RUNS=1000` searches harder (each takes two fresh servers). */
const runsOn = (kind: StoreKind) => Number(process.env.BATCHING_RUNS ?? (kind.name === 'sqlite' ? 40 : 25));

describe.each(STORE_KINDS)('what the server derives does not depend on how facts were batched, on $name', (kind) => {
  it('two stations’ days, cut into pushes at random, some re-sent, derive what the same facts sent one a push derive', { timeout: Math.max(120_000, runsOn(kind) * 3_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, (scenario) => batchedAndOneByOne(kind, scenario)),
      { numRuns: runsOn(kind), examples: FOUND.map((x) => [x]) },
    );
  });
});
