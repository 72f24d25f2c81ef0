import {
  fedexExpressCheckDigit,
  lastDigit,
  mod10CheckDigit,
  mod7CheckDigit,
} from './checkDigits';
import type { Carrier } from './schema';

export interface TrackingReading {
  carrier: Carrier;
  value: string;
  valid: boolean;
  zip?: string;
}

const body = (s: string) => s.slice(0, -1);

function upsValid(s: string): boolean {
  const check = s.charCodeAt(17) - 48;
  return check >= 0 && check <= 9 && mod10CheckDigit(s.slice(2, 17), 1, 2) === check;
}

/** USPS IMpb package number: 22 or 26 digits beginning 92–95. */
const IMPB = /^9[2-5](?:\d{20}|\d{24})$/;
const impbValid = (s: string) => mod10CheckDigit(body(s), 3, 1) === lastDigit(s);

function uspsReading(pkg: string, zip?: string): TrackingReading {
  return { carrier: 'usps', value: pkg, valid: impbValid(pkg), ...(zip ? { zip } : {}) };
}

/**
 * `420` + ZIP5 or ZIP9 in front of the package number. Without a separator a 34-digit string
 * reads either way (ZIP5 + 26 or ZIP9 + 22): the reading whose check digit holds wins.
 */
function uspsRouted(groups: readonly string[], all: string): TrackingReading | null {
  if (groups.length >= 2 && /^420(\d{5}|\d{9})$/.test(groups[0]!)) {
    const pkg = groups.slice(1).join('');
    return IMPB.test(pkg) ? uspsReading(pkg, groups[0]!.slice(3)) : null;
  }
  if (!/^420\d+$/.test(all)) return null;
  const readings = [5, 9]
    .map((zipLength) => ({ zip: all.slice(3, 3 + zipLength), pkg: all.slice(3 + zipLength) }))
    .filter((r) => IMPB.test(r.pkg))
    .map((r) => uspsReading(r.pkg, r.zip));
  return readings.find((r) => r.valid) ?? readings[0] ?? null;
}

/** Forms with a telling prefix: they are tracking numbers even when the check digit fails. */
export function prefixedTracking(all: string, groups: readonly string[]): TrackingReading | null {
  if (/^1Z[0-9A-Z]{16}$/.test(all)) return { carrier: 'ups', value: all, valid: upsValid(all) };
  const routed = uspsRouted(groups, all);
  if (routed) return routed;
  if (IMPB.test(all)) return uspsReading(all);
  if (/^96\d{20}$/.test(all)) {
    return { carrier: 'fedex', value: all, valid: mod10CheckDigit(all.slice(7, 21), 1, 3) === lastDigit(all) };
  }
  return null;
}

/** Bare digit forms: they count only when the check digit holds. */
export function bareTracking(all: string): TrackingReading | null {
  if (!/^\d+$/.test(all)) return null;
  const ok = (carrier: Carrier, valid: boolean): TrackingReading | null =>
    valid ? { carrier, value: all, valid: true } : null;
  switch (all.length) {
    case 10:
    case 11:
      return ok('dhl', mod7CheckDigit(body(all)) === lastDigit(all));
    case 12:
      return ok('fedex', fedexExpressCheckDigit(body(all)) === lastDigit(all));
    case 15:
      return ok('fedex', mod10CheckDigit(body(all), 1, 3) === lastDigit(all));
    case 20:
      return ok('usps', mod10CheckDigit(body(all), 3, 1) === lastDigit(all));
    case 34: {
      const express = all.slice(22);
      return ok('fedex', fedexExpressCheckDigit(body(express)) === lastDigit(express));
    }
    default:
      return null;
  }
}
