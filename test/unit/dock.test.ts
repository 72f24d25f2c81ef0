import { describe, expect, it } from 'vitest';
import { classifyLabel } from '../../shared/labels';
import { dockVerdictFor, supervisorVerdictOnHold, type DockInput, type DockRma } from '../../shared/policy';

const open: DockRma = { status: 'open', unitsAuthorised: 2, unitsLogged: 0, packagesAccepted: 0 };
const input = (over: Partial<DockInput> = {}): DockInput => ({
  label: classifyLabel('RMA10000016'),
  rma: open,
  rmaCopyFresh: true,
  trackingNumber: '1Z5R89390357567127',
  ...over,
});

describe('the dock table (clause 11)', () => {
  it('refuses a package with no RMA number', () => {
    expect(dockVerdictFor(input({ label: null }))).toMatchObject({ verdict: 'refuse', reason: 'no_rma_on_package' });
  });

  it('asks for a re-scan of anything that is not a valid RMA number', () => {
    expect(dockVerdictFor(input({ label: classifyLabel('hello') }))).toMatchObject({ verdict: 'rescan', reason: 'not_an_rma_number' });
    expect(dockVerdictFor(input({ label: classifyLabel('1Z5R89390357567127') }))).toMatchObject({ verdict: 'rescan', reason: 'not_an_rma_number' });
    expect(dockVerdictFor(input({ label: classifyLabel('RMA10000017') }))).toMatchObject({ verdict: 'rescan', reason: 'check_digit' });
    expect(dockVerdictFor(input({ label: classifyLabel('RMA100') }))).toMatchObject({ verdict: 'rescan', reason: 'not_an_rma_number' });
  });

  it('refuses an unknown RMA when the copy is fresh, holds it when stale', () => {
    expect(dockVerdictFor(input({ rma: undefined }))).toMatchObject({ verdict: 'refuse', reason: 'unknown_rma' });
    expect(dockVerdictFor(input({ rma: undefined, rmaCopyFresh: false }))).toMatchObject({ verdict: 'hold', reason: 'unknown_rma_unverified' });
  });

  it('refuses cancelled, closed and expired RMAs', () => {
    for (const status of ['cancelled', 'closed', 'expired'] as const) {
      expect(dockVerdictFor(input({ rma: { ...open, status } }))).toMatchObject({ verdict: 'refuse', reason: `rma_${status}` });
    }
  });

  it('holds an RMA whose every unit is already logged', () => {
    expect(dockVerdictFor(input({ rma: { ...open, unitsLogged: 2, packagesAccepted: 1 } }))).toMatchObject({ verdict: 'hold', reason: 'rma_already_received' });
  });

  it('accepts, warning of an additional package and of a missing tracking number', () => {
    expect(dockVerdictFor(input())).toEqual({ verdict: 'accept', reason: null, warnings: [], earlierPackages: 0, clauses: [11] });
    expect(dockVerdictFor(input({ rma: { ...open, packagesAccepted: 2, unitsLogged: 1 } }))).toMatchObject({
      verdict: 'accept',
      warnings: ['additional_package'],
      earlierPackages: 2,
    });
    expect(dockVerdictFor(input({ trackingNumber: null }))).toMatchObject({ verdict: 'accept', warnings: ['untraceable_shipment'], clauses: [6, 11] });
  });
});

describe('a supervisor deciding a held package', () => {
  const received = { reason: 'rma_already_received' as const };
  const stale = { reason: 'unknown_rma_unverified' as const };
  const full: DockRma = { ...open, unitsLogged: 2, packagesAccepted: 1 };

  it('lets in a package whose RMA was already received in full, as an additional package', () => {
    expect(supervisorVerdictOnHold(received, 'accept', full, null)).toEqual({
      verdict: 'accept',
      reason: null,
      warnings: ['additional_package', 'untraceable_shipment'],
      earlierPackages: 1,
      clauses: [6, 11],
    });
  });

  it('refuses either kind, with the reason that fits', () => {
    expect(supervisorVerdictOnHold(received, 'refuse', full, null)).toMatchObject({ verdict: 'refuse', reason: 'rma_already_received' });
    expect(supervisorVerdictOnHold(stale, 'refuse', undefined, null)).toMatchObject({ verdict: 'refuse', reason: 'unknown_rma' });
  });

  it('never lets in a package without an open RMA', () => {
    expect(supervisorVerdictOnHold(stale, 'accept', undefined, null)).toEqual({ notAllowed: expect.stringMatching(/^An RMA this station does not know cannot be let in/) });
    expect(supervisorVerdictOnHold(received, 'accept', undefined, null)).toEqual({ notAllowed: 'The RMA is no longer in this station’s data: refuse the package.' });
    expect(supervisorVerdictOnHold(received, 'accept', { ...full, status: 'cancelled' }, null)).toEqual({ notAllowed: 'The RMA is now cancelled: refuse the package.' });
    expect(supervisorVerdictOnHold({ reason: null }, 'refuse', full, null)).toEqual({ notAllowed: 'That package is not held.' });
  });
});
