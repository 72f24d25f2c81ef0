import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countedSku, matchUnits, type AuthorisedLine, type LoggedUnit } from '../../shared/inspection';
import { gtinForms } from '../../shared/labels';

const lines: AuthorisedLine[] = [
  { sku: 'NV4108E-HS', quantity: 1, serials: ['AMC9Z8Y7X6W5V4'] },
  { sku: 'PS12V2A', quantity: 2, serials: [] },
];
let n = 0;
const unit = (sku: string, serial: string | null = null): LoggedUnit => ({ unitId: `u${++n}`, sku, serial });

describe('matching logged units against the RMA', () => {
  it('matches listed serials and counts lines, case-insensitively', () => {
    const r = matchUnits(lines, [unit('nv4108e-hs', 'amc9z8y7x6w5v4'), unit('PS12V2A'), unit('PS12V2A')]);
    expect(r.units.map((u) => u.status)).toEqual(['matched', 'matched', 'matched']);
    expect(r.lines.map((l) => [l.received, l.missing])).toEqual([[1, 0], [2, 0]]);
  });

  it('flags a unit over the authorised quantity', () => {
    const r = matchUnits(lines, [unit('PS12V2A'), unit('PS12V2A'), unit('PS12V2A')]);
    expect(r.units.map((u) => u.status)).toEqual(['matched', 'matched', 'over_quantity']);
  });

  it('flags a serial the RMA does not list, and a unit with none', () => {
    expect(matchUnits(lines, [unit('NV4108E-HS', 'OTHER123')]).units[0]).toMatchObject({ status: 'serial_mismatch', line: 0 });
    expect(matchUnits(lines, [unit('NV4108E-HS')]).units[0]).toMatchObject({ status: 'serial_mismatch', line: 0 });
  });

  it('lets a listed serial claim its line even when logged after a wrong one', () => {
    const r = matchUnits(lines, [unit('NV4108E-HS', 'WRONG1'), unit('NV4108E-HS', 'AMC9Z8Y7X6W5V4')]);
    expect(r.units.map((u) => u.status)).toEqual(['over_quantity', 'matched']);
  });

  it('flags an item not on the RMA, and lines with nothing received', () => {
    const r = matchUnits(lines, [unit('ASH21-B', 'X1234')]);
    expect(r.units[0]).toMatchObject({ status: 'not_on_rma' });
    expect(r.lines.map((l) => l.missing)).toEqual([1, 2]);
  });

  it('flags the same serial logged twice', () => {
    const first = unit('NV4108E-HS', 'AMC9Z8Y7X6W5V4');
    const r = matchUnits(lines, [first, unit('NV4108E-HS', 'amc9z8y7x6w5v4')]);
    expect(r.units[1]).toEqual({ unitId: expect.any(String), status: 'duplicate_serial', sameAs: first.unitId });
    expect(r.lines[0]!.received).toBe(1);
  });

  it('never counts more received than authorised, and accounts for every unit once', () => {
    const skus = ['A1', 'B2', 'C3'];
    const arbLines = fc.array(fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 1, max: 4 }), serials: fc.subarray(['S1', 'S2', 'S3', 'S4', 'S5']) }), { maxLength: 4 });
    const arbUnits = fc.array(fc.record({ sku: fc.constantFrom(...skus, 'Z9'), serial: fc.option(fc.constantFrom('S1', 'S2', 'S3', 'S6')) }), { maxLength: 12 });
    fc.assert(
      fc.property(arbLines, arbUnits, (ls, us) => {
        const logged = us.map((u, i) => ({ unitId: `u${i}`, ...u }));
        const r = matchUnits(ls, logged);
        expect(r.units.map((u) => u.unitId)).toEqual(logged.map((u) => u.unitId));
        for (const l of r.lines) {
          expect(l.received + l.missing).toBe(l.authorised);
          expect(l.missing).toBeGreaterThanOrEqual(0);
        }
        const onLines = r.units.filter((u) => u.status === 'matched' || u.status === 'serial_mismatch').length;
        expect(onLines).toBe(r.lines.reduce((s, l) => s + l.received, 0));
        for (const u of r.units) if (u.status === 'not_on_rma') expect(ls.some((l) => l.sku === logged.find((x) => x.unitId === u.unitId)!.sku)).toBe(false);
      }),
    );
  });
});

describe('the SKU a scanned or typed code is counted under', () => {
  const catalog = [
    { sku: 'NV4108E-HS', barcodes: ['693927800459'] },
    { sku: 'HDMI-6FT', barcodes: ['0036000291452'] },
  ];
  it("keeps the RMA's SKU and spelling first, then the catalog's SKU for a barcode it lists, else the code as scanned", () => {
    expect(countedSku(' nv4108e-hs ', ['NV4108E-HS'], catalog)).toBe('NV4108E-HS');
    expect(countedSku('693927800459', ['NV4108E-HS'], catalog)).toBe('NV4108E-HS');
    expect(countedSku('00693927800459', [], catalog)).toBe('NV4108E-HS');
    expect(countedSku('036000291452', ['PS12V2A'], catalog)).toBe('HDMI-6FT');
    // An RMA that names the item by its UPC keeps its own spelling, ahead of the catalog's SKU.
    expect(countedSku('0693927800459', ['693927800459'], catalog)).toBe('693927800459');
    expect(countedSku('693927801234', ['NV4108E-HS'], catalog)).toBe('693927801234');
    expect(countedSku('cbl-2m', ['NV4108E-HS'], catalog)).toBe('CBL-2M');
  });

  it('finds a GTIN by every length it may be written at, and nothing for what is not one', () => {
    expect(gtinForms('693927800459')).toEqual(['00693927800459', '0693927800459', '693927800459']);
    expect(gtinForms('96385074')).toEqual(['00000096385074', '0000096385074', '000096385074', '00096385074', '0096385074', '096385074', '96385074']);
    expect(gtinForms('10614141000415')).toEqual(['10614141000415']);
    expect(gtinForms('NV4108E-HS')).toEqual([]);
    expect(gtinForms('1234567')).toEqual([]);
  });

  it('whatever the catalog, a code on the RMA is counted as the RMA writes it', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Z0-9-]{3,12}$/), { minLength: 1, maxLength: 5 }), fc.nat(), (skus, pick) => {
        const sku = skus[pick % skus.length]!;
        const decoys = skus.map((s) => ({ sku: `X${s}`, barcodes: /^\d{8,14}$/.test(s) ? [s] : [] }));
        expect(countedSku(sku.toLowerCase(), skus, decoys)).toBe(sku);
      }),
    );
  });
});
