import { describe, expect, it } from 'vitest';
import { readItemLabel } from '../../shared/labels';
import type { DecodedBarcode } from '../../renderer/scan/decoder/engine';
import { readStill, STILL_PASSES, unsharpMask, type Pass } from '../../renderer/scan/decoder/stillImage';
import { FrameVotes, trustedReads, wantsAnotherPass } from '../../renderer/scan/decoder/trust';

const upc = (text: string): DecodedBarcode => ({ text: `]E0${text}`, format: 'EAN13' });
const code128 = (text: string): DecodedBarcode => ({ text: `]C0${text}`, format: 'Code128' });

describe('which reads of a still image are trusted', () => {
  it('takes a Code 128 or 2-D read from one pass, a UPC only when two passes agree', () => {
    expect(trustedReads([[code128('RMA10000024'), upc('1077778003259')]])).toEqual([code128('RMA10000024')]);
    expect(trustedReads([[upc('0075720003259')], [upc('0075720003259')]])).toEqual([upc('0075720003259')]);
    // Two passes that disagree on a UPC leave neither.
    expect(trustedReads([[upc('1077778003259')], [upc('0075720003259')]])).toEqual([]);
  });
  it('trusts a UPC over a rival reading of the same symbol only when more passes made it', () => {
    const misread = upc('9074932437075');
    const right = upc('0023942431015');
    // upca-4/1 of the real samples: the misread repeats at the photo's own size, the right number enlarged.
    expect(trustedReads([[misread], [right], [misread], [right]])).toEqual([]);
    expect(trustedReads([[misread], [right], [misread], [right], [right]])).toEqual([right]);
    expect(wantsAnotherPass([[misread], [right], [misread], [right]])).toBe(true);
  });
  it('trusts two products read apart in one look, each seen twice', () => {
    const left = { left: 0.1, top: 0.4, right: 0.4, bottom: 0.42 };
    const right = { left: 0.6, top: 0.4, right: 0.9, bottom: 0.42 };
    const a = { ...upc('0036000291452'), box: left };
    const b = { ...upc('0012345678905'), box: right };
    expect(trustedReads([[a, b], [a], [b]])).toEqual([a, b]);
  });
  it('counts two readings of one symbol in one look (two scan lines) as rivals, not two products', () => {
    // upca-4/11 of the real samples: one look read the UPC twice, once wrongly, a line apart.
    const misread = { ...upc('9012220422143'), box: { left: 0.2, top: 0.5, right: 0.8, bottom: 0.5 } };
    const right = { ...upc('0059290522143'), box: { left: 0.21, top: 0.6, right: 0.79, bottom: 0.6 } };
    expect(trustedReads([[right], [misread, right], [misread], [right]])).toEqual([right]);
    expect(trustedReads([[right, misread], [misread, right]])).toEqual([]);
  });
  it('does not count one pass twice because it read the same symbol twice', () => {
    expect(trustedReads([[upc('0075720003259'), upc('0075720003259')]])).toEqual([]);
  });
  it('wants another pass while nothing is trusted or a UPC waits for its second reading', () => {
    expect(wantsAnotherPass([[]])).toBe(true);
    expect(wantsAnotherPass([[code128('SN1234')]])).toBe(false);
    expect(wantsAnotherPass([[code128('SN1234'), upc('0036000291452')]])).toBe(true);
    expect(wantsAnotherPass([[code128('SN1234'), upc('0036000291452')], [upc('0036000291452')]])).toBe(false);
  });
});

describe('reading a still image pass by pass', () => {
  // A fake decoder: what each pass "sees", keyed by the pass; the transform tags the image with its pass.
  const image = { width: 100, height: 50, data: new Uint8ClampedArray(100 * 50 * 4), colorSpace: 'srgb' } as ImageData;
  const run = (sees: (pass: Pass) => DecodedBarcode[], sizeLimit = Infinity) => {
    const looked: Pass[] = [];
    const result = readStill(
      image,
      (_img, pass) => (looked.push(pass), sees(pass)),
      (img, pass) => Promise.resolve((pass.scale ?? 1) * img.width > sizeLimit ? null : img),
    );
    return result.then((reads) => ({ reads, looked }));
  };

  it('stops after the first look when it holds only trusted reads', async () => {
    const { reads, looked } = await run(() => [code128('RMA10000024')]);
    expect(reads).toEqual([code128('RMA10000024')]);
    expect(looked).toEqual([{}]);
  });
  it('looks again, enlarged, until a second pass confirms a UPC', async () => {
    const { reads, looked } = await run((pass) => (pass.soften ? [] : [upc('0036000291452')]));
    expect(reads).toEqual([upc('0036000291452')]);
    expect(looked).toEqual([{}, { scale: 2 }]);
  });
  it('gives nothing for a misread UPC that no other pass repeats, after every pass', async () => {
    const { reads, looked } = await run((pass) => (Object.keys(pass).length === 0 ? [upc('1077778003259')] : pass.scale === 2 && !pass.globalHistogram ? [upc('0075720003259')] : []));
    expect(reads).toEqual([]);
    expect(looked).toHaveLength(STILL_PASSES.length);
  });
  it('settles a misread that repeats at the photo\'s own size by the looks that read it right', async () => {
    const misread = upc('9074932437075');
    const right = upc('0023942431015');
    const { reads } = await run((pass) => (pass.scale || pass.soften || pass.sharpen ? [right] : [misread]));
    expect(reads).toEqual([right]);
  });
  it('keeps what the first look read when the browser cannot prepare the others', async () => {
    const reads = await readStill(
      image,
      (_img, pass) => (Object.keys(pass).length === 0 || pass.denoise ? [upc('0036000291452')] : []),
      () => Promise.reject(new Error('OffscreenCanvas is not defined')),
    );
    expect(reads).toEqual([upc('0036000291452')]);
  });
  it('skips the passes that do not fit the image, and finds what a later pass reads', async () => {
    const { reads, looked } = await run((pass) => (pass.denoise ? [code128('SN7Q4471230981')] : []), 120);
    expect(reads).toEqual([code128('SN7Q4471230981')]);
    expect(looked).toEqual([{}, { soften: true }, { denoise: true }]);
  });
});

