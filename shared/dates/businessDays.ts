import { dayNumber, fromDayNumber, weekdayOf, type IsoDate } from './isoDate';
import { usFederalCalendar, type HolidayCalendar } from './holidays';

function isBusinessDayOn(day: number, calendar: HolidayCalendar): boolean {
  const w = weekdayOf(day);
  return w !== 0 && w !== 6 && !calendar.isHolidayOn(day);
}

export function isBusinessDay(date: IsoDate, calendar: HolidayCalendar = usFederalCalendar): boolean {
  return isBusinessDayOn(dayNumber(date), calendar);
}

/**
 * `n` business days after `date` (POLICY.md, *Dates*): the receipt day itself is not counted,
 * and a receipt on a weekend or holiday counts from the next business day, which is then day 0.
 */
export function businessDaysAfter(date: IsoDate, n: number, calendar: HolidayCalendar = usFederalCalendar): IsoDate {
  let d = dayNumber(date);
  while (!isBusinessDayOn(d, calendar)) d++;
  for (let i = 0; i < n; i++) {
    d++;
    while (!isBusinessDayOn(d, calendar)) d++;
  }
  return fromDayNumber(d);
}

/** Business days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
export function businessDaysBetween(from: IsoDate, to: IsoDate, calendar: HolidayCalendar = usFederalCalendar): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (b < a) return -businessDaysBetween(to, from, calendar);
  let count = 0;
  for (let d = a + 1; d <= b; d++) if (isBusinessDayOn(d, calendar)) count++;
  return count;
}
