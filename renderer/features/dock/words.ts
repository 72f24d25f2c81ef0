import type { DockReason, DockVerdictKind, DockWarning } from '../../../shared/policy';

export const HEADLINE: Record<DockVerdictKind, string> = {
  accept: 'ACCEPT',
  refuse: 'REFUSE',
  hold: 'HOLD',
  rescan: 'SCAN AGAIN',
};

/** Every dock reason in plain words, for a worker two metres away. */
export const REASON: Record<DockReason, string> = {
  no_rma_on_package: 'No RMA number on the package.',
  not_an_rma_number: 'That is not an RMA number. Scan the RMA label.',
  check_digit: 'The RMA number did not read right. Scan it again or type it.',
  unknown_rma: 'This RMA number does not exist.',
  unknown_rma_unverified: 'RMA not in this station’s data, which is out of date. Set the package aside: it is decided when this station’s RMA data is brought up to date (its next sync or import).',
  rma_cancelled: 'This RMA was cancelled.',
  rma_closed: 'This RMA is already closed.',
  rma_expired: 'This RMA has expired.',
  rma_already_received: 'Everything on this RMA has already been received. Set it aside for a supervisor.',
};

export function warningText(warning: DockWarning, earlierPackages: number): string {
  return warning === 'additional_package'
    ? `Another package for this RMA was already accepted (${earlierPackages} before this one).`
    : 'No tracking number yet — scan the carrier label.';
}

export const REMEDY: Record<'refund' | 'replacement', string> = { refund: 'Refund', replacement: 'Replacement' };
