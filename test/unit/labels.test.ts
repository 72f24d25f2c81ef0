import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLabel, labelSchema, luhnCheckDigit, type Label } from '../../shared/labels';

const kindOf = (s: string, opts?: Parameters<typeof classifyLabel>[1]) => classifyLabel(s, opts).kind;

describe('RMA numbers', () => {
  it('reads RMA + 7 digits + Luhn check digit, any case, spaces and dashes ignored', () => {
    for (const s of ['RMA10000016', 'rma10000016', 'RMA-1000-0016', ' Rma 1000 0016 ', 'RMA1000-001-6']) {
      expect(classifyLabel(s)).toEqual({ kind: 'rma', value: 'RMA10000016', valid: true });
    }
  });

  it('flags a wrong check digit and a wrong length', () => {
    expect(classifyLabel('RMA10000017')).toEqual({ kind: 'rma', value: 'RMA10000017', valid: false, problem: 'check_digit' });
    expect(classifyLabel('RMA1000001')).toEqual({ kind: 'rma', value: 'RMA1000001', valid: false, problem: 'length' });
    expect(classifyLabel('RMA100000160')).toMatchObject({ kind: 'rma', valid: false, problem: 'length' });
    expect(classifyLabel('RMA')).toMatchObject({ kind: 'rma', valid: false, problem: 'length' });
  });

  it('takes the site pattern', () => {
    const rmaPattern = { prefix: 'RT', digits: 6 };
    const payload = '12345';
    const good = `RT${payload}${luhnCheckDigit(payload)}`;
    expect(classifyLabel(good, { rmaPattern })).toEqual({ kind: 'rma', value: good, valid: true });
    expect(classifyLabel('RMA10000016', { rmaPattern }).kind).not.toBe('rma');
  });

  it('any single-digit change breaks the check digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{7}$/), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 9 }), (payload, pos, delta) => {
        const digits = payload + luhnCheckDigit(payload);
        expect(classifyLabel(`RMA${digits}`).valid).toBe(true);
        const changed = digits.slice(0, pos) + ((Number(digits[pos]) + delta) % 10) + digits.slice(pos + 1);
        expect(classifyLabel(`RMA${changed}`)).toMatchObject({ kind: 'rma', valid: false, problem: 'check_digit' });
      }),
    );
  });
});

// Public test numbers from the carriers' published check-digit specifications.
const VALID_TRACKING: [string, Label['carrier'], string?][] = [
  ['1Z5R89390357567127', 'ups'],
  ['1Z879E930346834440', 'ups'],
  ['1Z410E7W0392751591', 'ups'],
  ['1z8v92a70367203024', 'ups', '1Z8V92A70367203024'],
  ['986578788855', 'fedex'],
  ['477179081230', 'fedex'],
  ['0414 4176 0228 964', 'fedex', '041441760228964'],
  ['568283610012000', 'fedex'],
  ['9611020987654312345672', 'fedex'],
  ['1001921334250001000300779017972697', 'fedex'],
  ['9622001900000000000000776632517510', 'fedex'],
  ['9400 1112 0108 0805 4830 16', 'usps', '9400111201080805483016'],
  ['9361289878700317633795', 'usps'],
  ['9505511069605048600624', 'usps'],
  ['92748931507708513018050063', 'usps'],
  ['0307 1790 0005 2348 3741', 'usps', '03071790000523483741'],
  ['3318810025', 'dhl'],
  ['8487135506', 'dhl'],
  ['73891051146', 'dhl'],
];

describe('tracking numbers', () => {
  it.each(VALID_TRACKING)('%s is %s', (raw, carrier, value) => {
    expect(classifyLabel(raw)).toEqual({ kind: 'tracking', carrier, value: value ?? raw, valid: true });
  });

  it('keeps prefixed forms as tracking with a bad check digit', () => {
    expect(classifyLabel('1Z5R89390357567128')).toEqual({ kind: 'tracking', carrier: 'ups', value: '1Z5R89390357567128', valid: false, problem: 'check_digit' });
    expect(classifyLabel('9400111201080805483017')).toMatchObject({ kind: 'tracking', carrier: 'usps', valid: false, problem: 'check_digit' });
    expect(classifyLabel('9600000000000000000001')).toMatchObject({ kind: 'tracking', carrier: 'fedex', valid: false, problem: 'check_digit' });
  });

  it('lets bare digit forms fall through when the check digit fails', () => {
    expect(kindOf('996578788855')).not.toBe('tracking'); // FedEx Express, wrong check
    expect(kindOf('568283610012732')).not.toBe('tracking'); // FedEx Ground, wrong check
    expect(kindOf('03071790000523483742')).not.toBe('tracking'); // USPS 20, wrong check
    expect(kindOf('3318810010')).not.toBe('tracking'); // DHL, wrong check
    expect(kindOf('1001901781990001000300617767839438')).not.toBe('tracking');
  });

  it('strips the USPS routing prefix, with or without a GS separator, keeping the ZIP', () => {
    const expected = { kind: 'tracking', carrier: 'usps', value: '9261290113185417468510', valid: true, zip: '102820000' };
    expect(classifyLabel('4201028200009261290113185417468510')).toEqual(expected);
    expect(classifyLabel('420102820000\u001d9261290113185417468510')).toEqual(expected);
    expect(classifyLabel(']C1420102820000\u001d9261290113185417468510\r')).toEqual(expected);
    expect(classifyLabel('42010282\u001d9400111201080805483016')).toEqual({
      kind: 'tracking', carrier: 'usps', value: '9400111201080805483016', valid: true, zip: '10282',
    });
    expect(classifyLabel('420102829400111201080805483016')).toMatchObject({ value: '9400111201080805483016', zip: '10282', valid: true });
    expect(classifyLabel('42010282\u241d92748931507708513018050063')).toMatchObject({ value: '92748931507708513018050063', zip: '10282' });
  });

  it('picks the USPS reading whose check digit holds', () => {
    // 34 digits read as ZIP5 + 26: 420 10282 + a valid 26-digit package number.
    expect(classifyLabel('4201028292748931507708513018050063')).toMatchObject({ value: '92748931507708513018050063', zip: '10282', valid: true });
  });

  it('asks for the SKU reading first at inspection', () => {
    // A UPC-A that also passes FedEx Express's check digit.
    const upc = findUpcThatPassesFedex();
    expect(classifyLabel(upc)).toMatchObject({ kind: 'tracking', carrier: 'fedex' });
    expect(classifyLabel(upc, { expect: 'item' })).toEqual({ kind: 'sku', value: upc, valid: true });
  });
});

