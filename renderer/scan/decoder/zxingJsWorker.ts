/// <reference lib="webworker" />
// @zxing/library (zxing-js), selectable in Settings and the bench's comparison: pure JavaScript,
// one symbol per decode, so a label is read by decoding, blanking what was found, and again.
import { BarcodeFormat, BinaryBitmap, DecodeHintType, GlobalHistogramBinarizer, HybridBinarizer, MultiFormatReader, RGBLuminanceSource, type Result } from '@zxing/library';
import { answerDecodeRequests } from './answerRequests';
import { boxAround, type DecodedBarcode } from './engine';
import { STILL_PASSES, type Pass } from './stillImage';

const FORMATS: [BarcodeFormat, string, string][] = [
  [BarcodeFormat.CODE_128, 'Code128', ']C0'],
  [BarcodeFormat.QR_CODE, 'QRCode', ']Q1'],
  [BarcodeFormat.DATA_MATRIX, 'DataMatrix', ']d1'],
  [BarcodeFormat.PDF_417, 'PDF417', ']L2'],
  [BarcodeFormat.EAN_13, 'EAN13', ']E0'],
  [BarcodeFormat.EAN_8, 'EAN8', ']E4'],
  [BarcodeFormat.UPC_A, 'UPCA', ']E0'],
  [BarcodeFormat.UPC_E, 'UPCE', ']E0'],
];

const reader = new MultiFormatReader();
reader.setHints(
  new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, FORMATS.map(([f]) => f)],
    [DecodeHintType.TRY_HARDER, true],
    // Without it zxing-js drops the GS1 separators a wedge scanner would send.
    [DecodeHintType.ASSUME_GS1, true],
  ]),
);

function luminances(image: ImageData): Uint8ClampedArray {
  const out = new Uint8ClampedArray(image.width * image.height);
  const d = image.data;
  for (let i = 0, j = 0; j < out.length; i += 4, j++) out[j] = (d[i]! * 299 + d[i + 1]! * 587 + d[i + 2]! * 114) / 1000;
  return out;
}

function decodeOnce(lum: Uint8ClampedArray, width: number, height: number, pass: Pass): Result | null {
  const source = new RGBLuminanceSource(lum, width, height);
  try {
    return reader.decode(new BinaryBitmap(pass.globalHistogram ? new GlobalHistogramBinarizer(source) : new HybridBinarizer(source)));
  } catch {
    return null;
  } finally {
    reader.reset();
  }
}

/** White out a found symbol (its result points, padded) so the next decode finds another. */
function blank(lum: Uint8ClampedArray, width: number, height: number, result: Result) {
  const pts = result.getResultPoints();
  const xs = pts.map((p) => p.getX());
  const ys = pts.map((p) => p.getY());
  const pad = Math.max(24, (Math.max(...ys) - Math.min(...ys)) * 0.8);
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - pad));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs) + pad));
  const y0 = Math.max(0, Math.floor(Math.min(...ys) - pad * 3));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys) + pad * 3));
  for (let y = y0; y <= y1; y++) lum.fill(255, y * width + x0, y * width + x1 + 1);
}

function decode(image: ImageData, pass: Pass): DecodedBarcode[] {
  const { width, height } = image;
  const lum = luminances(image);
  const barcodes: DecodedBarcode[] = [];
  for (let i = 0; i < 8; i++) {
    const result = decodeOnce(lum, width, height, pass);
    if (!result) break;
    const [, name, aim] = FORMATS.find(([f]) => f === result.getBarcodeFormat()) ?? [null, 'Unknown', ''];
    const text = result.getText();
    const points = result.getResultPoints().map((p) => ({ x: p.getX(), y: p.getY() }));
    // A symbol that says nothing is noise the reader took for one.
    if (text) barcodes.push({ text: text.startsWith(']') ? text : `${aim}${text}`, format: name, box: boxAround(points, width, height) });
    if (points.length === 0) break;
    blank(lum, width, height, result);
  }
  return barcodes;
}

// zxing-js has no denoising of its own: that pass would only repeat the first and vote twice. Its
// 2-D readers find symbols in sharpened noise (three of the real samples' no-barcode images did).
const PASSES = STILL_PASSES.filter((p) => !p.denoise && !p.sharpen);

answerDecodeRequests(decode, PASSES);
