import type { DecodedBarcode } from './engine';
import { trustedReads, wantsAnotherPass } from './trust';

/** One way of looking at a still image: as it is, enlarged, softened, sharpened, or binarised another way. */
export interface Pass {
  scale?: number;
  soften?: boolean;
  /** Unsharp masking: how much of the detail a 2 px blur removes is added back (1 = once). */
  sharpen?: number;
  /** The reader's own denoising (zxing-cpp only). */
  denoise?: boolean;
  /** One threshold for the whole image instead of a local one: evenly lit labels with fine modules. */
  globalHistogram?: boolean;
}

/**
 * A photo gets one chance, where a camera gets a new frame every 150 ms, so a still image is looked
 * at more than once when the first look is not enough. Chosen on half the real samples and checked
 * on the other half (both 95 %): enlarging rescues small, soft photos; softening breaks up JPEG and
 * screen moiré; the reader's denoising closes gaps in 2-D codes; a global threshold reads fine
 * QR modules a local one merges; sharpening restores the bars of a UPC photographed out of focus
 * (and, enlarged too, gives it the second reading retail codes need).
 */
export const STILL_PASSES: readonly Pass[] = [
  {},
  { scale: 2 },
  { scale: 1.5 },
  { soften: true },
  { denoise: true },
  { scale: 3 },
  { scale: 2, globalHistogram: true },
  { sharpen: 1 },
  { sharpen: 2 },
  { scale: 1.5, sharpen: 1 },
  { scale: 1.5, sharpen: 2 },
];

/** Whether the pass looks at other pixels than the image's own (the reader's options aside). */
const redraws = (pass: Pass) => Boolean(pass.scale || pass.soften || pass.sharpen);

/** Enlarging past this many pixels on the long side costs more than it finds. */
export const MAX_PASS_SIDE = 2600;

export type DecodePass = (image: ImageData, pass: Pass) => Promise<DecodedBarcode[]> | DecodedBarcode[];
/** The image as the pass sees it (null: this pass does not apply to an image of this size). */
export type TransformPass = (image: ImageData, pass: Pass) => Promise<ImageData | null>;

/** The barcodes the passes agree on, stopping as soon as another pass could add nothing. */
export async function readStill(image: ImageData, decode: DecodePass, transform: TransformPass, passes: readonly Pass[] = STILL_PASSES): Promise<DecodedBarcode[]> {
  const results: DecodedBarcode[][] = [];
  for (const pass of passes) {
    // A look the browser cannot prepare (no OffscreenCanvas, out of memory) is a look not taken,
    // never a reason to lose what the others read.
    const source = redraws(pass) ? await transform(image, pass).catch(() => null) : image;
    if (!source) continue;
    results.push(await decode(source, pass));
    if (!wantsAnotherPass(results)) break;
  }
  return trustedReads(results);
}

/** Unsharp masking: each channel moved away from its blurred self by `amount` times the difference. */
export function unsharpMask(original: Uint8ClampedArray, blurred: Uint8ClampedArray, amount: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(original.length);
  for (let i = 0; i < original.length; i++) out[i] = (i & 3) === 3 ? original[i]! : original[i]! + amount * (original[i]! - blurred[i]!);
  return out;
}

/** The browser's own scaling and blur (in a worker, on an OffscreenCanvas). */
export const canvasTransform: TransformPass = async (image, pass) => {
  const scale = pass.scale ?? 1;
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  if (Math.max(width, height) > MAX_PASS_SIDE) return null;
  const bitmap = await createImageBitmap(image);
  try {
    const draw = (filter: string) => {
      const g = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true })!;
      g.filter = filter;
      g.drawImage(bitmap, 0, 0, width, height);
      return g.getImageData(0, 0, width, height);
    };
    const drawn = draw(pass.soften ? 'blur(1px)' : 'none');
    if (!pass.sharpen) return drawn;
    return new ImageData(unsharpMask(drawn.data, draw('blur(2px)').data, pass.sharpen), width, height);
  } finally {
    bitmap.close();
  }
};
