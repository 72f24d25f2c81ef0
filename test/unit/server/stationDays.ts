import { readFileSync } from 'node:fs';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { expect } from 'vitest';
import { buildServer } from '../../../server/app';
import { exceptionIdFor } from '../../../server/store/push';
import { EVENT_SCHEMA_VERSION, type Role, type StationEvent } from '../../../shared/events';
import type { Decision } from '../../../shared/policy';
import { parseRmaExport } from '../../../shared/rma';
import { pushAnswerSchema } from '../../../shared/sync';
import { writeMeta } from '../../../renderer/db/meta';
import { StationDb } from '../../../renderer/db/schema';
import { enrolStation } from '../../../renderer/sync/enrol';
import { SyncEngine } from '../../../renderer/sync/engine';
import { inlinePageReader } from '../../../renderer/sync/pageReader';
import { enrolmentCode, fetchInto } from './harness';
import type { StoreKind } from './stores';

/*
 * Two stations' days drawn at random for the sync properties: accepts (for open, cancelled,
 * closed and unknown RMAs), counts with serials that collide, undos, decisions, shipments and
 * supervisors' resolutions, and how the days are cut into pushes.
 */

const ADMIN = 'admin-secret-for-tests';
/** The RMAs every server here starts with, as the admin imports them and as read. */
export const fixtureCsv = readFileSync(new URL('../../fixtures/rmas.csv', import.meta.url), 'utf8');
export const { rmas: fixtureRmas } = parseRmaExport(fixtureCsv);

/** Boxes per RMA, those with none left out, in RMA order: a station's and the server's compared. */
export const boxesByRma = (counts: readonly (readonly [string, number])[], leaveOut: ReadonlySet<string | null> = new Set()) =>
  Object.fromEntries(counts.filter(([rma, n]) => n !== 0 && !leaveOut.has(rma)).sort(([a], [b]) => a.localeCompare(b)));

/** Open with one unit, open with three, cancelled, closed, and a number the server does not know. */
const RMAS = ['RMA10000016', 'RMA10000024', 'RMA10000032', 'RMA10000040', 'RMA99999990'] as const;
const COUNTED = ['RMA10000016', 'RMA10000024'] as const;
const EXCEPTION_KINDS = ['more_packages_than_authorised', 'event_for_inactive_rma', 'serial_counted_twice'] as const;

type Outcome = 'refund' | 'replace' | 'return_to_customer' | 'paid_repair_offer' | 'supervisor_review';

export type Step =
  | { t: 'accept'; rma: (typeof RMAS)[number] }
  | { t: 'count'; rma: (typeof COUNTED)[number]; sku: string; serial: string | null }
  /** `pick` chooses among the station's own earlier facts that name an RMA. */
  | { t: 'void'; pick: number }
  /** `pick` chooses among the station's own earlier counts (a decision, a shipment) or decisions. */
  | { t: 'decide'; pick: number; outcome: Outcome }
  | { t: 'approve'; pick: number }
  | { t: 'override'; pick: number; outcome: Exclude<Outcome, 'supervisor_review'> }
  | { t: 'ship'; pick: number }
  /** `pick` chooses among both stations' accepts and counts, earlier or later. */
  | { t: 'resolve'; pick: number; kind: (typeof EXCEPTION_KINDS)[number] };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('accept' as const), rma: fc.constantFrom(...RMAS) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('count' as const),
      rma: fc.constantFrom(...COUNTED),
      sku: fc.constantFrom('IP8M-2496EB', 'NV4108E-HS', 'ps12v2a', 'NOT-ON-RMA'),
      // A serial in two cases: the server compares them as the inspector's station does, upper-cased.
      serial: fc.constantFrom(null, 'AMC0A1B2C3D4E5', 'SN-2', 'sn-2'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('void' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('decide' as const), pick: fc.nat(), outcome: fc.constantFrom<Outcome>('refund', 'replace', 'return_to_customer', 'paid_repair_offer', 'supervisor_review') }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('approve' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('override' as const), pick: fc.nat(), outcome: fc.constantFrom('refund' as const, 'replace' as const, 'return_to_customer' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('ship' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('resolve' as const), pick: fc.nat(), kind: fc.constantFrom(...EXCEPTION_KINDS) }) },
);

/** A station's push: `size` facts it has not sent, after `resend` it has (a reply lost). */
export interface Push {
  station: 0 | 1;
  size: number;
  resend: number;
}

export interface Scenario {
  days: [Step[], Step[]];
  pushes: Push[];
}

export const pushArb: fc.Arbitrary<Push> = fc.record({ station: fc.constantFrom(0 as const, 1 as const), size: fc.integer({ min: 1, max: 6 }), resend: fc.integer({ min: 0, max: 3 }) });

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  days: fc.tuple(fc.array(stepArb, { minLength: 1, maxLength: 14 }), fc.array(stepArb, { minLength: 1, maxLength: 14 })),
  pushes: fc.array(pushArb, { maxLength: 12 }),
});

