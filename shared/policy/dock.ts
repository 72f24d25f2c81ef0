import { z } from 'zod';
import type { Label } from '../labels';

export const rmaStatusSchema = z.enum(['open', 'cancelled', 'closed', 'expired']);
export type RmaStatus = z.infer<typeof rmaStatusSchema>;

export const DOCK_VERDICTS = ['accept', 'refuse', 'hold', 'rescan'] as const;
export type DockVerdictKind = (typeof DOCK_VERDICTS)[number];

export const dockReasonSchema = z.enum([
  'no_rma_on_package',
  'not_an_rma_number',
  'check_digit',
  'unknown_rma',
  'unknown_rma_unverified',
  'rma_cancelled',
  'rma_closed',
  'rma_expired',
  'rma_already_received',
]);
export type DockReason = z.infer<typeof dockReasonSchema>;
export type DockWarning = 'additional_package' | 'untraceable_shipment';

/** What the station knows of the scanned RMA when it decides. */
export interface DockRma {
  status: RmaStatus;
  unitsAuthorised: number;
  unitsLogged: number;
  packagesAccepted: number;
}

export interface DockInput {
  /** The classified scan, or null when the worker says the package has no RMA number. */
  label: Label | null;
  /** The RMA as the local copy has it; undefined when unknown. */
  rma: DockRma | undefined;
  /** Whether the local RMA copy is recent enough (the site's staleness setting) to refuse an unknown number. */
  rmaCopyFresh: boolean;
  /** The carrier tracking number paired with this package, if any (clause 6). */
  trackingNumber: string | null;
}

export interface DockVerdict {
  verdict: DockVerdictKind;
  reason: DockReason | null;
  warnings: DockWarning[];
  /** For an additional package: how many were accepted for this RMA before this one. */
  earlierPackages: number;
  clauses: number[];
}

const verdict = (v: DockVerdictKind, reason: DockReason | null, clauses = [11]): DockVerdict => ({
  verdict: v,
  reason,
  warnings: [],
  earlierPackages: 0,
  clauses,
});

/** POLICY.md's dock table (clause 11), first match wins. */
export function dockVerdictFor({ label, rma, rmaCopyFresh, trackingNumber }: DockInput): DockVerdict {
  if (label === null) return verdict('refuse', 'no_rma_on_package');
  if (label.kind !== 'rma') return verdict('rescan', 'not_an_rma_number');
  if (!label.valid) return verdict('rescan', label.problem === 'check_digit' ? 'check_digit' : 'not_an_rma_number');
  if (!rma) return rmaCopyFresh ? verdict('refuse', 'unknown_rma') : verdict('hold', 'unknown_rma_unverified');
  if (rma.status !== 'open') return verdict('refuse', `rma_${rma.status}`);
  if (rma.unitsAuthorised > 0 && rma.unitsLogged >= rma.unitsAuthorised) return verdict('hold', 'rma_already_received');

  return acceptedVerdict(rma, trackingNumber);
}

function acceptedVerdict(rma: DockRma, trackingNumber: string | null): DockVerdict {
  const accepted = verdict('accept', null);
  if (rma.packagesAccepted > 0) {
    accepted.warnings.push('additional_package');
    accepted.earlierPackages = rma.packagesAccepted;
  }
  if (!trackingNumber) {
    accepted.warnings.push('untraceable_shipment');
    accepted.clauses = [6, 11];
  }
  return accepted;
}

export type HoldDecision = 'accept' | 'refuse';

/**
 * A supervisor decides a held package. A package set aside because its RMA was already received
 * in full (`rma_already_received`) may be let in — the RMA must still be open — or refused. One
 * held because the RMA was not in the station's data may only be refused: with no valid RMA
 * known, nothing comes in (clause 11). Returns why not, in words, where the decision cannot stand.
 */
export function supervisorVerdictOnHold(
  hold: { reason: DockReason | null },
  decision: HoldDecision,
  rma: DockRma | undefined,
  trackingNumber: string | null,
): DockVerdict | { notAllowed: string } {
  if (hold.reason !== 'rma_already_received' && hold.reason !== 'unknown_rma_unverified') return { notAllowed: 'That package is not held.' };
  if (decision === 'refuse') return verdict('refuse', hold.reason === 'rma_already_received' ? 'rma_already_received' : 'unknown_rma');
  if (hold.reason === 'unknown_rma_unverified') return { notAllowed: 'An RMA this station does not know cannot be let in: refuse it, or import or sync the RMA data.' };
  if (!rma) return { notAllowed: 'The RMA is no longer in this station’s data: refuse the package.' };
  if (rma.status !== 'open') return { notAllowed: `The RMA is now ${rma.status}: refuse the package.` };
  return acceptedVerdict(rma, trackingNumber);
}
