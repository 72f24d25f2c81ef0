import type { Browser } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';

prepareZXingModule({ overrides: { wasmBinary: readFileSync(new URL('../../node_modules/zxing-wasm/dist/writer/zxing_writer.wasm', import.meta.url)).buffer } });

/**
 * A shipping label made by code: each barcode written by zxing-cpp as SVG, laid out on a 4×6 in
 * page with its text, and photographed by Chromium (a screenshot) into a PNG.
 */
export async function labelPng(browser: Browser, codes: { text: string; format: 'Code128' | 'QRCode' }[], as: 'png' | 'jpeg' = 'png', size = { width: 600, height: 900 }): Promise<Buffer> {
  const svgs = await Promise.all(codes.map(async (c) => ({ ...c, svg: (await writeBarcode(c.text, { format: c.format, scale: c.format === 'QRCode' ? 5 : 2 })).svg })));
  const page = await browser.newPage({ viewport: size });
  try {
    await page.setContent(
      `<body style="margin:0;background:#fff;font:16px sans-serif">${svgs
        .map((s) => `<div style="margin:32px">${s.svg}<div>${s.text}</div></div>`)
        .join('')}</body>`,
    );
    return await page.screenshot({ fullPage: as === 'png', type: as, ...(as === 'jpeg' ? { quality: 90 } : {}) });
  } finally {
    await page.close();
  }
}
