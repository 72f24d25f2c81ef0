import type { Browser, Page } from '@playwright/test';
import { asGtin14 } from '../shared/labels';
import { isRetail } from '../renderer/scan/decoder/trust';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './stats';
import { ITEM_HEADING, ITEM_LABEL, labelFrame, readBack, RETURN_HEADING, RETURN_LABEL, STRENGTHS, type Code, type Degradation } from '../test/fixtures/labelCorpus';

const ENGINES = ['zxing-wasm', 'zxing-js'] as const;
type Engine = (typeof ENGINES)[number];
interface Read {
  barcodes: { text: string; format: string }[];
  ms: number;
}

const strip = (t: string) => t.replace(/^\][A-Za-z]\w/, '');
const percent = (n: number, of: number) => `${of ? Math.round((n / of) * 100) : 0}%`;
// A UPC-A's text is 12 digits from zxing-js and its 13-digit GTIN from zxing-cpp (the samples' form): one product.
const sameText = (read: string, expected: string) => read === expected || (asGtin14(read) !== null && asGtin14(read) === asGtin14(expected));
// zxing-cpp names a UPC-A an EAN-13 when both are asked for, and gives its 13-digit GTIN.
const sameFormat = (code: Code, format: string) => code.format === format || (code.format === 'UPCA' && format === 'EAN13');
const sameSymbol = (code: Code, b: Read['barcodes'][number]) => sameFormat(code, b.format) && (strip(b.text) === code.text || strip(b.text) === readBack(code));

async function decodeAll(page: Page, images: string[], engine: Engine, still: boolean): Promise<Read[]> {
  // Warm the worker (module, wasm compile) before timing.
  await page.evaluate(([imgs, e, s]) => window.bench.decodeImages(imgs, e, s), [images.slice(0, 1), engine, still] as const);
  return page.evaluate(([imgs, e, s]) => window.bench.decodeImages(imgs, e, s), [images, engine, still] as const);
}

interface Tally {
  found: number;
  of: number;
  wrong: number;
}
const tally = (): Tally => ({ found: 0, of: 0, wrong: 0 });

/**
 * The generated corpus, read as camera frames (one look each, the way the live camera reads):
 * a return label and an item label, clean and under seven degradations at three strengths.
 * Per symbology and per degradation: symbols read, wrong reads, time per 1280×720 frame.
 */
async function corpusFigures(page: Page, browser: Browser): Promise<string[]> {
  const labels = [
    { name: 'return label', codes: RETURN_LABEL, heading: RETURN_HEADING },
    { name: 'item label', codes: ITEM_LABEL, heading: ITEM_HEADING },
  ];
  const cases: { codes: Code[]; degradation: string; image: string }[] = [];
  for (const l of labels) {
    cases.push({ codes: l.codes, degradation: 'clean', image: (await labelFrame(browser, l.codes, 'none', 0, 'png', l.heading)).toString('base64') });
    for (const [d, strengths] of Object.entries(STRENGTHS) as [Exclude<Degradation, 'none'>, readonly number[]][]) {
      for (const s of strengths) {
        cases.push({ codes: l.codes, degradation: `${d} ${s}`, image: (await labelFrame(browser, l.codes, d, s, d === 'jpeg' ? 'jpeg' : 'png', l.heading)).toString('base64') });
      }
    }
  }
  const bySymbology = new Map<string, Record<Engine, Tally>>();
  const byDegradation = new Map<string, Record<Engine, Tally & { ms: number[] }>>();
  const totals = {} as Record<Engine, Tally & { ms: number[] }>;
  for (const engine of ENGINES) {
    const results = await decodeAll(
      page,
      cases.map((c) => c.image),
      engine,
      false,
    );
    const total = (totals[engine] = { ...tally(), ms: [] as number[] });
    results.forEach((r, i) => {
      const { codes, degradation } = cases[i]!;
      const d = byDegradation.get(degradation) ?? ({} as Record<Engine, Tally & { ms: number[] }>);
      byDegradation.set(degradation, d);
      const row = (d[engine] ??= { ...tally(), ms: [] as number[] });
      for (const code of codes) {
        const s = bySymbology.get(code.format) ?? ({} as Record<Engine, Tally>);
        bySymbology.set(code.format, s);
        const sym = (s[engine] ??= tally());
        const read = r.barcodes.some((b) => sameSymbol(code, b)) ? 1 : 0;
        for (const t of [sym, row, total]) {
          t.found += read;
          t.of++;
        }
      }
      const wrong = r.barcodes.filter((b) => !codes.some((c) => strip(b.text) === c.text || strip(b.text) === readBack(c))).length;
      row.wrong += wrong;
      total.wrong += wrong;
      row.ms.push(r.ms);
      total.ms.push(r.ms);
    });
  }
  const lines = ENGINES.map((e) => {
    const t = totals[e];
    const ms = median(t.ms);
    return `${e}: generated corpus (${cases.length} frames, 2 labels × (clean + 7 degradations × 3 strengths), ${t.of} symbols): read ${percent(t.found, t.of)}, wrong reads ${t.wrong}, ${ms.toFixed(1)} ms a 1280×720 frame (median) = ${(1000 / ms).toFixed(0)} frames/s`;
  });
  lines.push('  per symbology (zxing-wasm | zxing-js):');
  for (const [format, s] of bySymbology) lines.push(`    ${format.padEnd(11)} ${ENGINES.map((e) => `${s[e].found}/${s[e].of} ${percent(s[e].found, s[e].of)}`).join(' | ')}`);
  lines.push('  per degradation (symbols read, wrong, median ms a frame; zxing-wasm | zxing-js; "!" where zxing-wasm read fewer):');
  for (const [degradation, d] of byDegradation) {
    const [w, j] = [d['zxing-wasm'], d['zxing-js']];
    const cell = (t: Tally & { ms: number[] }) => `${t.found}/${t.of}${t.wrong ? ` ${t.wrong} WRONG` : ''} ${median(t.ms).toFixed(0)} ms`;
    lines.push(`    ${degradation.padEnd(16)} ${cell(w)} | ${cell(j)}${w.found < j.found ? '  !' : ''}`);
  }
  return lines;
}

