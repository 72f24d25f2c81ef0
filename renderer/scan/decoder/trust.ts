import type { DecodedBarcode } from './engine';

/**
 * Retail symbols (EAN/UPC) carry one mod-10 check digit, and a blurred photo of one can decode to
 * another number whose digit also holds (measured on the real samples: three such misreads, all
 * UPC-A). Code 128's mod-103 check and the 2-D codes' Reed–Solomon make a lone misread of those
 * vanishingly rare, so only retail reads must be seen twice before they count.
 */
const RETAIL = new Set(['EAN13', 'EAN8', 'UPCA', 'UPCE']);

export const isRetail = (b: DecodedBarcode) => RETAIL.has(b.format);

const keyOf = (b: DecodedBarcode) => `${b.format}\u0000${b.text}`;

/**
 * Two reads in one place: their boxes overlap across and lie less than a symbol's width apart up
 * and down (a 1-D code's box is one scan line, and two lines of one symbol may give two readings).
 * A read with no box could be anywhere.
 */
function samePlace(a: DecodedBarcode, b: DecodedBarcode): boolean {
  if (!a.box || !b.box) return true;
  const across = Math.min(a.box.right, b.box.right) > Math.max(a.box.left, b.box.left);
  const width = Math.max(a.box.right - a.box.left, b.box.right - b.box.left);
  const middle = (x: DecodedBarcode) => (x.box!.top + x.box!.bottom) / 2;
  return across && Math.abs(middle(a) - middle(b)) < width;
}

/**
 * Two different retail reads are rivals — one symbol read two ways — unless some look read both
 * in different places. A misread repeats itself at the same size and sharpness (the real samples'
 * `upca-4/1` reads 9074932437075 as it is and denoised, 0023942431015 enlarged, softened,
 * sharpened), and a look may read one symbol twice, once per scan line (`upca-4/11`).
 */
function seenApart(passes: readonly (readonly DecodedBarcode[])[], a: string, b: string): boolean {
  return passes.some((pass) => pass.some((x) => keyOf(x) === a && pass.some((y) => keyOf(y) === b && !samePlace(x, y))));
}

/**
 * What a still image's passes (the image as it is, enlarged, softened…) agree on: every non-retail
 * read, and each retail read that two passes made alike and more passes made than any rival.
 * Order: first seen first.
 */
export function trustedReads(passes: readonly (readonly DecodedBarcode[])[]): DecodedBarcode[] {
  const votes = new Map<string, { read: DecodedBarcode; passes: number }>();
  for (const pass of passes) {
    for (const read of new Map(pass.map((b) => [keyOf(b), b])).values()) {
      const seen = votes.get(keyOf(read));
      if (seen) seen.passes++;
      else votes.set(keyOf(read), { read, passes: 1 });
    }
  }
  const retail = [...votes].filter(([, v]) => isRetail(v.read));
  const outvotes = (key: string, n: number) => retail.every(([other, v]) => other === key || v.passes < n || seenApart(passes, key, other));
  return [...votes]
    .filter(([key, v]) => !isRetail(v.read) || (v.passes >= 2 && outvotes(key, v.passes)))
    .map(([, v]) => v.read);
}

/** Another pass is worth its time while nothing is trusted yet, or a retail read waits for its second. */
export function wantsAnotherPass(passes: readonly (readonly DecodedBarcode[])[]): boolean {
  const trusted = new Set(trustedReads(passes).map(keyOf));
  const all = passes.flat();
  return trusted.size === 0 || all.some((b) => isRetail(b) && !trusted.has(keyOf(b)));
}

/**
 * The camera's equivalent: a frame is one pass, so a retail read counts once another frame within
 * `windowMs` read it too (and no rival more often). Non-retail reads count at once. Time is passed
 * in (a frame's timestamp).
 */
export class FrameVotes {
  private recent: { at: number; reads: readonly DecodedBarcode[] }[] = [];

  constructor(private readonly windowMs = 1500) {}

  confirm(frame: readonly DecodedBarcode[], now: number): DecodedBarcode[] {
    this.recent = [...this.recent.filter((f) => now - f.at <= this.windowMs), { at: now, reads: frame }];
    const trusted = new Set(trustedReads(this.recent.map((f) => f.reads)).map(keyOf));
    return [...new Map(frame.map((b) => [keyOf(b), b])).values()].filter((b) => trusted.has(keyOf(b)));
  }
}
