import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogToCsv, parseCatalogFile } from '../../shared/entities';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe("the manufacturer's product list (catalog file)", () => {
  it('reads the CSV: SKUs upper-cased, a blank warranty term absent, barcodes split', () => {
    const { entries, problems } = parseCatalogFile(fixture('catalog.csv'));
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.sku)).toEqual(['IP8M-2496EB', 'NV4108E-HS', 'PS12V2A', 'ASH21-B', 'AD410', 'MB-WALL-2']);
    expect(entries[0]).toEqual({ sku: 'IP8M-2496EB', description: '4K PoE bullet camera, 2.8 mm', kind: 'product', warrantyMonths: 24, barcodes: ['693927800121'] });
    expect(entries[1]!.barcodes).toEqual(['693927800459', '693927800787']);
    expect(entries[2]).toEqual({ sku: 'PS12V2A', description: '12 V 2 A power supply', kind: 'accessory', warrantyMonths: undefined, barcodes: [] });
  });

  it('names the line and column of each problem, keeps the first of a SKU met twice, and takes the rest', () => {
    const { entries, problems } = parseCatalogFile(fixture('catalog-with-problems.csv'));
    expect(entries.map((e) => e.sku)).toEqual(['IP8M-2496EB']);
    expect(problems).toEqual([
      { row: 3, where: 'line 3', reason: 'NV4108E-HS kind: must be one of "product", "accessory"' },
      { row: 4, where: 'line 4', reason: 'PS12V2A warranty_months: must be a number' },
      { row: 5, where: 'line 5', reason: 'sku: must not be blank' },
      { row: 7, where: 'line 7', reason: 'ASH21-B barcodes: must be 8–14 digits' },
      { row: 8, where: 'line 8', reason: 'IP8M-2496EB appears again (first at line 2); the first is kept' },
      { row: 9, where: 'line 9', reason: 'AD410 description: must not be blank' },
    ]);
  });

  it('says which columns a CSV lacks, and takes nothing from it', () => {
    expect(parseCatalogFile('sku,name\nPS12V2A,Power supply\n')).toEqual({ entries: [], problems: [{ row: 1, where: 'line 1', reason: 'missing column(s): description, kind' }] });
  });

  it('says what it does not read: a column of its own, and cells past the header (a row run into the one before)', () => {
    const lines = fixture('catalog.csv').trim().split('\n');
    const withNotes = `${lines[0]},notes\n${lines[1]},keep dry\n`;
    expect(parseCatalogFile(withNotes).problems).toEqual([{ row: 1, where: 'line 1', reason: 'column(s) not read, left out: notes' }]);
    const twice = parseCatalogFile(`${lines[0]},SKU\n${lines[1]},OTHER-SKU\n`);
    expect(twice.entries.map((e) => e.sku)).toEqual(['IP8M-2496EB']);
    expect(twice.problems).toEqual([{ row: 1, where: 'line 1', reason: 'column(s) not read, left out: sku (again, column 6)' }]);
    const runIn = parseCatalogFile(`${lines[0]}\n${lines[1]},${lines[2]}\n`);
    expect(runIn.entries.map((e) => e.sku)).toEqual(['IP8M-2496EB']);
    expect(runIn.problems).toEqual([
      { row: 2, where: 'line 2', reason: '5 cell(s) more than the header has, not read (NV4108E-HS, 8-channel network video recorder, product, …): a line break missing, or a comma in a cell without quotes?' },
    ]);
  });

  it('reads JSON: an array, { "catalog": [...] }, or the admin listing with versions; problems by entry', () => {
    const entry = { sku: 'ps12v2a', description: 'Power supply', kind: 'accessory' };
    expect(parseCatalogFile(JSON.stringify([entry])).entries).toEqual([{ ...entry, sku: 'PS12V2A', warrantyMonths: undefined, barcodes: [] }]);
    expect(parseCatalogFile(`\uFEFF${JSON.stringify({ catalog: [entry] })}`).entries).toHaveLength(1);
    expect(parseCatalogFile(JSON.stringify([{ value: entry, version: 7 }])).entries).toHaveLength(1);
    expect(parseCatalogFile(JSON.stringify([entry, { ...entry, kind: 'cable' }, entry])).problems).toEqual([
      { row: 2, where: 'entry 2', reason: 'kind: must be one of "product", "accessory"' },
      { row: 3, where: 'entry 3', reason: 'PS12V2A appears again (first at entry 1); the first is kept' },
    ]);
    expect(parseCatalogFile('[{"sku": "PS12V2A",').problems[0]).toMatchObject({ where: 'file', reason: expect.stringMatching(/^not valid JSON/) });
    expect(parseCatalogFile('{"rmas": []}').problems).toEqual([{ row: 0, where: 'file', reason: 'expected an array of catalog entries or { "catalog": [...] }' }]);
  });

  it('writes CSV that reads back as the same entries', () => {
    const { entries } = parseCatalogFile(fixture('catalog.csv'));
    expect(parseCatalogFile(catalogToCsv(entries))).toEqual({ entries, problems: [] });
    // Commas, quotes and line breaks in a description survive the trip.
    const odd = [{ sku: 'X1', description: 'Cable, 2 m, "braided"\nblack', kind: 'accessory' as const, warrantyMonths: undefined, barcodes: [] }];
    expect(parseCatalogFile(catalogToCsv(odd)).entries).toEqual(odd);
  });
});