function findUpcThatPassesFedex(): string {
  for (let n = 10_000_000_000; ; n++) {
    const body = String(n).padStart(11, '0');
    const candidates = Array.from({ length: 10 }, (_, d) => body + d);
    const both = candidates.find(
      (c) => classifyLabel(c).kind === 'tracking' && classifyLabel(c, { expect: 'item' }).kind === 'sku',
    );
    if (both) return both;
  }
}

describe('SKUs and serials', () => {
  it('reads UPC/EAN with a good check digit as a SKU', () => {
    expect(classifyLabel('036000291452', { expect: 'item' })).toEqual({ kind: 'sku', value: '036000291452', valid: true });
    expect(classifyLabel('4006381333931', { expect: 'item' })).toEqual({ kind: 'sku', value: '4006381333931', valid: true });
    expect(classifyLabel('96385074', { expect: 'item' })).toEqual({ kind: 'sku', value: '96385074', valid: true });
    expect(classifyLabel('036000291453', { expect: 'item' }).kind).toBe('serial');
  });

  it('reads a code the catalog knows as a SKU', () => {
    const catalog = new Set(['IP8M-2496EB']);
    expect(classifyLabel('ip8m-2496eb', { isCatalogSku: (c) => catalog.has(c) })).toEqual({ kind: 'sku', value: 'IP8M-2496EB', valid: true });
    expect(classifyLabel('IP8M-2496EB').kind).toBe('unknown');
  });

  it('reads one token of 4–40 letters and digits with a digit as a serial', () => {
    expect(classifyLabel('amc0123abcd')).toEqual({ kind: 'serial', value: 'AMC0123ABCD', valid: true });
    expect(kindOf('A1B2')).toBe('serial');
    expect(kindOf('A1B')).toBe('unknown');
    expect(kindOf('ABCDEF')).toBe('unknown');
    expect(kindOf('A1'.repeat(20))).toBe('serial');
    expect(kindOf('A1'.repeat(20) + 'X')).toBe('unknown');
    expect(kindOf('AB 12')).toBe('unknown');
  });
});

describe('scanner artefacts', () => {
  it('strips AIM identifiers, separators and suffix keys', () => {
    for (const s of [']C1RMA10000016', ']Q3RMA10000016\r\n', 'RMA10000016\t', '\u001dRMA10000016', ']d2RMA\u001d10000016', '  RMA10000016\n']) {
      expect(classifyLabel(s)).toEqual({ kind: 'rma', value: 'RMA10000016', valid: true });
    }
  });

  it('makes a control character left inside unknown', () => {
    expect(classifyLabel('RMA1000\u00070016')).toMatchObject({ kind: 'unknown', valid: false, problem: 'control_character' });
    expect(classifyLabel('RMA1000\n0016')).toMatchObject({ kind: 'unknown', problem: 'control_character' });
  });

  it('calls nothing at all empty', () => {
    for (const s of ['', '   ', '\r\n', '\u001d', ']C1']) {
      expect(classifyLabel(s)).toEqual({ kind: 'unknown', value: '', valid: false, problem: 'empty' });
    }
  });
});

describe('never throws', () => {
  const check = (s: string) => {
    const label = classifyLabel(s);
    expect(labelSchema.safeParse(label).success).toBe(true);
    expect(label.valid).toBe(label.problem === undefined);
  };

  it('on arbitrary strings, control characters and emoji included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('R', 'M', 'A', '1', '0', '-', ' ', '\u001d', ']', 'C', 'Z', '9', '4', '2'), maxLength: 60 }), check), { numRuns: 2000 });
  });

  it('on 10,000 characters and on things that are not strings', () => {
    check('9'.repeat(10_000));
    check('😀'.repeat(5_000));
    check('\u0000'.repeat(10_000));
    const notStrings: unknown[] = [undefined, null, 42, {}, []];
    for (const v of notStrings) expect(classifyLabel(v as string).kind).toBe('unknown');
  });
});
