import type { Browser, Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelFrame, RETURN_LABEL, STRENGTHS, type Degradation } from '../test/fixtures/labelCorpus';

const ENGINES = ['zxing-wasm', 'zxing-js'] as const;
const strip = (t: string) => t.replace(/^\][A-Za-z]\w/, '');
const percent = (n: number, of: number) => `${of ? Math.round((n / of) * 100) : 0}%`;

/**
 * Per degradation and strength: did each engine read the RMA number (Code 128 and QR) and the UPS
 * number, did it read anything else (a wrong read), and how long a 1280×720 frame took.
 */
async function corpusFigures(page: Page, browser: Browser): Promise<string[]> {
  const cases: { name: string; image: string }[] = [{ name: 'clean', image: (await labelFrame(browser, RETURN_LABEL)).toString('base64') }];
  for (const [d, strengths] of Object.entries(STRENGTHS) as [Exclude<Degradation, 'none'>, readonly number[]][]) {
    for (const s of strengths) cases.push({ name: `${d} ${s}`, image: (await labelFrame(browser, RETURN_LABEL, d, s, d === 'jpeg' ? 'jpeg' : 'png')).toString('base64') });
  }
  const expected = new Set(RETURN_LABEL.map((c) => c.text));
  const lines: string[] = [];
  const totals: Record<string, { found: number; wrong: number; ms: number[] }> = {};
  const rows: string[] = [];
  for (const engine of ENGINES) {
    // Warm the worker (module, wasm compile) before timing.
    await page.evaluate(([imgs, e]) => window.bench.decodeImages(imgs, e), [[cases[0]!.image], engine] as [string[], typeof engine]);
    const results = await page.evaluate(([imgs, e]) => window.bench.decodeImages(imgs, e), [cases.map((c) => c.image), engine] as const);
    const t: { found: number; wrong: number; ms: number[] } = (totals[engine] = { found: 0, wrong: 0, ms: [] });
    results.forEach((r, i) => {
      // A symbol counts when its own format read its own text (the RMA is both a Code 128 and a QR).
      const found = RETURN_LABEL.filter((c) => r.barcodes.some((b) => b.format === c.format && strip(b.text) === c.text)).length;
      const wrong = r.barcodes.filter((b) => !expected.has(strip(b.text))).length;
      t.found += found;
      t.wrong += wrong;
      t.ms.push(r.ms);
      rows.push(`${engine.padEnd(10)} ${cases[i]!.name.padEnd(18)} ${found}/${RETURN_LABEL.length} symbols${wrong ? `, ${wrong} WRONG` : ''}, ${r.ms.toFixed(0)} ms`);
    });
  }
  for (const engine of ENGINES) {
    const t = totals[engine]!;
    const sorted = [...t.ms].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    lines.push(
      `${engine}: generated corpus (${cases.length} frames × ${RETURN_LABEL.length} symbols, 7 degradations × 3 strengths): read ${percent(t.found, cases.length * RETURN_LABEL.length)}, wrong reads ${t.wrong}, ` +
        `${median.toFixed(1)} ms a 1280×720 frame (median) = ${(1000 / median).toFixed(0)} frames/s`,
    );
  }
  return [...lines, ...rows.map((r) => `  ${r}`)];
}

/** The real samples (../shared/barcode-samples, where it exists): read rate, wrong reads, false positives. */
async function sampleFigures(page: Page): Promise<string[]> {
  const root = join(import.meta.dirname, '..', '..', 'shared', 'barcode-samples');
  if (!existsSync(root)) return ['real samples: ../shared/barcode-samples not here — skipped'];
  const images: { folder: string; expected: string | null; image: string }[] = [];
  for (const folder of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'multi-1').map((d) => d.name)) {
    for (const file of readdirSync(join(root, folder)).filter((f) => /\.(png|jpe?g|webp|gif)$/i.test(f))) {
      const base = join(root, folder, file.replace(/\.\w+$/, ''));
      const expected = existsSync(`${base}.txt`) ? readFileSync(`${base}.txt`, 'utf8') : null;
      if (!folder.startsWith('falsepositives') && expected === null) continue;
      images.push({ folder, expected, image: readFileSync(join(root, folder, file)).toString('base64') });
    }
  }
  const lines: string[] = [];
  for (const engine of ['zxing-wasm', 'zxing-js'] as const) {
    const results = await page.evaluate(([imgs, e]) => window.bench.decodeImages(imgs, e), [images.map((i) => i.image), engine] as const);
    let right = 0;
    let wrong = 0;
    let falsePositives = 0;
    let withText = 0;
    results.forEach((r, i) => {
      const { expected, folder } = images[i]!;
      const texts = r.barcodes.map((b) => strip(b.text));
      if (folder.startsWith('falsepositives')) return void (falsePositives += texts.length);
      withText++;
      if (texts.includes(expected!)) right++;
      else if (texts.length) wrong++;
    });
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    lines.push(
      `${engine}: real samples (${withText} images with expected text, ${images.length - withText} with none): read ${percent(right, withText)}, wrong ${wrong}, decoded from the no-barcode images ${falsePositives}, median ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms an image`,
    );
  }
  return lines;
}

export async function scanFigures(page: Page, browser: Browser): Promise<string[]> {
  return [...(await corpusFigures(page, browser)), ...(await sampleFigures(page))];
}
