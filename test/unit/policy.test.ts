import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/dates';
import {
  decideItem,
  ITEM_RULES,
  MISUSE_KINDS,
  decisionSchema,
  policyCaseSchema,
  type Decision,
  type PolicyCaseInput,
} from '../../shared/policy';
import { parseAt } from '../../shared/validation';

/** POLICY.md's example case. */
const example: PolicyCaseInput = {
  rma: {
    number: 'RMA10000016',
    issuedOn: '2026-03-10',
    remedy: 'refund',
    country: 'US',
    seller: 'direct',
    purchasedOn: '2026-03-01',
    deliveredOn: '2026-03-03',
    proofOfPurchase: true,
  },
  item: { sku: 'IP8M-2496EB', kind: 'product', condition: 'new', unitPrice: 79.99, quantity: 1, warrantyMonths: 12, onRma: true },
  receivedOn: '2026-03-20',
  finding: { result: 'no_fault_found', misuse: [] },
  inStock: true,
};

type Patch = {
  rma?: Partial<PolicyCaseInput['rma']>;
  item?: Partial<PolicyCaseInput['item']>;
  finding?: Partial<PolicyCaseInput['finding']>;
  receivedOn?: string;
  inStock?: boolean;
};

function caseWith(p: Patch = {}): PolicyCaseInput {
  return {
    ...example,
    ...(p.receivedOn ? { receivedOn: p.receivedOn } : {}),
    ...(p.inStock !== undefined ? { inStock: p.inStock } : {}),
    rma: { ...example.rma, ...p.rma },
    item: { ...example.item, ...p.item },
    finding: { ...example.finding, ...p.finding },
  };
}

function decide(p: Patch = {}): Decision {
  const parsed = parseAt(policyCaseSchema, caseWith(p));
  if (!parsed.ok) throw new Error(parsed.error);
  return decideItem(parsed.value);
}

const replacement = (p: Patch = {}) =>
  decide({ ...p, rma: { remedy: 'replacement', ...p.rma }, finding: { result: 'defective', ...p.finding } });

describe('the documented example', () => {
  it('prints exactly the documented decision', () => {
    expect(decide()).toStrictEqual({
      outcome: 'refund',
      replacement: null,
      refund: { gross: 79.99, restockingFee: 8.0, net: 71.99, feeWaived: false },
      repairFee: null,
      customerPays: 'nothing',
      customsByCustomer: false,
      warranty: { covered: true, endsOn: '2027-03-01' },
      turnaroundDueOn: '2026-04-03',
      refundDueOn: '2026-03-27',
      clauses: [1, 2],
      reasons: ['no_fault_found'],
    });
    expect(Object.keys(decide())).toEqual(Object.keys(decisionSchema.shape));
  });
});