const decision = (outcome: Outcome): Decision => ({
  outcome,
  replacement: outcome === 'replace' ? { condition: 'new', backordered: false } : null,
  refund: outcome === 'refund' ? { gross: 79.99, restockingFee: 0, net: 79.99, feeWaived: true } : null,
  repairFee: outcome === 'paid_repair_offer' ? 45 : null,
  customerPays: outcome === 'return_to_customer' ? 'return_shipping' : 'nothing',
  customsByCustomer: false,
  warranty: { covered: true, endsOn: '2027-11-01' },
  turnaroundDueOn: '2026-12-08',
  refundDueOn: outcome === 'refund' ? '2026-12-08' : null,
  clauses: [2],
  reasons: ['defective'],
});

/** Both stations' facts, each in stationSeq order; a step with nothing to act on is a refusal. */
export function factsOf(days: Scenario['days'], stationIds: readonly [string, string]): StationEvent[][] {
  const ids = days.map((steps) => steps.map(() => uuidv7()));
  /** Accepts and counts of both stations: what a resolution may name. */
  const raisers = days.flatMap((steps, s) => steps.flatMap((step, i) => (step.t === 'accept' || step.t === 'count' ? [{ s, i, rma: step.rma }] : [])));
  return days.map((steps, s) => {
    const stationId = stationIds[s]!;
    const facts: StationEvent[] = [];
    const fact = (role: Role, rest: Pick<StationEvent, 'type' | 'rmaNumber' | 'payload'>) => {
      const i = facts.length;
      return { id: ids[s]![i]!, stationSeq: i + 1, stationId, actor: { name: 'Dana', role }, clientTs: new Date(Date.UTC(2026, 10, 28, 10, 0, i)).toISOString(), schemaVersion: EVENT_SCHEMA_VERSION, ...rest } as StationEvent;
    };
    /** One of this station's facts so far of these kinds, or none. */
    const picked = <T extends StationEvent['type']>(pick: number, ...types: T[]) => {
      const among = facts.filter((f): f is Extract<StationEvent, { type: T }> => (types as string[]).includes(f.type) && f.rmaNumber !== null);
      return among.length ? among[pick % among.length]! : null;
    };
    const refused = () => fact('dock', { type: 'package_refused', rmaNumber: null, payload: { packageId: uuidv7(), reason: 'no_rma_on_package', tracking: null, clauses: [11], settlesHold: null } });
    const next = (step: Step): StationEvent => {
      switch (step.t) {
        case 'accept':
          return fact('dock', { type: 'package_accepted', rmaNumber: step.rma, payload: { packageId: uuidv7(), tracking: null, warnings: [], earlierPackages: 0, clauses: [6, 11], settlesHold: null } });
        case 'count':
          return fact('inspector', { type: 'item_logged', rmaNumber: step.rma, payload: { unitId: uuidv7(), packageId: uuidv7(), sku: step.sku, serial: step.serial } });
        case 'void': {
          const target = picked(step.pick, ...(['package_accepted', 'item_logged', 'disposition_decided', 'disposition_approved', 'override_recorded', 'shipment_sent'] as const));
          return target ? fact('dock', { type: 'event_voided', rmaNumber: target.rmaNumber, payload: { eventId: target.id, reason: 'Recorded by mistake' } }) : refused();
        }
        case 'decide': {
          const unit = picked(step.pick, 'item_logged');
          if (!unit) return refused();
          const payload = { unitId: unit.payload.unitId, inspectionId: uuidv7(), receivedOn: '2026-11-24', purchasedOn: '2026-11-01', decision: decision(step.outcome) };
          return fact('inspector', { type: 'disposition_decided', rmaNumber: unit.rmaNumber, payload });
        }
        case 'approve': {
          const decided = picked(step.pick, 'disposition_decided');
          return decided ? fact('supervisor', { type: 'disposition_approved', rmaNumber: decided.rmaNumber, payload: { unitId: decided.payload.unitId, decisionId: decided.id } }) : refused();
        }
        case 'override': {
          const decided = picked(step.pick, 'disposition_decided');
          if (!decided) return refused();
          const payload = { unitId: decided.payload.unitId, decisionId: decided.id, outcome: step.outcome, reason: 'The customer called about it.' };
          return fact('supervisor', { type: 'override_recorded', rmaNumber: decided.rmaNumber, payload });
        }
        case 'ship': {
          const unit = picked(step.pick, 'item_logged');
          if (!unit) return refused();
          const payload = { slipId: uuidv7(), unitIds: [unit.payload.unitId], tracking: { value: '1Z5R89390357567127', carrier: 'ups' as const } };
          return fact('dock', { type: 'shipment_sent', rmaNumber: unit.rmaNumber, payload });
        }
        case 'resolve': {
          const named = raisers[step.pick % raisers.length];
          if (!named) return refused();
          const exceptionId = exceptionIdFor(step.kind, ids[named.s]![named.i]!);
          return fact('supervisor', { type: 'exception_resolved', rmaNumber: named.rma, payload: { exceptionId, note: 'Checked with the customer.' } });
        }
      }
    };
    for (const step of steps) facts.push(next(step));
    return facts;
  });
}

