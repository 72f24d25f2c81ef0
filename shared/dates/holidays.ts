import { addDays, civilFromDayNumber, dayNumber, daysInMonth, formatIsoDate, isIsoDate, weekday, type IsoDate } from './isoDate';

/**
 * A holiday calendar answers one question: is this day a holiday at the site? Days are day
 * numbers (see `dayNumber`) because business-day counting asks it for every day it steps over.
 */
export interface HolidayCalendar {
  readonly name: string;
  isHolidayOn(day: number): boolean;
}

export function isHoliday(date: IsoDate, calendar: HolidayCalendar): boolean {
  return calendar.isHolidayOn(dayNumber(date));
}

/** The `n`th given weekday (0 = Sunday) of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, dow: number, n: number): IsoDate {
  if (n > 0) {
    const first = formatIsoDate({ year, month, day: 1 });
    const offset = (dow - weekday(first) + 7) % 7;
    return addDays(first, offset + (n - 1) * 7);
  }
  const last = formatIsoDate({ year, month, day: daysInMonth(year, month) });
  return addDays(last, -((weekday(last) - dow + 7) % 7));
}

/** A Saturday holiday is observed the Friday before, a Sunday one the Monday after (5 U.S.C. 6103). */
function observed(date: IsoDate): IsoDate {
  const d = weekday(date);
  if (d === 6) return addDays(date, -1);
  if (d === 0) return addDays(date, 1);
  return date;
}

const MONDAY = 1;
const THURSDAY = 4;

/**
 * The U.S. federal holidays *as observed* that fall in `year`. New Year's Day of the next
 * year falling on a Saturday is observed on December 31 of this one, so it is listed here.
 */
export function usFederalHolidays(year: number): IsoDate[] {
  const fixed = (month: number, day: number) => observed(formatIsoDate({ year, month, day }));
  const days = [
    fixed(1, 1), // New Year's Day
    nthWeekday(year, 1, MONDAY, 3), // Birthday of Martin Luther King, Jr.
    nthWeekday(year, 2, MONDAY, 3), // Washington's Birthday
    nthWeekday(year, 5, MONDAY, -1), // Memorial Day
    ...(year >= 2021 ? [fixed(6, 19)] : []), // Juneteenth, a federal holiday since 2021
    fixed(7, 4), // Independence Day
    nthWeekday(year, 9, MONDAY, 1), // Labor Day
    nthWeekday(year, 10, MONDAY, 2), // Columbus Day
    fixed(11, 11), // Veterans Day
    nthWeekday(year, 11, THURSDAY, 4), // Thanksgiving Day
    fixed(12, 25), // Christmas Day
    observed(formatIsoDate({ year: year + 1, month: 1, day: 1 })),
  ];
  // A Saturday January 1 is observed in the year before: keep only what falls in this year.
  const prefix = `${String(year).padStart(4, '0')}-`;
  return days.filter((d) => d.startsWith(prefix));
}

const federalDays = new Set<number>();
const federalYears = new Set<number>();

/** The default calendar (POLICY.md): U.S. federal holidays with the observed-day rules. */
export const usFederalCalendar: HolidayCalendar = {
  name: 'U.S. federal holidays',
  isHolidayOn(day) {
    const { year } = civilFromDayNumber(day);
    if (!federalYears.has(year)) {
      federalYears.add(year);
      for (const d of usFederalHolidays(year)) federalDays.add(dayNumber(d));
    }
    return federalDays.has(day);
  },
};

/** A site's own list of closed dates; it replaces the federal calendar rather than adding to it. */
export function siteCalendar(dates: readonly string[], name = 'site calendar'): HolidayCalendar {
  const bad = dates.find((d) => !isIsoDate(d));
  if (bad !== undefined) throw new RangeError(`site calendar: ${JSON.stringify(bad)} is not a date as YYYY-MM-DD`);
  const days = new Set(dates.map(dayNumber));
  return { name, isHolidayOn: (day) => days.has(day) };
}
