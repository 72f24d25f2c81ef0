/// <reference lib="webworker" />
import type { DecodeAnswer, DecodeRequest } from './engine';
import { canvasTransform, readStill, type DecodePass, type Pass } from './stillImage';

/**
 * A decoder worker's loop, whichever engine it holds: a camera frame gets one look, a still image
 * its passes (`passes`, else all of them); a failure is answered too, never left hanging.
 */
export function answerDecodeRequests(decode: DecodePass, passes?: readonly Pass[]): void {
  self.onmessage = async ({ data }: MessageEvent<DecodeRequest>) => {
    let answer: DecodeAnswer;
    try {
      answer = { id: data.id, ok: true, barcodes: data.still ? await readStill(data.image, decode, canvasTransform, passes) : await decode(data.image, {}) };
    } catch (e) {
      answer = { id: data.id, ok: false, error: (e as Error).message };
    }
    self.postMessage(answer);
  };
}
