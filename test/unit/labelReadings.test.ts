import { describe, expect, it } from 'vitest';
import { asGtin14, readReturnLabel } from '../../shared/labels';

describe('what a label image holds for the dock', () => {
  it('takes the RMA number once however many symbols carry it, and the first valid tracking number', () => {
    expect(readReturnLabel([']C0RMA10000024', ']Q1RMA10000024', ']C01Z5R89390357567127', ']C01Z5R89390357567128'])).toEqual({
      rmas: [']C0RMA10000024'],
      tracking: ']C01Z5R89390357567127',
    });
  });
  it('lists two different RMA numbers so the worker is asked which; ignores item codes and misreads', () => {
    expect(readReturnLabel(['RMA10000016', 'RMA10000024', '4006381333931', 'RMA10000017'])).toEqual({ rmas: ['RMA10000016', 'RMA10000024'], tracking: null });
    expect(readReturnLabel([])).toEqual({ rmas: [], tracking: null });
  });
  it('gives a UPC-A, its EAN-13 and its GTIN-14 one form, and nothing for a code that is no GTIN', () => {
    expect(asGtin14('036000291452')).toBe('00036000291452');
    expect(asGtin14('0036000291452')).toBe(asGtin14('036000291452'));
    expect(asGtin14('SN7Q4471230981')).toBeNull();
    expect(asGtin14('1234567')).toBeNull();
  });
});
