/**
 * Working days in Baden-Württemberg: Monday to Friday without the public holidays of the Land.
 * Dates are Berlin calendar dates ("YYYY-MM-DD"), so daylight-saving changes cannot shift a deadline.
 */
import { addDays, berlinDate, berlinToUtc, bwHoliday, isoWeekday } from "./berlin.js";

/** Whether `date` is a working day (Mon–Fri, not a BW public holiday). */
export const isWorkingDay = (date: string): boolean => isoWeekday(date) <= 5 && !bwHoliday(date);

/**
 * The date `n` working days after `date` (n ≥ 1; the start day itself does not count, like § 31 VwVfG
 * with § 187 BGB: a deadline starts the day after the event). n = 0 returns the next working day from `date` on.
 */
export function addWorkingDays(date: string, n: number): string {
  let d = date;
  if (n <= 0) {
    while (!isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is before `from`. */
export function workingDaysBetween(from: string, to: string): number {
  if (to === from) return 0;
  const sign = to > from ? 1 : -1;
  let count = 0;
  for (let d = from; d !== to; ) {
    d = addDays(d, sign);
    if (isWorkingDay(d)) count += sign;
  }
  return count;
}

/** The deadline for something requested at instant `at`: `n` working days after its Berlin date. */
export const deadlineFrom = (at: Date, n: number): string => addWorkingDays(berlinDate(at), n);

/** The end of a deadline day as an instant (24:00 Berlin, whatever the UTC offset that day). */
export const endOfBerlinDay = (date: string): Date => berlinToUtc(addDays(date, 1), 0);