/**
 * The real samples (../shared/barcode-samples, where it exists), per symbology: each image read
 * once (as a camera frame is) and as a still image (the passes a dropped photo gets), both engines.
 * A read is right when one barcode's text is the expected text; wrong when barcodes were read and
 * none was, or a retail number other than the expected was read beside it; the no-barcode folders
 * must give nothing.
 */
async function sampleFigures(page: Page): Promise<string[]> {
  const root = join(import.meta.dirname, '..', '..', 'shared', 'barcode-samples');
  if (!existsSync(root)) return ['real samples: ../shared/barcode-samples not here — skipped'];
  const images: { symbology: string; name: string; expected: string | null; image: string }[] = [];
  for (const folder of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'multi-1').map((d) => d.name)) {
    for (const file of readdirSync(join(root, folder)).filter((f) => /\.(png|jpe?g|webp|gif)$/i.test(f))) {
      const base = join(root, folder, file.replace(/\.\w+$/, ''));
      const expected = existsSync(`${base}.txt`) ? readFileSync(`${base}.txt`, 'utf8') : null;
      if (!folder.startsWith('falsepositives') && expected === null) continue; // binary content (.bin): not a label's text
      images.push({ symbology: folder.replace(/-\d+$/, ''), name: `${folder}/${file}`, expected, image: readFileSync(join(root, folder, file)).toString('base64') });
    }
  }
  const lines: string[] = [];
  for (const still of [false, true]) {
    for (const engine of ENGINES) {
      const results = await decodeAll(
        page,
        images.map((i) => i.image),
        engine,
        still,
      );
      const per = new Map<string, Tally & { ms: number[] }>();
      const misreads: string[] = [];
      results.forEach((r, i) => {
        const { expected, symbology, name } = images[i]!;
        const t = per.get(symbology) ?? { ...tally(), ms: [] };
        per.set(symbology, t);
        const texts = r.barcodes.map((b) => strip(b.text));
        t.ms.push(r.ms);
        if (expected === null) {
          if (texts.length) misreads.push(`${name}: ${texts.join(' + ')}`);
          return void (t.wrong += texts.length);
        }
        t.of++;
        const found = texts.some((text) => sameText(text, expected));
        // Each sample holds one product code: another retail number beside the right one is a misread too.
        const misread = r.barcodes.some((b) => isRetail(b) && !sameText(strip(b.text), expected));
        if (found) t.found++;
        if ((!found && texts.length) || misread) {
          t.wrong++;
          misreads.push(`${name}: ${texts.join(' + ')} (expected ${expected})`);
        }
      });
      const all = [...per.entries()].filter(([s]) => s !== 'falsepositives').map(([, t]) => t);
      const found = all.reduce((n, t) => n + t.found, 0);
      const of = all.reduce((n, t) => n + t.of, 0);
      const wrong = all.reduce((n, t) => n + t.wrong, 0);
      lines.push(
        `${engine}, ${still ? 'as a still image (passes until trusted)' : 'one look (a camera frame)'}: real samples ${percent(found, of)} (${found}/${of}), wrong ${wrong}, ` +
          `decoded from the ${per.get('falsepositives')?.ms.length ?? 0} no-barcode images ${per.get('falsepositives')?.wrong ?? 0}, median ${median(results.map((r) => r.ms)).toFixed(1)} ms an image`,
      );
      for (const [symbology, t] of per) {
        if (symbology !== 'falsepositives') lines.push(`    ${symbology.padEnd(11)} ${t.found}/${t.of} ${percent(t.found, t.of)}${t.wrong ? `, ${t.wrong} wrong` : ''}, median ${median(t.ms).toFixed(1)} ms`);
      }
      if (misreads.length) lines.push(`    misread: ${misreads.map((m) => m.slice(0, 120)).join('; ')}`);
    }
  }
  return lines;
}

export async function scanFigures(page: Page, browser: Browser): Promise<string[]> {
  return [...(await corpusFigures(page, browser)), ...(await sampleFigures(page))];
}
