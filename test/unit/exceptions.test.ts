import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMA_VERSION, factInWords, firstNewerFact, schemaVersionOf, stationEventSchema } from '../../shared/events';
import { exceptionInWords, refusalInWords, serverExceptionSchema } from '../../shared/sync';

describe('an exception in a supervisor’s words', () => {
  it('says what disagrees, from its details', () => {
    expect(exceptionInWords({ kind: 'more_packages_than_authorised', details: { accepted: 3, authorised: 1 } })).toBe('3 packages accepted against 1 unit authorised');
    expect(exceptionInWords({ kind: 'more_packages_than_authorised', details: { accepted: 4, authorised: 2 } })).toBe('4 packages accepted against 2 units authorised');
    expect(exceptionInWords({ kind: 'event_for_inactive_rma', details: { status: 'cancelled' } })).toBe('a package accepted for an RMA that is cancelled');
    expect(exceptionInWords({ kind: 'serial_counted_twice', details: { serial: 'AMC9Z8Y7X6W5V4', firstEventId: 'x' } })).toBe('serial AMC9Z8Y7X6W5V4 counted twice (two benches, or two boxes)');
  });

  it('still says something for details it cannot read, and for a kind a newer server raises', () => {
    expect(exceptionInWords({ kind: 'more_packages_than_authorised', details: {} })).toBe('more packages accepted than units authorised');
    expect(exceptionInWords({ kind: 'event_for_inactive_rma', details: { status: 7 } })).toBe('a package accepted for an RMA that is not open');
    expect(exceptionInWords({ kind: 'serial_counted_twice', details: { serial: null } })).toBe('the same serial counted twice (two benches, or two boxes)');
    expect(exceptionInWords({ kind: 'weight_mismatch', details: {} })).toBe('weight mismatch');
  });

  it('is read from a server that sends no resolution as open', () => {
    const x = serverExceptionSchema.parse({ id: 'a', kind: 'k', rmaNumber: null, eventId: 'e', stationId: 's', details: {}, raisedSeq: 3 });
    expect(x.resolution).toBeNull();
  });
});

describe('a refused fact in a supervisor’s words', () => {
  it('says what the fact was and why it was refused, and a type or reason a newer server has by its name', () => {
    expect(`${factInWords('package_accepted')}: ${refusalInWords('unknown_rma')}`).toBe('package accepted: the server does not know this RMA');
    expect(refusalInWords('role_not_allowed')).toBe('the person who recorded it may not record that');
    expect(factInWords('pallet_wrapped')).toBe('pallet wrapped');
    expect(refusalInWords('rma_frozen_for_audit')).toBe('rma frozen for audit');
    // Object keys are not fact types.
    expect(factInWords('constructor')).toBe('constructor');
    expect(refusalInWords('toString')).toBe('toString');
  });
});

describe('a resolution fact', () => {
  const fact = {
    id: '0192f3a4-0000-7000-8000-0000000c0001',
    stationSeq: 4,
    stationId: '0192f3a4-0000-7000-8000-0000000c0002',
    actor: { name: 'Ada', role: 'supervisor' },
    clientTs: '2026-11-29T08:00:00.000Z',
    schemaVersion: 2,
    rmaNumber: 'RMA10000016',
    type: 'exception_resolved',
    payload: { exceptionId: '0192f3a4-0000-7000-8000-0000000c0003', note: '  Duplicate box, sent back.  ' },
  };

  it('keeps a trimmed note of at least 10 characters', () => {
    expect(stationEventSchema.parse(fact).payload).toMatchObject({ note: 'Duplicate box, sent back.' });
    expect(stationEventSchema.safeParse({ ...fact, payload: { ...fact.payload, note: '   short   ' } }).success).toBe(false);
  });

  it('is stamped with the version that introduced it, and the older facts keep theirs', () => {
    expect(schemaVersionOf('exception_resolved')).toBe(2);
    expect(schemaVersionOf('package_accepted')).toBe(1);
    expect(EVENT_SCHEMA_VERSION).toBe(2);
    // This server reads it; one a version ahead would be named.
    expect(firstNewerFact([{ schemaVersion: 1 }, fact])).toBeNull();
    expect(firstNewerFact([fact, { ...fact, schemaVersion: 3 }])).toEqual({ index: 1, schemaVersion: 3 });
  });
});
