import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  businessDaysAfter,
  businessDaysBetween,
  dayNumber,
  daysBetween,
  fromDayNumber,
  isBusinessDay,
  isHoliday,
  isIsoDate,
  siteCalendar,
  usFederalCalendar,
  usFederalHolidays,
  weekday,
} from '../../shared/dates';

describe('ISO dates', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-1')).toBe(false);
    expect(isIsoDate('2026-01-01T00:00:00Z')).toBe(false);
    expect(isIsoDate(20260101)).toBe(false);
  });

  it('counts calendar days with the start as day 0', () => {
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
  });

  it('knows weekdays, two-digit years included', () => {
    expect(weekday('1970-01-01')).toBe(4);
    expect(weekday('2026-11-28')).toBe(6);
    expect(weekday('2000-01-01')).toBe(6);
    expect(weekday('0050-01-01')).toBe(weekday(addDays('0050-01-08', -7)));
    expect(dayNumber('1969-12-31')).toBe(-1);
  });

  it('adds calendar months, clamping to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-03-01', 12)).toBe('2027-03-01');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-05-15', -6)).toBe('2025-11-15');
  });

  it('round-trips every day number', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber("0000-01-01"), max: dayNumber("9999-12-31") }), (n) => {
        const d = fromDayNumber(n);
        expect(isIsoDate(d)).toBe(true);
        expect(dayNumber(d)).toBe(n);
      }),
    );
  });

  it('agrees with the platform calendar on real dates', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(weekday(iso)).toBe(d.getUTCDay());
        expect(addDays(iso, 1)).toBe(new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });
});

describe('U.S. federal holidays', () => {
  it('lists the observed days of 2026', () => {
    expect(usFederalHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03', // July 4 is a Saturday: observed Friday
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('moves a Sunday holiday to Monday', () => {
    expect(usFederalHolidays(2027)).toContain('2027-07-05'); // July 4, 2027 is a Sunday
    expect(usFederalHolidays(2022)).toContain('2022-12-26'); // Christmas 2022 is a Sunday
  });

  it("observes a Saturday New Year's Day on December 31 of the year before", () => {
    expect(usFederalHolidays(2021)).toContain('2021-12-31');
    expect(usFederalHolidays(2022)).not.toContain('2022-01-01');
    expect(isHoliday('2021-12-31', usFederalCalendar)).toBe(true);
    expect(usFederalHolidays(2027)).toContain('2027-12-31'); // 2028-01-01 is a Saturday
  });

  it('has Juneteenth from 2021 only', () => {
    expect(usFederalHolidays(2020).some((d) => d.endsWith('-06-19'))).toBe(false);
    expect(usFederalHolidays(2021)).toContain('2021-06-18'); // Saturday → Friday
  });

  it('puts Memorial Day on the last Monday and Thanksgiving on the fourth Thursday', () => {
    expect(usFederalHolidays(2027)).toContain('2027-05-31');
    expect(usFederalHolidays(2027)).toContain('2027-11-25');
    expect(usFederalHolidays(2028)).toContain('2028-11-23');
  });

  it('every holiday is a weekday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), (year) => {
        for (const d of usFederalHolidays(year)) {
          expect(weekday(d)).toBeGreaterThanOrEqual(1);
          expect(weekday(d)).toBeLessThanOrEqual(5);
          expect(d.startsWith(String(year))).toBe(true);
        }
      }),
    );
  });
});

describe('business days', () => {
  it('does not count the receipt day', () => {
    expect(businessDaysAfter('2026-03-20', 10)).toBe('2026-04-03'); // POLICY.md example
    expect(businessDaysAfter('2026-03-20', 5)).toBe('2026-03-27');
    expect(businessDaysAfter('2026-03-16', 1)).toBe('2026-03-17');
  });

  it('counts a weekend receipt from the next business day', () => {
    expect(businessDaysAfter('2026-03-21', 1)).toBe('2026-03-24'); // Saturday → Monday is day 0
    expect(businessDaysAfter('2026-03-22', 5)).toBe('2026-03-30');
  });

  it('skips holidays inside the window', () => {
    // Thanksgiving 2026 is Thursday Nov 26.
    expect(businessDaysAfter('2026-11-23', 5)).toBe('2026-12-01');
    // Received on Christmas Day (a Friday): counts from Monday Dec 28.
    expect(businessDaysAfter('2026-12-25', 5)).toBe('2027-01-05'); // Jan 1 is a holiday
    // 2021-12-31 is New Year's observed.
    expect(businessDaysAfter('2021-12-30', 1)).toBe('2022-01-03');
  });

  it('uses a site calendar instead of the federal one', () => {
    const site = siteCalendar(['2026-03-23']);
    expect(businessDaysAfter('2026-03-20', 1, site)).toBe('2026-03-24');
    expect(isBusinessDay('2026-11-26', site)).toBe(true); // Thanksgiving is not this site's holiday
    expect(() => siteCalendar(['2026-02-30'])).toThrow(/2026-02-30/);
  });

  it('counts business days between dates', () => {
    expect(businessDaysBetween('2026-03-20', '2026-04-03')).toBe(10);
    expect(businessDaysBetween('2026-04-03', '2026-03-20')).toBe(-10);
    expect(businessDaysBetween('2026-03-20', '2026-03-20')).toBe(0);
  });

  it('always lands on a business day, and n+1 lands later than n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 30 }), (day, n) => {
        const start = fromDayNumber(day);
        const due = businessDaysAfter(start, n);
        expect(isBusinessDay(due)).toBe(true);
        expect(businessDaysAfter(start, n + 1) > due).toBe(true);
        if (isBusinessDay(start)) expect(businessDaysBetween(start, due)).toBe(n);
      }),
    );
  });
});
