import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { parseRmaExport } from '../../shared/rma';
import { printPlanFor, slipFor, slipKindFor, type PageSize, type SlipUnitInput } from '../../shared/slips';
import { code128Modules, slipPdf } from '../../renderer/print/slipPdf';

const { rmas } = parseRmaExport(readFileSync(new URL('../fixtures/rmas.csv', import.meta.url), 'utf8'));
const rma = rmas.find((r) => r.number === 'RMA10000024')!;
const asset = (name: string) => readFileSync(new URL(`../../assets/fonts/${name}`, import.meta.url)).toString('base64');
const fonts = { regular: asset('DejaVuSans.ttf'), bold: asset('DejaVuSans-Bold.ttf') };
const site = { name: 'Returns Center West', address: ['1200 Industrial Pkwy, Dock 4', 'Reno NV 89502'] };
const dir = mkdtempSync(join(tmpdir(), 'slips-'));
try {
  execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
} catch {
  throw new Error('These tests read the slips back with poppler-utils (pdftotext, pdftoppm, pdfinfo): apt-get install poppler-utils');
}
prepareZXingModule({ overrides: { wasmBinary: readFileSync(new URL('../../node_modules/zxing-wasm/dist/reader/zxing_reader.wasm', import.meta.url)).buffer } });

const unit = (over: Partial<SlipUnitInput> = {}): SlipUnitInput => ({
  sku: 'NV4108E-HS',
  serialReturned: 'AMC9Z8Y7X6W5V4',
  serialShipped: 'AMCR3PLACE001',
  outcome: 'replace',
  replacementCondition: 'refurbished',
  reason: 'defective',
  warrantyEndsOn: '2028-06-10',
  purchasedOn: '2026-06-10',
  ...over,
});

/** The PDF written out, and its text as poppler reads it (CI installs poppler-utils). */
function pdfOf(units: SlipUnitInput[], kind: 'replacement' | 'return_to_customer' | 'repair' = 'replacement', size: PageSize = 'letter', over = {}) {
  const slip = slipFor({ slipId: 'SLIP-0192F3A4', kind, reprint: false, site, rma: { ...rma, ...over }, units, date: '2026-11-28', inspector: 'Ines Park', station: 'Bench 1', ...over });
  const file = join(dir, `${slip.kind}-${size}-${units.length}.pdf`);
  writeFileSync(file, Buffer.from(slipPdf(slip, size, fonts).output('arraybuffer')));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  return { file, text, pages };
}

