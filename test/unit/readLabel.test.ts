import { describe, expect, it } from 'vitest';
import { readLabel } from '../../renderer/features/dock/ImageScan';

describe('what a label image holds for the dock', () => {
  it('takes the RMA number once however many symbols carry it, and the first valid tracking number', () => {
    expect(readLabel([']C0RMA10000024', ']Q1RMA10000024', ']C01Z5R89390357567127', ']C01Z5R89390357567128'])).toEqual({
      rmas: [']C0RMA10000024'],
      tracking: ']C01Z5R89390357567127',
    });
  });
  it('lists two different RMA numbers so the worker is asked which; ignores item codes and misreads', () => {
    expect(readLabel(['RMA10000016', 'RMA10000024', '4006381333931', 'RMA10000017'])).toEqual({ rmas: ['RMA10000016', 'RMA10000024'], tracking: null });
    expect(readLabel([])).toEqual({ rmas: [], tracking: null });
  });
});