/** The admin's credentials on every server made here. */
export const admin = { authorization: `Bearer ${ADMIN}` };

export type Server = Awaited<ReturnType<typeof serverFor>>;

/**
 * A server on a fresh store of `kind`, the fixture's RMAs imported and both stations enrolled.
 * `twoProcesses`: on PostgreSQL, the second station pushes to a second server on the same
 * database, as behind a load balancer (SQLite refuses a second server on its folder).
 */
export async function serverFor(kind: StoreKind, stationIds: readonly string[], { twoProcesses = false } = {}) {
  const { store, reopen, cleanup } = await kind.fresh();
  const app = buildServer({ store, adminToken: ADMIN });
  const second = twoProcesses && kind.name === 'postgres' ? await reopen() : null;
  const apps = second ? [app, buildServer({ store: second, adminToken: ADMIN })] : [app];
  expect((await app.inject({ method: 'POST', url: '/api/v1/admin/rmas/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: fixtureCsv })).statusCode).toBe(200);
  const tokens: string[] = [];
  for (const stationId of stationIds) {
    const code = await enrolmentCode(app, admin, `Station ${stationId.slice(-4)}`);
    tokens.push((await app.inject({ method: 'POST', url: '/api/v1/stations/enrol', payload: { code, stationId, lastSeq: 0 } })).json<{ token: string }>().token);
  }
  const push = async (s: number, events: StationEvent[]) => {
    const to = apps[s % apps.length]!;
    const r = await to.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${tokens[s]}` }, payload: { stationId: stationIds[s], events } });
    expect(r.statusCode, r.body).toBe(200);
    return pushAnswerSchema.parse(r.json());
  };
  const close = async () => {
    for (const a of apps) await a.close();
    await second?.close();
    await store.close();
    await cleanup();
  };
  return { store, app, push, close };
}

const BASE = 'http://sync.test';
const clock = new Date('2026-11-28T18:00:00Z');

/** A station that records nothing, linked to the server, pulling `paging.size` changes a page (or the engine's own); the size may be changed between syncs. */
export async function onlooker(server: Pick<Server, 'app'>, name: string, pageSize: number | null) {
  const db = new StationDb(`onlooker-${uuidv7()}`, { indexedDB, IDBKeyRange });
  await writeMeta(db, 'station', { id: uuidv7(), name });
  const fetch = fetchInto(server.app, BASE);
  await enrolStation(db, BASE, await enrolmentCode(server.app, admin, name), fetch, clock);
  const reader = inlinePageReader(fetch);
  const paging = { size: pageSize };
  const engine = new SyncEngine({
    db,
    fetch,
    now: () => clock,
    random: () => 0.5,
    isOnline: () => true,
    recorder: () => Promise.resolve(null),
    readPage: (url, token, cursor, limit) => reader(url, token, cursor, paging.size ?? limit),
  });
  return { db, engine, paging };
}

/**
 * The days sent as `pushes` says (the rest at the end, one push a station), each answer checked;
 * the serverSeq each fact was given. `afterEachPush` runs as each answer is in;
 * `acked` is how much of each day the server has already.
 */
export async function pushAsScheduled(
  server: Pick<Server, 'push'>,
  days: readonly StationEvent[][],
  pushes: readonly Push[],
  { afterEachPush = () => Promise.resolve(), acked = [0, 0] }: { afterEachPush?: () => Promise<void>; acked?: readonly number[] } = {},
): Promise<Map<string, number>> {
  const sent = [...acked];
  const seqOf = new Map<string, number>();
  const send = async (s: number, from: number, to: number) => {
    const answer = await server.push(s, days[s]!.slice(from, to));
    expect(answer.ackStationSeq).toBe(Math.max(sent[s]!, to));
    for (const r of answer.results) if (r.status !== 'duplicate') seqOf.set(r.id, r.serverSeq!);
    sent[s] = Math.max(sent[s]!, to);
    await afterEachPush();
  };
  for (const { station, size, resend } of pushes) {
    const already = sent[station]!;
    if (already === days[station]!.length && resend === 0) continue;
    await send(station, already - Math.min(resend, already), Math.min(already + size, days[station]!.length));
  }
  for (const s of [0, 1]) if (sent[s]! < days[s]!.length) await send(s, sent[s]!, days[s]!.length);
  return seqOf;
}

