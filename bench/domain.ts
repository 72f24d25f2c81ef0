import { addDays, daysBetween } from '../shared/dates';
import { classifyLabel, luhnCheckDigit } from '../shared/labels';
import { decideItem, MISUSE_KINDS, policyCaseSchema, type PolicyCase } from '../shared/policy';
import { compare, rate, seededRandom } from './measure';

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** Cases spread over every rule: remedies, sellers, conditions, findings, countries, dates. */
export function policyCases(n: number, seed = 1): PolicyCase[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const purchasedOn = addDays('2024-01-01', Math.floor(random() * 900));
    const result = pick(random, ['defective', 'no_fault_found', 'misuse'] as const);
    return policyCaseSchema.parse({
      rma: {
        number: 'RMA10000016',
        issuedOn: addDays(purchasedOn, Math.floor(random() * 500)),
        remedy: pick(random, ['refund', 'replacement']),
        country: pick(random, ['US', 'US', 'US', 'GB', 'CA', 'DE']),
        seller: pick(random, ['direct', 'authorized', 'authorized', 'unauthorized']),
        purchasedOn,
        deliveredOn: random() < 0.8 ? addDays(purchasedOn, 3) : undefined,
        proofOfPurchase: random() < 0.9,
      },
      item: {
        sku: 'IP8M-2496EB',
        kind: pick(random, ['product', 'product', 'accessory']),
        condition: pick(random, ['new', 'new', 'used', 'refurbished']),
        unitPrice: Math.floor(random() * 50_000) / 100,
        quantity: 1 + Math.floor(random() * 3),
        warrantyMonths: random() < 0.9 ? pick(random, [12, 24, 36]) : undefined,
        onRma: random() < 0.95,
      },
      receivedOn: addDays(purchasedOn, 10 + Math.floor(random() * 500)),
      finding: { result, misuse: result === 'misuse' ? [pick(random, MISUSE_KINDS)] : [] },
      inStock: random() < 0.9,
    });
  });
}

/** What a dock and an inspection bench scan: RMAs (some mistyped), carriers' numbers, items, junk. */
export function scans(n: number, seed = 2): string[] {
  const random = seededRandom(seed);
  const digits = (k: number) => Array.from({ length: k }, () => Math.floor(random() * 10)).join('');
  const makers = [
    () => {
      const body = digits(7);
      return `RMA${body}${luhnCheckDigit(body)}`;
    },
    () => `]C1rma-${digits(4)}-${digits(4)}\r`,
    () => '1Z5R89390357567127',
    () => `420${digits(5)}\u001d9400111201080805483016`,
    () => '9611020987654312345672',
    () => digits(12),
    () => digits(10),
    () => '036000291452',
    () => `SN${digits(10)}`,
    () => 'hello world',
  ];
  return Array.from({ length: n }, () => pick(random, makers)());
}

export function runDomainBench(): string[] {
  const cases = policyCases(20_000);
  const decisions = rate('policy decisions (decideItem)', cases, (c) => decideItem(c).outcome);
  // The raw floor of deciding: touch the same fields and do the money and one day count inline.
  const floor = rate('inline fee + day count', cases, (c) => {
    const gross = Math.round(c.item.unitPrice * 100) * c.item.quantity;
    return gross - Math.floor((gross * 10 + 50) / 100) + daysBetween(c.rma.purchasedOn, c.receivedOn);
  });
  const rawCases = cases.map((c) => JSON.parse(JSON.stringify(c)) as unknown);
  const validated = rate('policy decisions incl. schema validation', rawCases, (c) => decideItem(policyCaseSchema.parse(c)).outcome);

  const strings = scans(50_000);
  const classified = rate('label classifications (classifyLabel)', strings, (s) => classifyLabel(s).kind);
  const regexFloor = rate('one regex test a string', strings, (s) => /^RMA\d{8}$/i.test(s));

  return [
    compare(decisions, floor),
    compare(validated, floor),
    compare(classified, regexFloor),
  ];
}
