import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRmaExport, toCsv } from '../../shared/rma';
import { demoRmas } from '../../cli/demoData';
import { propertyRuns, timeFor } from './properties';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('the customer-service export', () => {
  it('reads the CSV fixture: one RMA from its rows, lines grouped', () => {
    const { format, rmas, problems } = parseRmaExport(fixture('rmas.csv'));
    expect(format).toBe('csv');
    expect(problems).toEqual([]);
    expect(rmas.map((r) => r.number)).toEqual(['RMA10000016', 'RMA10000024', 'RMA10000032', 'RMA10000040', 'RMA10000057', 'RMA10000065']);
    const two = rmas[1]!;
    expect(two.lines.map((l) => [l.sku, l.quantity, l.serials])).toEqual([
      ['NV4108E-HS', 1, ['AMC9Z8Y7X6W5V4']],
      ['PS12V2A', 2, []],
    ]);
    expect(two.customer.address).toEqual({ line1: '44 Cedar Ln', line2: 'Apt 3', city: 'Columbus', region: 'OH', postalCode: '43215', country: 'US' });
    expect(rmas[4]).toMatchObject({ status: 'expired', deliveredOn: undefined, proofOfPurchase: false, customer: { address: { country: 'GB', region: undefined } } });
    expect(rmas[0]!.lines[0]!.description).toBe('4K PoE bullet camera, 2.8 mm');
  });

  it('lists bad rows with their line and reason, and imports the good ones', () => {
    const { rmas, problems } = parseRmaExport(fixture('rmas-with-problems.csv'));
    expect(rmas.map((r) => r.number)).toEqual(['RMA10000016', 'RMA10000057']);
    expect(problems.map((p) => `${p.where}: ${p.reason}`)).toEqual([
      'line 3: RMA10000017 rma_number: has a wrong check digit',
      'line 4: RMA10000024 issued_on: must be a real date as YYYY-MM-DD',
      'line 5: RMA10000032 seller: must be one of "direct", "authorized", "unauthorized"',
      "line 7: RMA10000040 quantity: must be a number (the RMA's 2 lines were not imported)",
    ]);
  });

  it('refuses a file without the required columns, naming them', () => {
    const { rmas, problems } = parseRmaExport('rma_number,status\nRMA10000016,open\n');
    expect(rmas).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.where).toBe('line 1');
    expect(problems[0]!.reason).toMatch(/^missing column\(s\): issued_on, remedy, /);
  });

  it('names the line where an RMA’s own fields disagree', () => {
    const lines = fixture('rmas.csv').trim().split('\n');
    const changed = lines[3]!.replace('Columbus', 'Dayton');
    const { rmas, problems } = parseRmaExport([...lines.slice(0, 3), changed, ...lines.slice(4)].join('\n'));
    expect(rmas.map((r) => r.number)).not.toContain('RMA10000024');
    expect(problems).toEqual([{ row: 4, where: 'line 4', reason: 'city: differs from line 3 for the same RMA; the RMA was not imported' }]);
  });

  it('says in plain words where a stray quote mark broke the file', () => {
    const lines = fixture('rmas.csv').trim().split('\n');
    const stray = lines[3]!.replace(',Columbus,', ',"Columbus,');
    const { rmas, problems } = parseRmaExport([...lines.slice(0, 3), stray, ...lines.slice(4)].join('\n'));
    expect(rmas.map((r) => r.number)).toEqual(['RMA10000016', 'RMA10000040', 'RMA10000057', 'RMA10000065']);
    expect(problems).toContainEqual({ row: 5, where: 'line 5', reason: expect.stringMatching(/^a stray " here or on the line before: a quoted cell must close with " before its comma/) as string });
    const unclosed = parseRmaExport(`${lines.slice(0, 3).join('\n')}\n${lines[3]!.replace(',Columbus,', ',"Columbus')}`);
    expect(unclosed.problems.map((p) => p.reason)).toContain('a " opens a cell here and nothing closes it, so the rest of the file was read as that one cell; fix it and import again');
  });

  it('an RMA whose row ran into the line before is named, not lost without a word', () => {
    const lines = fixture('rmas.csv').trim().split('\n');
    const header = parseRmaExport([`${lines[0]}${lines[1]}`, ...lines.slice(2)].join('\n'));
    expect(header.rmas.map((r) => r.number)).not.toContain('RMA10000016');
    expect(header.problems[0]).toEqual({
      row: 1,
      where: 'line 1',
      reason: 'the header line runs into a row of RMA10000016 (a line break is missing?): that row was read as column names; fix the file and import again',
    });
    const row = parseRmaExport([...lines.slice(0, 4), `${lines[4]},${lines[5]}`, ...lines.slice(6)].join('\n'));
    expect(row.rmas.map((r) => r.number)).not.toContain('RMA10000040');
    expect(row.problems).toContainEqual({ row: 5, where: 'line 5', reason: 'this line runs into a row of RMA10000040 (a line break is missing?): that row was not read; fix the file and import again' });
  });

  it('a file damaged anywhere: nothing throws, the RMAs before the damage import unchanged, and an RMA left out is never left out silently', timeFor(propertyRuns(3000)), () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.nat(), fc.constantFrom('"', ',', '\n', '', '\u0000', 'x', '""'), fc.integer({ min: 0, max: 3 }), (seed, at, put, cut) => {
        const rmas = demoRmas({ count: 8, seed, issuedUpTo: '2026-11-28' });
        const csv = toCsv(rmas);
        const pos = at % csv.length;
        const damaged = csv.slice(0, pos) + put + csv.slice(pos + cut);
        const result = parseRmaExport(damaged);
        // Each RMA's last line in the file as it was; the damage is on line `hit` (1-based).
        const lastLine = new Map<string, number>();
        csv.split('\n').forEach((row, i) => i > 0 && row && lastLine.set(row.slice(0, row.indexOf(',')), i + 1));
        const hit = csv.slice(0, pos).split('\n').length;
        for (const rma of rmas) if (lastLine.get(rma.number)! < hit) expect(result.rmas).toContainEqual(rma);
        const kept = new Set(result.rmas.map((r) => r.number));
        if (rmas.some((r) => !kept.has(r.number))) expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: propertyRuns(3000) },
    );
  });

  it('reads the JSON form, numbers normalised, bad entries listed', () => {
    const { format, rmas, problems } = parseRmaExport(fixture('rmas.json'));
    expect(format).toBe('json');
    expect(rmas.map((r) => r.number)).toEqual(['RMA10000016', 'RMA10000024', 'RMA10000032']);
    expect(problems).toEqual([{ row: 4, where: 'entry 4', reason: 'number: has a wrong check digit' }]);
  });

  it('says what is wrong with a file that is not an export at all', () => {
    expect(parseRmaExport('{"rmas": 3}').problems[0]!.reason).toMatch(/expected an array/);
    expect(parseRmaExport('[1, 2').problems[0]!.reason).toMatch(/not valid JSON/);
    expect(parseRmaExport('').problems[0]!.reason).toMatch(/missing column/);
    expect(parseRmaExport('\u0000\u0001garbage').rmas).toEqual([]);
  });

  it('round-trips generated RMAs through CSV and JSON', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 30 }), (seed, count) => {
        const rmas = demoRmas({ count, seed, issuedUpTo: '2026-11-28' });
        expect(parseRmaExport(toCsv(rmas))).toEqual({ format: 'csv', rmas, problems: [] });
        expect(parseRmaExport(JSON.stringify(rmas))).toEqual({ format: 'json', rmas, problems: [] });
      }),
      { numRuns: 25 },
    );
  });
});
