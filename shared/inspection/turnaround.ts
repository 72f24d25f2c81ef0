import { businessDaysAfter, businessDaysBetween, type HolidayCalendar, type IsoDate } from '../dates';
import { TURNAROUND_BUSINESS_DAYS } from '../policy';

export interface Turnaround {
  dueOn: IsoDate;
  /** Business days from today to the due date; 0 on the day, negative once overdue. */
  businessDaysLeft: number;
  overdue: boolean;
}

/** Clause 7: ready within 10 business days after receipt. `today` is passed in, never read. */
export function turnaroundFor(receivedOn: IsoDate, today: IsoDate, calendar: HolidayCalendar): Turnaround {
  const dueOn = businessDaysAfter(receivedOn, TURNAROUND_BUSINESS_DAYS, calendar);
  const businessDaysLeft = businessDaysBetween(today, dueOn, calendar);
  return { dueOn, businessDaysLeft, overdue: today > dueOn };
}
