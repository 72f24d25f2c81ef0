import { describe, expect, it } from 'vitest';
import { readItemLabel } from '../../shared/labels';
import type { DecodedBarcode } from '../../renderer/scan/decoder/engine';
import { readStill, type Pass } from '../../renderer/scan/decoder/stillImage';
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
    const { reads, looked } = await run((pass) => (Object.keys(pass).length === 0 ? [upc('1077778003259')] : pass.scale === 2 ? [upc('0075720003259')] : []));
    expect(reads).toEqual([]);
    expect(looked).toHaveLength(5);
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
  it('forgets a sighting older than the window', () => {
    const votes = new FrameVotes(1000);
    votes.confirm([upc('0036000291452')], 0);
    expect(votes.confirm([upc('0036000291452')], 1500)).toEqual([]);
    expect(votes.confirm([upc('0036000291452')], 1600)).toEqual([upc('0036000291452')]);
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
