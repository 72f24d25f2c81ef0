import { addDays, formatIsoDate, isIsoDate, weekday, daysInMonth, type IsoDate } from './isoDate';

/** A holiday calendar answers one question: is this date a holiday at the site? */
export interface HolidayCalendar {
  readonly name: string;
  isHoliday(date: IsoDate): boolean;
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
  ];
  const nextNewYear = observed(formatIsoDate({ year: year + 1, month: 1, day: 1 }));
  if (nextNewYear.startsWith(`${String(year).padStart(4, '0')}-`)) days.push(nextNewYear);
  // A Saturday January 1 is observed in the previous year, so it leaves this year's list.
  return days.filter((d) => d.startsWith(`${String(year).padStart(4, '0')}-`));
}

const federalYears = new Map<number, ReadonlySet<IsoDate>>();

function federalHolidaySet(year: number): ReadonlySet<IsoDate> {
  let set = federalYears.get(year);
  if (!set) {
    set = new Set(usFederalHolidays(year));
    federalYears.set(year, set);
  }
  return set;
}

/** The default calendar (POLICY.md): U.S. federal holidays with the observed-day rules. */
export const usFederalCalendar: HolidayCalendar = {
  name: 'U.S. federal holidays',
  isHoliday: (date) => federalHolidaySet(Number(date.slice(0, 4))).has(date),
};

/** A site's own list of closed dates; it replaces the federal calendar rather than adding to it. */
export function siteCalendar(dates: readonly string[], name = 'site calendar'): HolidayCalendar {
  const bad = dates.find((d) => !isIsoDate(d));
  if (bad !== undefined) throw new RangeError(`site calendar: ${JSON.stringify(bad)} is not a date as YYYY-MM-DD`);
  const set = new Set(dates);
  return { name, isHoliday: (date) => set.has(date) };
}