describe('packing slips', () => {
  it('a replacement slip says what goes where, and that the warranty is not restarted', () => {
    const { text, pages } = pdfOf([unit()]);
    expect(pages).toBe(1);
    for (const words of [
      'Returns Center West',
      'REPLACEMENT',
      'RMA10000024',
      'Date 2026-11-28',
      'James Okafor',
      '44 Cedar Ln',
      'Columbus OH 43215',
      'USPS Priority Mail, FedEx Ground or UPS Ground',
      'AMC9Z8Y7X6W5V4',
      'AMCR3PLACE001',
      'refurbished',
      '8-channel network video recorder',
      'Warranty ends 2028-06-10, counted from the original purchase on 2026-06-10 — not restarted by this replacement (clause 3).',
      'Inspector Ines Park · station Bench 1 · slip SLIP-0192F3A4',
      'Page 1 of 1',
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(words);
    }
    expect(text).not.toContain('REPRINT');
  });

  it('a return slip says why and that the customer pays; an international one says customs', () => {
    const back = pdfOf([unit({ outcome: 'return_to_customer', reason: 'no_fault_found', serialShipped: null })], 'return_to_customer').text.replace(/\s+/g, ' ');
    expect(back).toContain('RETURN TO CUSTOMER');
    expect(back).toContain('Returned because: no fault found.');
    expect(back).toContain('Return shipping is at the customer’s expense');
    const abroad = slipFor({
      slipId: 'S1',
      kind: 'replacement',
      reprint: true,
      site,
      rma: { ...rma, customer: { ...rma.customer, address: { ...rma.customer.address, country: 'DE' } } },
      units: [unit()],
      date: '2026-11-28',
      inspector: 'I',
      station: 'S',
    });
    expect(abroad.shippingMethod).toBe('International — regional carrier, shipping billed to customer, customs by customer');
    expect(abroad.notes.at(-1)).toContain('customs, brokerage, taxes and duties');
    expect(slipKindFor('refund')).toBeNull();
    expect(slipKindFor('refer_to_seller')).toBe('return_to_customer');
  });

  it('a repair slip, and a return slip for a unit not on the RMA and one referred to its seller', () => {
    const repair = pdfOf([unit({ outcome: 'paid_repair_offer', reason: 'misuse', serialShipped: null, replacementCondition: null })], 'repair').text.replace(/\s+/g, ' ');
    expect(repair).toContain('REPAIR');
    expect(repair).toContain('Misuse repair at $45.00 a unit, accepted by the customer (clause 12).');
    expect(repair).not.toContain('Warranty ends');
    const back = pdfOf(
      [
        unit({ sku: 'HDMI-6FT', serialReturned: 'CBL12345', outcome: 'return_to_customer', reason: 'not_on_rma', serialShipped: null }),
        unit({ outcome: 'refer_to_seller', reason: 'unauthorized_seller', serialShipped: null }),
      ],
      'return_to_customer',
    ).text.replace(/\s+/g, ' ');
    expect(back).toContain('HDMI-6FT not on the RMA CBL12345 CBL12345 as received');
    expect(back).toContain('Returned because: not listed on the RMA; bought from a seller that is not authorised.');
  });

  it('a 60-unit RMA flows onto more pages, each with the header and the RMA number', () => {
    const units = Array.from({ length: 60 }, (_, i) => unit({ serialReturned: `AMC${String(i).padStart(8, '0')}`, serialShipped: `RPL${String(i).padStart(8, '0')}` }));
    const { text, pages } = pdfOf(units);
    expect(pages).toBeGreaterThan(1);
    const pageTexts = text.split('\f').filter((p) => p.trim());
    expect(pageTexts).toHaveLength(pages);
    for (const [i, page] of pageTexts.entries()) {
      expect(page).toContain('REPLACEMENT');
      expect(page).toContain('RMA10000024');
      expect(page).toContain(`Page ${i + 1} of ${pages}`);
    }
    for (const u of units) expect(text).toContain(u.serialReturned!);
    const label = pdfOf(units, 'replacement', 'label4x6');
    expect(label.pages).toBeGreaterThan(pages);
  });

  it('the barcode on the page reads back as the RMA number', async () => {
    expect(code128Modules('RMA10000024')).toMatch(/^11010010000[01]+1100011101011$/);
    for (const size of ['letter', 'label4x6'] as const) {
      const { file } = pdfOf([unit()], 'replacement', size);
      execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', file, file]);
      const results = await readBarcodes(new Uint8Array(readFileSync(`${file}.png`)), { formats: ['Code128'] });
      expect(results.map((r) => r.text)).toEqual(['RMA10000024']);
    }
  });
});

describe('the print plan', () => {
  const settings = { printerName: 'Zebra_ZD421', pageSize: 'label4x6' as const, copies: 2, strategy: 'system' as const };
  it('prints silently to the printer chosen by its exact name, in microns', () => {
    expect(printPlanFor(settings, ['Office_Laser', 'Zebra_ZD421'])).toEqual({
      kind: 'silent',
      strategy: 'system',
      printer: 'Zebra_ZD421',
      pageSize: 'label4x6',
      microns: { width: 101_600, height: 152_400 },
      copies: 2,
      lpArgs: ['-d', 'Zebra_ZD421', '-n', '2', '-o', 'media=Custom.4x6in', '-o', 'fit-to-page'],
    });
  });
  it('asks with the dialog when none is chosen, and refuses a printer that is gone', () => {
    expect(printPlanFor({ ...settings, printerName: null, pageSize: 'a4' }, [])).toEqual({ kind: 'dialog', pageSize: 'a4', microns: { width: 210_000, height: 297_000 } });
    const gone = printPlanFor(settings, ['zebra_zd421']);
    expect(gone).toMatchObject({ kind: 'refused' });
    expect((gone as { message: string }).message).toContain('“Zebra_ZD421” is not connected to this station (it has: zebra_zd421)');
  });
});
