import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jsPDF } from 'jspdf';
import { demoRmas } from '../cli/demoData';
import { slipFor, type Slip, type SlipUnitInput } from '../shared/slips';
import { slipPdf } from '../renderer/print/slipPdf';

const root = join(import.meta.dirname, '..');
const font = (name: string) => readFileSync(join(root, 'assets', 'fonts', name)).toString('base64');

/** The raw baseline: the same words on the same number of pages in jsPDF's built-in font — no embedded font, no barcode, no layout. */
function plainPdf(slip: Slip, pages: number): ArrayBuffer {
  const doc = new jsPDF({ unit: 'pt', format: 'letter', compress: true });
  const perPage = Math.ceil(slip.lines.length / pages);
  for (let p = 0; p < pages; p++) {
    if (p > 0) doc.addPage();
    let y = 40;
    doc.text([slip.site.name, slip.title, slip.rmaNumber, ...slip.shipTo, slip.shippingMethod], 40, y);
    y += 120;
    for (const l of slip.lines.slice(p * perPage, (p + 1) * perPage)) doc.text(`${l.sku}  ${l.description}  ${l.serialReturned}  ${l.serialShipped}  ${l.condition}`, 40, (y += 14));
    doc.text(slip.notes, 40, y + 20);
  }
  return doc.output('arraybuffer');
}

/** 200 slips of one, and of three, Letter pages: slips per second, and the PDF's size per slip. */
export function runSlipBench(): string[] {
  const fonts = { regular: font('DejaVuSans.ttf'), bold: font('DejaVuSans-Bold.ttf') };
  const rmas = demoRmas({ count: 200, seed: 5, issuedUpTo: '2026-11-28' });
  const site = { name: 'Returns Center West', address: ['1200 Industrial Pkwy, Dock 4', 'Reno NV 89502'] };
  const slipsOf = (unitsPerSlip: number) =>
    rmas.map((rma, i) =>
      slipFor({
        slipId: `0192f3a4-0000-7000-8000-${String(i).padStart(12, '0')}`,
        kind: 'replacement',
        reprint: false,
        site,
        rma,
        units: Array.from({ length: unitsPerSlip }, (_, k): SlipUnitInput => ({
          sku: rma.lines[k % rma.lines.length]!.sku,
          serialReturned: `AMC${String(i * 1000 + k).padStart(9, '0')}`,
          serialShipped: `RPL${String(i * 1000 + k).padStart(9, '0')}`,
          outcome: 'replace',
          replacementCondition: 'refurbished',
          reason: 'defective',
          warrantyEndsOn: '2027-11-01',
          purchasedOn: rma.purchasedOn,
        })),
        date: '2026-11-28',
        inspector: 'Bench',
        station: 'Bench 1',
      }),
    );
  const lines: string[] = [];
  // Warm both paths (font parsing and the JIT) before the clock starts.
  slipPdf(slipsOf(1)[0]!, 'letter', fonts).output('arraybuffer');
  plainPdf(slipsOf(1)[0]!, 1);
  for (const [unitsPerSlip, pages] of [
    [1, 1],
    [75, 3],
  ] as const) {
    const slips = slipsOf(unitsPerSlip);
    const t0 = performance.now();
    let bytes = 0;
    let pageCount = 0;
    for (const s of slips) {
      const doc = slipPdf(s, 'letter', fonts);
      pageCount += doc.getNumberOfPages();
      bytes += doc.output('arraybuffer').byteLength;
    }
    const ms = performance.now() - t0;
    const t1 = performance.now();
    let rawBytes = 0;
    for (const s of slips) rawBytes += plainPdf(s, pages).byteLength;
    const rawMs = performance.now() - t1;
    lines.push(
      `${slips.length} slips of ${pageCount / slips.length} Letter page${pages > 1 ? 's' : ''} (${unitsPerSlip} unit${unitsPerSlip > 1 ? 's' : ''}): ${((slips.length / ms) * 1000).toFixed(1)} slips/s, ` +
        `${Math.round(bytes / slips.length / 1024)} KB a slip (fonts embedded); plain jsPDF of the same words: ${((slips.length / rawMs) * 1000).toFixed(1)} slips/s, ` +
        `${Math.round(rawBytes / slips.length / 1024)} KB — ${(ms / rawMs).toFixed(2)}× its time`,
    );
  }
  return lines;
}
