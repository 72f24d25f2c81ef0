/// <reference lib="webworker" />
// zxing-cpp compiled to WebAssembly, off the main thread. Its .wasm is bundled with the app:
// by default it would be fetched from a CDN, which an offline dock cannot reach.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { answerDecodeRequests } from './answerRequests';
import { boxAround, LABEL_FORMATS, type DecodedBarcode } from './engine';
import type { Pass } from './stillImage';

prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) } });

async function decode(image: ImageData, pass: Pass): Promise<DecodedBarcode[]> {
  const results = await readBarcodes(image, {
    formats: [...LABEL_FORMATS],
    tryHarder: true,
    tryRotate: true,
    tryInvert: true,
    tryDenoise: pass.denoise ?? false,
    binarizer: pass.globalHistogram ? 'GlobalHistogram' : 'LocalAverage',
    maxNumberOfSymbols: 8,
    textMode: 'Plain',
  });
  return results
    .filter((r) => r.isValid)
    .map((r) => {
      const { topLeft, topRight, bottomRight, bottomLeft } = r.position;
      return { text: `${r.symbologyIdentifier}${r.text}`, format: r.format, box: boxAround([topLeft, topRight, bottomRight, bottomLeft], image.width, image.height) };
    });
}

answerDecodeRequests(decode);
