import { addDays } from '../shared/dates';
import { luhnCheckDigit } from '../shared/labels';
import type { Rma, RmaLine } from '../shared/rma';

/** A small deterministic generator: the same seed writes the same file. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATALOG: Omit<RmaLine, 'quantity' | 'serials' | 'condition'>[] = [
  { sku: 'IP8M-2496EB', description: '4K PoE bullet camera, 2.8 mm', kind: 'product', unitPrice: 79.99, warrantyMonths: 12 },
  { sku: 'IP5M-T1179EW', description: '5MP PoE turret camera', kind: 'product', unitPrice: 59.99, warrantyMonths: 12 },
  { sku: 'ASH21-B', description: '1080p WiFi camera, indoor', kind: 'product', unitPrice: 29.99, warrantyMonths: 12 },
  { sku: 'AD410', description: 'Video doorbell, 2K', kind: 'product', unitPrice: 99.99, warrantyMonths: 12 },
  { sku: 'NV4108E-HS', description: '8-channel network video recorder', kind: 'product', unitPrice: 189.99, warrantyMonths: 24 },
  { sku: 'NV5232E-16P', description: '32-channel NVR with 16 PoE ports', kind: 'product', unitPrice: 549.0, warrantyMonths: 24 },
  { sku: 'IP4M-1041W', description: 'Pan-tilt WiFi camera', kind: 'product', unitPrice: 44.95, warrantyMonths: 12 },
  { sku: 'PS12V2A', description: '12 V 2 A power supply', kind: 'accessory', unitPrice: 12.99, warrantyMonths: undefined },
  { sku: 'ANT-5DBI', description: 'WiFi antenna, 5 dBi', kind: 'accessory', unitPrice: 7.5, warrantyMonths: undefined },
  { sku: 'MB-WALL-2', description: 'Wall mounting bracket', kind: 'accessory', unitPrice: 14.99, warrantyMonths: undefined },
];

const FIRST = ['Maria', 'James', 'Aisha', 'Chen', 'Olga', 'Diego', 'Priya', 'Tom', 'Fatima', 'Lukas', 'Grace', 'Kenji', 'Sofia', 'Omar', 'Emma', 'Noah'];
const LAST = ['Garcia', 'Smith', 'Khan', 'Wei', 'Ivanova', 'Lopez', 'Patel', 'Brown', 'Haddad', 'Schmidt', 'Okafor', 'Tanaka', 'Rossi', 'Nasser', 'Jones', 'Miller'];
const STREETS = ['Oak St', 'Maple Ave', 'Harbor Blvd', 'Mill Rd', 'Cedar Ln', 'Park Pl', 'River Dr', 'Elm St'];
const PLACES: { city: string; region: string; postalCode: string; country: string; weight: number }[] = [
  { city: 'Houston', region: 'TX', postalCode: '77002', country: 'US', weight: 30 },
  { city: 'Columbus', region: 'OH', postalCode: '43215', country: 'US', weight: 20 },
  { city: 'Sacramento', region: 'CA', postalCode: '95814', country: 'US', weight: 20 },
  { city: 'Honolulu', region: 'HI', postalCode: '96813', country: 'US', weight: 3 },
  { city: 'Toronto', region: 'ON', postalCode: 'M5H 2N2', country: 'CA', weight: 8 },
  { city: 'Leeds', region: '', postalCode: 'LS1 4AP', country: 'GB', weight: 8 },
  { city: 'Munich', region: 'BY', postalCode: '80331', country: 'DE', weight: 4 },
  { city: 'San Juan', region: '', postalCode: '00901', country: 'PR', weight: 2 },
];

export interface DemoOptions {
  count: number;
  seed?: number;
  /** The first RMA's seven-digit sequence number. */
  firstNumber?: number;
  /** RMAs are issued over the 120 days up to this date. */
  issuedUpTo: string;
}

export function rmaNumberFor(sequence: number): string {
  const body = String(sequence).padStart(7, '0');
  return `RMA${body}${luhnCheckDigit(body)}`;
}

export function demoRmas({ count, seed = 42, firstNumber = 1_000_001, issuedUpTo }: DemoOptions): Rma[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const weighted = <T extends { weight: number }>(list: readonly T[]) => {
    let r = random() * list.reduce((n, x) => n + x.weight, 0);
    return list.find((x) => (r -= x.weight) < 0) ?? list[0]!;
  };
  const serial = () => `AMC${Array.from({ length: 11 }, () => '0123456789ABCDEFGHJKLMNPRSTUVWXYZ'[Math.floor(random() * 33)]).join('')}`;

  return Array.from({ length: count }, (_, i) => {
    const issuedOn = addDays(issuedUpTo, -Math.floor(random() * 120));
    const purchasedOn = addDays(issuedOn, -(5 + Math.floor(random() * 500)));
    const place = weighted(PLACES);
    const lineCount = random() < 0.75 ? 1 : random() < 0.8 ? 2 : 3;
    const products = [...CATALOG].sort(() => random() - 0.5).slice(0, lineCount);
    const r = random();
    return {
      number: rmaNumberFor(firstNumber + i),
      status: r < 0.86 ? 'open' : r < 0.92 ? 'closed' : r < 0.97 ? 'cancelled' : 'expired',
      issuedOn,
      remedy: random() < 0.6 ? 'replacement' : 'refund',
      customer: {
        name: `${pick(FIRST)} ${pick(LAST)}`,
        address: {
          line1: `${1 + Math.floor(random() * 9800)} ${pick(STREETS)}`,
          line2: random() < 0.15 ? `Apt ${1 + Math.floor(random() * 40)}` : undefined,
          city: place.city,
          region: place.region || undefined,
          postalCode: place.postalCode,
          country: place.country,
        },
      },
      seller: random() < 0.55 ? 'direct' : random() < 0.85 ? 'authorized' : 'unauthorized',
      purchasedOn,
      deliveredOn: random() < 0.9 ? addDays(purchasedOn, 2 + Math.floor(random() * 5)) : undefined,
      proofOfPurchase: random() < 0.92,
      lines: products.map((p) => {
        const quantity = random() < 0.85 ? 1 : 2;
        return {
          ...p,
          condition: random() < 0.8 ? 'new' : random() < 0.5 ? 'used' : 'refurbished',
          quantity,
          serials: p.kind === 'product' ? Array.from({ length: quantity }, serial) : [],
        };
      }),
    } satisfies Rma;
  });
}