describe('each rule, in order', () => {
  it('1: an item not on the RMA goes back to the customer, whatever else holds', () => {
    const d = decide({ item: { onRma: false }, rma: { seller: 'unauthorized' }, finding: { result: 'defective' } });
    expect(d).toMatchObject({ outcome: 'return_to_customer', customerPays: 'return_shipping', clauses: [11] });
    expect(d.reasons[0]).toBe('not_on_rma');
  });

  it('2: a refund from an unauthorised seller is referred to the seller', () => {
    const d = decide({ rma: { seller: 'unauthorized' } });
    expect(d).toMatchObject({ outcome: 'refer_to_seller', customerPays: 'return_shipping', refund: null, clauses: [1] });
    expect(d.reasons).toEqual(['unauthorized_seller']);
  });

  it('3: a refund asked more than 30 days after delivery goes to a supervisor', () => {
    expect(decide({ rma: { deliveredOn: '2026-02-08', issuedOn: '2026-03-10' } }).outcome).toBe('refund'); // day 30
    const late = decide({ rma: { deliveredOn: '2026-02-07', issuedOn: '2026-03-10' } }); // day 31
    expect(late).toMatchObject({ outcome: 'supervisor_review', customerPays: 'nothing', refund: null, refundDueOn: null });
    expect(late.reasons).toEqual(['refund_window_expired']);
    expect(late.clauses).toEqual([1, 2]);
  });

  it('3: without a delivery date the purchase date stands in', () => {
    expect(decide({ rma: { deliveredOn: undefined, purchasedOn: '2026-02-08' } }).outcome).toBe('refund');
    expect(decide({ rma: { deliveredOn: undefined, purchasedOn: '2026-02-07' } }).outcome).toBe('supervisor_review');
  });

  it('4: a defective refund waives the restocking fee', () => {
    const d = decide({ finding: { result: 'defective' } });
    expect(d.refund).toEqual({ gross: 79.99, restockingFee: 0, net: 79.99, feeWaived: true });
    expect(d.reasons).toEqual(['defective']);
  });

  it('5: a no-fault refund deducts 10%, rounded half-up to the cent', () => {
    expect(decide({ item: { unitPrice: 0.05 } }).refund).toEqual({ gross: 0.05, restockingFee: 0.01, net: 0.04, feeWaived: false });
    expect(decide({ item: { unitPrice: 0.04 } }).refund).toEqual({ gross: 0.04, restockingFee: 0, net: 0.04, feeWaived: false });
    expect(decide({ item: { unitPrice: 0.15 } }).refund?.restockingFee).toBe(0.02);
    expect(decide({ item: { unitPrice: 19.95, quantity: 3 } }).refund).toEqual({
      gross: 59.85,
      restockingFee: 5.99, // 5.985 rounds up
      net: 53.86,
      feeWaived: false,
    });
    expect(decide({ item: { unitPrice: 0 } }).refund).toEqual({ gross: 0, restockingFee: 0, net: 0, feeWaived: false });
  });

  it('6: misuse on a refund goes to a supervisor', () => {
    const d = decide({ finding: { result: 'misuse', misuse: ['accident'] } });
    expect(d).toMatchObject({ outcome: 'supervisor_review', clauses: [8, 12], reasons: ['misuse_on_refund'] });
  });

  it('7: no replacement for an unauthorised seller', () => {
    const d = replacement({ rma: { seller: 'unauthorized' } });
    expect(d).toMatchObject({ outcome: 'return_to_customer', clauses: [4], reasons: ['unauthorized_seller'], customerPays: 'return_shipping' });
  });

  it('8: a new product with no catalog term goes to a supervisor; a refund does not need the term', () => {
    const d = replacement({ item: { warrantyMonths: undefined } });
    expect(d).toMatchObject({ outcome: 'supervisor_review', clauses: [3], reasons: ['warranty_term_unknown'] });
    expect(d.warranty).toEqual({ covered: false, endsOn: null });
    expect(decide({ item: { warrantyMonths: undefined } }).outcome).toBe('refund');
    // An accessory or a used item has a term from the terms themselves.
    expect(replacement({ item: { warrantyMonths: undefined, kind: 'accessory' } }).outcome).toBe('replace');
    expect(replacement({ item: { warrantyMonths: undefined, condition: 'used' } }).outcome).toBe('replace');
  });

  it('9: out of warranty goes back, citing the clause the term came from', () => {
    const catalog = replacement({ item: { warrantyMonths: 12 }, rma: { purchasedOn: '2025-03-01', issuedOn: '2026-03-02' } });
    expect(catalog).toMatchObject({ outcome: 'return_to_customer', clauses: [3], reasons: ['out_of_warranty'] });
    expect(catalog.warranty).toEqual({ covered: false, endsOn: '2026-03-01' });

    const used = replacement({ item: { condition: 'refurbished' }, rma: { purchasedOn: '2026-01-01', issuedOn: '2026-04-02' } });
    expect(used).toMatchObject({ outcome: 'return_to_customer', clauses: [3, 4] });
    expect(used.warranty.endsOn).toBe('2026-04-01'); // 90 days

    const accessory = replacement({ item: { kind: 'accessory' }, rma: { purchasedOn: '2025-08-31', issuedOn: '2026-03-01' } });
    expect(accessory).toMatchObject({ outcome: 'return_to_customer', clauses: [3, 5] });
    expect(accessory.warranty.endsOn).toBe('2026-02-28'); // 6 months, clamped
  });

  it('9: the end date itself is inside the warranty', () => {
    expect(replacement({ rma: { purchasedOn: '2025-03-01', issuedOn: '2026-03-01' } }).outcome).toBe('replace');
    expect(replacement({ rma: { purchasedOn: '2024-02-29', issuedOn: '2025-02-28' } }).outcome).toBe('replace');
    expect(replacement({ rma: { purchasedOn: '2024-02-29', issuedOn: '2025-03-01' } }).outcome).toBe('return_to_customer');
  });

  it('used or refurbished beats accessory: 90 days, no exceptions', () => {
    const d = replacement({ item: { kind: 'accessory', condition: 'used' }, rma: { purchasedOn: '2026-01-01', issuedOn: '2026-04-01' } });
    expect(d.warranty.endsOn).toBe('2026-04-01');
    expect(replacement({ item: { kind: 'accessory', condition: 'used' }, rma: { purchasedOn: '2026-01-01', issuedOn: '2026-04-02' } }).clauses).toEqual([3, 4]);
  });

  it('10: no fault found on a replacement goes back at the customer’s cost', () => {
    const d = replacement({ finding: { result: 'no_fault_found' } });
    expect(d).toMatchObject({ outcome: 'return_to_customer', clauses: [8], reasons: ['no_fault_found'], customerPays: 'return_shipping' });
  });

  it('11: misuse in warranty is a $45-a-unit repair offer', () => {
    const d = replacement({ finding: { result: 'misuse', misuse: ['uv_exposure', 'abrasion'] }, item: { quantity: 3 } });
    expect(d).toMatchObject({ outcome: 'paid_repair_offer', repairFee: 135, clauses: [8, 12], reasons: ['misuse'], customerPays: 'nothing' });
    const outOfWarranty = replacement({ finding: { result: 'misuse', misuse: ['abuse'] }, rma: { purchasedOn: '2020-01-01' } });
    expect(outOfWarranty.outcome).toBe('return_to_customer');
    expect(outOfWarranty.repairFee).toBeNull();
  });

  it('12: defective in warranty is replaced with the same item, new within 30 days of purchase', () => {
    const d = replacement({ receivedOn: '2026-03-31' }); // day 30
    expect(d).toMatchObject({ outcome: 'replace', replacement: { condition: 'new', backordered: false }, clauses: [3, 8, 10], reasons: ['defective'] });
    expect(d.refund).toBeNull();
    expect(d.refundDueOn).toBeNull();
    expect(replacement({ receivedOn: '2026-04-01' }).replacement).toEqual({ condition: 'refurbished', backordered: false }); // day 31
    expect(replacement({ inStock: false }).replacement).toEqual({ condition: 'new', backordered: true });
  });

  it('the table has twelve rules in POLICY.md order', () => {
    expect(ITEM_RULES.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});

describe('flags', () => {
  it('U.S.: the company ships a replacement, no customs', () => {
    expect(replacement()).toMatchObject({ customerPays: 'nothing', customsByCustomer: false });
  });

  it('UK and Canada: shipping both ways and customs, same process', () => {
    for (const country of ['UK', 'GB', 'ca']) {
      const d = replacement({ rma: { country } });
      expect(d).toMatchObject({ customerPays: 'shipping_both_ways', customsByCustomer: true, reasons: ['defective'], clauses: [3, 8, 10] });
    }
  });

  it('elsewhere: the separate international process, clause 9', () => {
    const d = replacement({ rma: { country: 'DE' } });
    expect(d.reasons).toEqual(['defective', 'international_separate_process']);
    expect(d.clauses).toEqual([3, 8, 9, 10]);
    expect(d.customsByCustomer).toBe(true);
    // Territories have their own codes: Puerto Rico is not a U.S. address here.
    expect(replacement({ rma: { country: 'PR' } }).customerPays).toBe('shipping_both_ways');
    // Customs fall on the customer whatever the outcome.
    expect(decide({ rma: { country: 'CA' } })).toMatchObject({ outcome: 'refund', customsByCustomer: true, customerPays: 'nothing' });
  });

  it('missing proof of purchase is a flag that changes no outcome', () => {
    const d = decide({ rma: { proofOfPurchase: false, country: 'FR' } });
    expect(d.outcome).toBe('refund');
    expect(d.reasons).toEqual(['no_fault_found', 'international_separate_process', 'no_proof_of_purchase']);
    expect(d.clauses).toEqual([1, 2, 9]);
  });
});

describe('dates', () => {
  it('a Friday receipt before a holiday weekend', () => {
    // Received Friday 2026-07-03 (Independence Day observed): counts from Monday July 6.
    const d = decide({ receivedOn: '2026-07-03' });
    expect(d.refundDueOn).toBe('2026-07-13');
    expect(d.turnaroundDueOn).toBe('2026-07-20');
  });

  it('decides dates in an unusual order as given', () => {
    const d = decide({ receivedOn: '2026-03-05', rma: { issuedOn: '2026-03-10' } });
    expect(d.outcome).toBe('refund');
    expect(d.turnaroundDueOn).toBe('2026-03-19');
  });
});

describe('bad input', () => {
  const bad = (input: unknown) => {
    const r = parseAt(policyCaseSchema, input);
    return r.ok ? 'accepted' : r.error;
  };

  it('names the field', () => {
    expect(bad({ ...example, rma: { ...example.rma, issuedOn: '2026-02-30' } })).toBe('rma.issuedOn: must be a real date as YYYY-MM-DD');
    expect(bad({ ...example, item: { ...example.item, unitPrice: 1.005 } })).toBe('item.unitPrice: must have at most two decimals');
    expect(bad({ ...example, item: { ...example.item, unitPrice: -1 } })).toMatch(/^item\.unitPrice: /);
    expect(bad({ ...example, item: { ...example.item, quantity: 0 } })).toMatch(/^item\.quantity: /);
    expect(bad({ ...example, item: { ...example.item, quantity: 1.5 } })).toMatch(/^item\.quantity: /);
    expect(bad({ ...example, item: { ...example.item, warrantyMonths: 0 } })).toMatch(/^item\.warrantyMonths: /);
    expect(bad({ ...example, rma: { ...example.rma, seller: 'amazon' } })).toMatch(/^rma\.seller: must be one of/);
    expect(bad({ ...example, rma: { ...example.rma, country: 'USA' } })).toMatch(/^rma\.country: /);
    expect(bad({ ...example, finding: { result: 'defective', misuse: ['abuse'] } })).toBe('finding.misuse: must be empty unless the result is misuse');
    expect(bad({ ...example, finding: { result: 'misuse', misuse: ['sunburn'] } })).toMatch(/^finding\.misuse\[0\]: /);
    expect(bad({ ...example, inStock: undefined })).toBe('inStock: is required');
    expect(bad({ ...example, rma: { ...example.rma, proofOfPurchase: 'yes' } })).toBe('rma.proofOfPurchase: must be a boolean');
    expect(bad([])).toMatch(/^input: /);
    expect(bad(null)).toMatch(/^input: /);
  });

  it('every required field is required', () => {
    for (const [group, fields] of [
      ['rma', ['number', 'issuedOn', 'remedy', 'country', 'seller', 'purchasedOn', 'proofOfPurchase']],
      ['item', ['sku', 'kind', 'condition', 'unitPrice', 'quantity', 'onRma']],
      ['finding', ['result', 'misuse']],
    ] as const) {
      for (const field of fields) {
        const part: Record<string, unknown> = { ...example[group] };
        delete part[field];
        expect(bad({ ...example, [group]: part })).toBe(`${group}.${field}: is required`);
      }
    }
    expect(bad({ ...example, rma: { ...example.rma, deliveredOn: undefined } })).toBe('accepted');
    expect(bad({ ...example, item: { ...example.item, warrantyMonths: undefined } })).toBe('accepted');
  });
});

const isoDate = fc
  .integer({ min: 0, max: 365 * 12 })
  .map((n) => addDays('2020-01-01', n));

const anyCase = fc.record({
  rma: fc.record({
    number: fc.constant('RMA10000016'),
    issuedOn: isoDate,
    remedy: fc.constantFrom('refund', 'replacement'),
    country: fc.constantFrom('US', 'GB', 'CA', 'DE', 'JP', 'UK'),
    seller: fc.constantFrom('direct', 'authorized', 'unauthorized'),
    purchasedOn: isoDate,
    deliveredOn: fc.option(isoDate, { nil: undefined }),
    proofOfPurchase: fc.boolean(),
  }),
  item: fc.record({
    sku: fc.constant('IP8M-2496EB'),
    kind: fc.constantFrom('product', 'accessory'),
    condition: fc.constantFrom('new', 'used', 'refurbished'),
    unitPrice: fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100),
    quantity: fc.integer({ min: 1, max: 50 }),
    warrantyMonths: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    onRma: fc.boolean(),
  }),
  receivedOn: isoDate,
  finding: fc.oneof(
    fc.record({ result: fc.constantFrom('defective', 'no_fault_found'), misuse: fc.constant([]) }),
    fc.record({ result: fc.constant('misuse'), misuse: fc.subarray([...MISUSE_KINDS], { minLength: 1 }) }),
  ),
  inStock: fc.boolean(),
}) as fc.Arbitrary<PolicyCaseInput>;

function decideInput(input: PolicyCaseInput): Decision {
  const parsed = parseAt(policyCaseSchema, input);
  if (!parsed.ok) throw new Error(parsed.error);
  return decideItem(parsed.value);
}

describe('properties', () => {
  it('every decision matches the contract', () => {
    fc.assert(fc.property(anyCase, (c) => void decisionSchema.parse(decideInput(c))));
  });

  it('net + fee = gross, to the cent', () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        const { refund } = decideInput(c);
        if (refund) {
          expect(Math.round(refund.net * 100) + Math.round(refund.restockingFee * 100)).toBe(Math.round(refund.gross * 100));
          expect(Math.round(refund.gross * 100)).toBe(Math.round(c.item.unitPrice * 100) * c.item.quantity);
        }
      }),
    );
  });

  it('refer_to_seller only for refunds from unauthorised sellers', () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        if (decideInput(c).outcome === 'refer_to_seller') {
          expect(c.rma.remedy).toBe('refund');
          expect(c.rma.seller).toBe('unauthorized');
        }
      }),
    );
  });

  it('an item not on the RMA only ever returns to the customer', () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        const d = decideInput({ ...c, item: { ...c.item, onRma: false } });
        expect(d.outcome).toBe('return_to_customer');
        expect(d.customerPays).toBe('return_shipping');
      }),
    );
  });

  it('the warranty end never depends on when the item was received', () => {
    fc.assert(
      fc.property(anyCase, isoDate, (c, otherDay) => {
        expect(decideInput({ ...c, receivedOn: otherDay }).warranty).toEqual(decideInput(c).warranty);
      }),
    );
  });

  it('money fields appear only with their outcome', () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        const d = decideInput(c);
        expect(d.refund !== null).toBe(d.outcome === 'refund');
        expect(d.refundDueOn !== null).toBe(d.outcome === 'refund');
        expect(d.repairFee !== null).toBe(d.outcome === 'paid_repair_offer');
        expect(d.replacement !== null).toBe(d.outcome === 'replace');
        expect([...d.clauses].sort((a, b) => a - b)).toEqual(d.clauses);
        expect(new Set(d.clauses).size).toBe(d.clauses.length);
      }),
    );
  });
});
