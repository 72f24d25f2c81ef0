/** One barcode read from an image: raw text as a wedge scanner would send it (AIM identifier, GS kept). */
export interface DecodedBarcode {
  text: string;
  format: string;
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
