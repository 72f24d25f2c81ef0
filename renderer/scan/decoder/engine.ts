/** One barcode read from an image: raw text as a wedge scanner would send it (AIM identifier, GS kept). */
export interface DecodedBarcode {
  text: string;
  format: string;
  /** Where the symbol lies, as fractions of the image's width and height (the same on an enlarged look). */
  box?: Box;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The box around a symbol's corner points, as fractions of the image it was read in. */
export function boxAround(points: readonly { x: number; y: number }[], width: number, height: number): Box | undefined {
  if (!points.length) return undefined;
  const xs = points.map((p) => p.x / width);
  const ys = points.map((p) => p.y / height);
  return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
}

/** The formats a label or an item carries (issue 7): nothing else is looked for. */
export const LABEL_FORMATS = ['Code128', 'QRCode', 'DataMatrix', 'PDF417', 'EAN13', 'EAN8', 'UPCA', 'UPCE'] as const;

export interface DecodeRequest {
  id: number;
  image: ImageData;
  /** A still image (a file, a paste) is looked at several ways; a camera frame once (the next frame is the next look). */
  still: boolean;
}

export type DecodeAnswer = { id: number; ok: true; barcodes: DecodedBarcode[] } | { id: number; ok: false; error: string };
