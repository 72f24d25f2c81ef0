import { addDays, isWeekend, type IsoDate } from './isoDate';
import { usFederalCalendar, type HolidayCalendar } from './holidays';

export function isBusinessDay(date: IsoDate, calendar: HolidayCalendar = usFederalCalendar): boolean {
  return !isWeekend(date) && !calendar.isHoliday(date);
}

export function nextBusinessDay(date: IsoDate, calendar: HolidayCalendar = usFederalCalendar): IsoDate {
  let d = addDays(date, 1);
  while (!isBusinessDay(d, calendar)) d = addDays(d, 1);
  return d;
}

/**
 * `n` business days after `date` (POLICY.md, *Dates*): the receipt day itself is not counted,
 * and a receipt on a weekend or holiday counts from the next business day, which is then day 0.
 */
export function businessDaysAfter(date: IsoDate, n: number, calendar: HolidayCalendar = usFederalCalendar): IsoDate {
  let d = isBusinessDay(date, calendar) ? date : nextBusinessDay(date, calendar);
  for (let i = 0; i < n; i++) d = nextBusinessDay(d, calendar);
  return d;
}

/** Business days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
export function businessDaysBetween(from: IsoDate, to: IsoDate, calendar: HolidayCalendar = usFederalCalendar): number {
  if (to < from) return -businessDaysBetween(to, from, calendar);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isBusinessDay(d, calendar)) count++;
  return count;
}
