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
 * What a still image's passes (the image as it is, enlarged, softened…) agree on: every non-retail
 * read, and each retail read that two passes made alike. Order: first seen first.
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
  return [...votes.values()].filter((v) => !isRetail(v.read) || v.passes >= 2).map((v) => v.read);
}

/** Another pass is worth its time while nothing is trusted yet, or a retail read waits for its second. */
export function wantsAnotherPass(passes: readonly (readonly DecodedBarcode[])[]): boolean {
  const trusted = new Set(trustedReads(passes).map(keyOf));
  const all = passes.flat();
  return trusted.size === 0 || all.some((b) => isRetail(b) && !trusted.has(keyOf(b)));
}

/**
 * The camera's equivalent: a frame is one pass, so a retail read counts once a second frame within
 * `windowMs` read it too. Non-retail reads count at once. Time is passed in (a frame's timestamp).
 */
export class FrameVotes {
  private readonly sightings = new Map<string, number>();

  constructor(private readonly windowMs = 1500) {}

  confirm(frame: readonly DecodedBarcode[], now: number): DecodedBarcode[] {
    for (const [key, at] of this.sightings) if (now - at > this.windowMs) this.sightings.delete(key);
    const confirmed: DecodedBarcode[] = [];
    for (const read of new Map(frame.map((b) => [keyOf(b), b])).values()) {
      if (!isRetail(read) || this.sightings.has(keyOf(read))) confirmed.push(read);
      this.sightings.set(keyOf(read), now);
    }
    return confirmed;
  }
}
