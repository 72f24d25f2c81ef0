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
