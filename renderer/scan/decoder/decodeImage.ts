import type { DecodeAnswer, DecodedBarcode, DecodeRequest } from './engine';

/** The decoding engine, a station setting: the rest of the app never knows which one ran. */
export type ScanEngine = 'zxing-wasm' | 'zxing-js';

let engine: ScanEngine = 'zxing-wasm';
let worker: Worker | null = null;
let next = 0;
const waiting = new Map<number, (a: DecodeAnswer) => void>();

export function chooseEngine(chosen: ScanEngine): void {
  if (chosen === engine) return;
  engine = chosen;
  worker?.terminate();
  worker = null;
}

function decoder(): Worker {
  if (worker) return worker;
  worker =
    engine === 'zxing-js'
      ? new Worker(new URL('./zxingJsWorker.ts', import.meta.url), { type: 'module' })
      : new Worker(new URL('./zxingWorker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }: MessageEvent<DecodeAnswer>) => {
    waiting.get(data.id)?.(data);
    waiting.delete(data.id);
  };
  worker.onerror = (e) => {
    for (const [id, done] of waiting) done({ id, ok: false, error: e.message || 'the decoder stopped' });
    waiting.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

/** An image file's pixels, scaled so its long side is at most 2000 px (a phone photo is 4000). */
async function pixelsOf(file: Blob): Promise<ImageData> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error('That file is not an image this station can read (PNG, JPEG, WebP).');
  }
  const ratio = Math.min(1, 2000 / Math.max(bitmap.width, bitmap.height));
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * ratio)), Math.max(1, Math.round(bitmap.height * ratio)));
  const g = canvas.getContext('2d')!;
  g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return g.getImageData(0, 0, canvas.width, canvas.height);
}

/** Every label barcode in an image, decoded in the worker; the screen never waits on it. */
export async function decodeImageFile(file: Blob): Promise<DecodedBarcode[]> {
  if (file.size > 40 * 1024 * 1024) throw new Error('That image is larger than 40 MB.');
  return decodePixels(await pixelsOf(file), { still: true });
}

/**
 * The barcodes in one frame of pixels; the pixels move to the worker. A camera frame is read once
 * (retail codes are then confirmed by the next frame, see `FrameVotes`); a still image as often as
 * it takes (`readStill`).
 */
export async function decodePixels(image: ImageData, { still }: { still: boolean }): Promise<DecodedBarcode[]> {
  const id = ++next;
  const answer = await new Promise<DecodeAnswer>((resolve) => {
    waiting.set(id, resolve);
    decoder().postMessage({ id, image, still } satisfies DecodeRequest, [image.data.buffer]);
  });
  if (!answer.ok) throw new Error(`The image could not be decoded: ${answer.error}`);
  return answer.barcodes;
}
