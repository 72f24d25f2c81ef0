import type { DecodedBarcode } from './engine';
import { trustedReads, wantsAnotherPass } from './trust';

/** One way of looking at a still image: as it is, enlarged, softened, or with the reader's own denoising. */
export interface Pass {
  scale?: number;
  soften?: boolean;
  denoise?: boolean;
}

/**
 * A photo gets one chance, where a camera gets a new frame every 150 ms, so a still image is looked
 * at more than once when the first look is not enough. Order by what each pass added on the real
 * samples: enlarging rescues small, soft photos; softening breaks up JPEG and screen moiré; the
 * reader's denoising closes gaps in 2-D codes.
 */
export const STILL_PASSES: readonly Pass[] = [{}, { scale: 2 }, { scale: 1.5 }, { soften: true }, { denoise: true }];

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
    const source = pass.scale || pass.soften ? await transform(image, pass).catch(() => null) : image;
    if (!source) continue;
    results.push(await decode(source, pass));
    if (!wantsAnotherPass(results)) break;
  }
  return trustedReads(results);
}

/** The browser's own scaling and blur (in a worker, on an OffscreenCanvas). */
export const canvasTransform: TransformPass = async (image, pass) => {
  const scale = pass.scale ?? 1;
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  if (Math.max(width, height) > MAX_PASS_SIDE) return null;
  const bitmap = await createImageBitmap(image);
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  if (pass.soften) g.filter = 'blur(1px)';
  g.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return g.getImageData(0, 0, width, height);
};