describe('camera frames vote on retail reads', () => {
  it('confirms a UPC seen in a second frame within the window, and a Code 128 at once', () => {
    const votes = new FrameVotes(1000);
    expect(votes.confirm([upc('0036000291452'), code128('SN7Q4471230981')], 0)).toEqual([code128('SN7Q4471230981')]);
    expect(votes.confirm([upc('0036000291452'), code128('SN7Q4471230981')], 150)).toEqual([upc('0036000291452'), code128('SN7Q4471230981')]);
  });
  it('holds back a UPC while a rival reading of it was seen as often', () => {
    const votes = new FrameVotes(1000);
    const misread = upc('9074932437075');
    const right = upc('0023942431015');
    votes.confirm([misread], 0);
    votes.confirm([right], 150);
    expect(votes.confirm([misread], 300)).toEqual([misread]);
    expect(votes.confirm([right], 450)).toEqual([]);
    expect(votes.confirm([right], 600)).toEqual([right]);
  });
  it('forgets a sighting older than the window', () => {
    const votes = new FrameVotes(1000);
    votes.confirm([upc('0036000291452')], 0);
    expect(votes.confirm([upc('0036000291452')], 1500)).toEqual([]);
    expect(votes.confirm([upc('0036000291452')], 1600)).toEqual([upc('0036000291452')]);
  });
});

describe('sharpening a still image', () => {
  it('steepens an edge by the amount, keeps flat areas and the alpha channel', () => {
    // Two pixels either side of an edge, RGBA: dark 100 | light 200, and a blur that met halfway.
    const original = new Uint8ClampedArray([100, 100, 100, 255, 200, 200, 200, 255, 150, 150, 150, 128]);
    const blurred = new Uint8ClampedArray([125, 125, 125, 255, 175, 175, 175, 255, 150, 150, 150, 0]);
    expect([...unsharpMask(original, blurred, 1)]).toEqual([75, 75, 75, 255, 225, 225, 225, 255, 150, 150, 150, 128]);
    expect([...unsharpMask(original, blurred, 2).slice(0, 8)]).toEqual([50, 50, 50, 255, 250, 250, 250, 255]);
    // Clamped, never wrapped.
    expect([...unsharpMask(new Uint8ClampedArray([10, 250, 0, 255]), new Uint8ClampedArray([60, 200, 0, 255]), 2)]).toEqual([0, 255, 0, 255]);
  });
});

describe('what an item label gives the bench', () => {
  it('finds the SKU and the serial whatever order the decoder gave them', () => {
    expect(readItemLabel([']C0SN7Q4471230981', ']E00036000291452'], new Set())).toEqual({ sku: '0036000291452', serial: 'SN7Q4471230981', other: [] });
  });
  it('writes a UPC-A read as 13 digits the way the catalog writes it', () => {
    expect(readItemLabel([']E00036000291452'], new Set(['036000291452'])).sku).toBe('036000291452');
  });
  it('knows a house SKU the catalog names, which would otherwise read as a serial', () => {
    expect(readItemLabel(['EBH100', 'SN7Q4471230981'], new Set(['EBH100']))).toMatchObject({ sku: 'EBH100', serial: 'SN7Q4471230981' });
    expect(readItemLabel(['EBH100'], new Set())).toMatchObject({ sku: null, serial: 'EBH100' });
  });
  it('sets a shipping label aside as neither', () => {
    const reading = readItemLabel(['RMA10000024', '1Z5R89390357567127'], new Set());
    expect(reading.sku).toBeNull();
    expect(reading.serial).toBeNull();
    expect(reading.other.map((l) => l.kind)).toEqual(['rma', 'tracking']);
  });
});
