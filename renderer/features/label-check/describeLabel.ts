import type { Label } from '../../../shared/labels';

const KIND: Record<Label['kind'], string> = {
  rma: 'RMA number',
  tracking: 'Tracking number',
  sku: 'Product code (SKU)',
  serial: 'Serial number',
  unknown: 'Not recognised',
};

const CARRIER: Record<NonNullable<Label['carrier']>, string> = {
  ups: 'UPS',
  fedex: 'FedEx',
  usps: 'USPS',
  dhl: 'DHL Express',
};

const PROBLEM: Record<NonNullable<Label['problem']>, string> = {
  check_digit: 'The check digit is wrong: scan again or check the number.',
  length: 'It has the wrong number of digits.',
  empty: 'Nothing was read.',
  control_character: 'It contains a control character: the scanner may be misconfigured.',
  unrecognised: 'This is not an RMA, tracking, product or serial number.',
};

/** A label's reading in plain words, for people. */
export function describeLabel(label: Label): { title: string; detail: string } {
  const carrier = label.carrier ? ` · ${CARRIER[label.carrier]}` : '';
  return {
    title: `${KIND[label.kind]}${carrier}`,
    detail: label.problem ? PROBLEM[label.problem] : 'Valid.',
  };
}
