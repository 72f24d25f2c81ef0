/// <reference lib="webworker" />
// zxing-cpp compiled to WebAssembly, off the main thread. Its .wasm is bundled with the app:
// by default it would be fetched from a CDN, which an offline dock cannot reach.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { LABEL_FORMATS, type DecodeAnswer, type DecodeRequest } from './engine';

prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) } });

self.onmessage = async ({ data }: MessageEvent<DecodeRequest>) => {
  let answer: DecodeAnswer;
  try {
    const results = await readBarcodes(data.image, { formats: [...LABEL_FORMATS], tryHarder: true, tryRotate: true, tryInvert: true, maxNumberOfSymbols: 8, textMode: 'Plain' });
    answer = { id: data.id, ok: true, barcodes: results.filter((r) => r.isValid).map((r) => ({ text: `${r.symbologyIdentifier}${r.text}`, format: r.format })) };
  } catch (e) {
    answer = { id: data.id, ok: false, error: (e as Error).message };
  }
  self.postMessage(answer);
};
