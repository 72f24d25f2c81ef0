import { gs1CheckDigit, lastDigit, luhnCheckDigit } from './checkDigits';
import { cleanScan, compact } from './clean';
import { DEFAULT_RMA_PATTERN, type Label, type RmaPattern } from './schema';
import { bareTracking, prefixedTracking, type TrackingReading } from './tracking';

export interface ClassifyOptions {
  /** The site's RMA number form (DESIGN.md: `RMA` + 7 digits + Luhn). */
  rmaPattern?: RmaPattern;
  /** Whether the catalog knows this code as a SKU (compared upper-cased). */
  isCatalogSku?: (code: string) => boolean;
  /**
   * What the screen expects: at inspection (`item`) a SKU reading comes before the bare
   * tracking forms, because a UPC-A can pass FedEx's check digit.
   */
  expect?: 'tracking' | 'item';
}

function rmaLabel(all: string, pattern: RmaPattern): Label | null {
  if (!all.startsWith(pattern.prefix)) return null;
  const digits = all.slice(pattern.prefix.length);
  if (!/^\d*$/.test(digits)) return null;
  if (digits.length !== pattern.digits) return { kind: 'rma', value: all, valid: false, problem: 'length' };
  const valid = luhnCheckDigit(digits.slice(0, -1)) === lastDigit(digits);
  return valid ? { kind: 'rma', value: all, valid } : { kind: 'rma', value: all, valid, problem: 'check_digit' };
}

function trackingLabel(r: TrackingReading): Label {
  const label: Label = { kind: 'tracking', value: r.value, carrier: r.carrier, valid: r.valid };
  if (!r.valid) label.problem = 'check_digit';
  if (r.zip) label.zip = r.zip;
  return label;
}

function skuLabel(text: string, options: ClassifyOptions): Label | null {
  const code = text.toUpperCase();
  if (options.isCatalogSku?.(code)) return { kind: 'sku', value: code, valid: true };
  if (/^(\d{8}|\d{12,14})$/.test(text) && gs1CheckDigit(text.slice(0, -1)) === lastDigit(text)) {
    return { kind: 'sku', value: text, valid: true };
  }
  return null;
}

function serialLabel(text: string): Label | null {
  return /^[A-Za-z0-9]{4,40}$/.test(text) && /\d/.test(text)
    ? { kind: 'serial', value: text.toUpperCase(), valid: true }
    : null;
}

/**
 * Classify any scanned or typed string, first match wins (DESIGN.md, *Scanning*).
 * Never throws: anything it cannot read is `unknown` with a problem.
 */
export function classifyLabel(raw: string, options: ClassifyOptions = {}): Label {
  const { text, groups, hasControlCharacter } = cleanScan(typeof raw === 'string' ? raw : '');
  if (text.length === 0) return { kind: 'unknown', value: '', valid: false, problem: 'empty' };
  if (hasControlCharacter) return { kind: 'unknown', value: text, valid: false, problem: 'control_character' };

  const all = compact(text);
  const rma = rmaLabel(all, options.rmaPattern ?? DEFAULT_RMA_PATTERN);
  if (rma) return rma;

  const prefixed = prefixedTracking(all, groups.map(compact));
  if (prefixed) return trackingLabel(prefixed);

  const sku = () => skuLabel(text, options);
  const bare = () => {
    const r = bareTracking(all);
    return r ? trackingLabel(r) : null;
  };
  const order = options.expect === 'item' ? [sku, bare] : [bare, sku];
  for (const step of order) {
    const label = step();
    if (label) return label;
  }
  return serialLabel(text) ?? { kind: 'unknown', value: text, valid: false, problem: 'unrecognised' };
}
