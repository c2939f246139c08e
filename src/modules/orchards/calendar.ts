/** The availability calendar of an item: one month as weeks of days (Monday first), each free or taken. */
import { addDays, isoWeekday } from "../../platform/time/berlin.js";
import type { DaySpan } from "./loanDays.js";

export interface CalendarDay {
  date: string;
  taken: boolean;
}

export interface MonthGrid {
  /** "YYYY-MM" */
  month: string;
  first: string;
  last: string;
  prev: string;
  next: string;
  /** Weeks of 7 cells; null before the first and after the last day. */
  weeks: Array<Array<CalendarDay | null>>;
}

/** "YYYY-MM" of a query (`?monat=`), or undefined when it is none or further than `maxMonths` from `today`'s month. */
export function parseMonth(v: string | undefined, today: string, maxMonths = 24): string | undefined {
  if (!v || !/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) return undefined;
  return Math.abs(monthIndex(v) - monthIndex(today.slice(0, 7))) <= maxMonths ? v : undefined;
}

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;

/** The month's grid with the days of `taken` spans (confirmed loans) marked. */
export function monthGrid(month: string, taken: readonly DaySpan[]): MonthGrid {
  const i = monthIndex(month);
  const first = `${month}-01`;
  const last = addDays(`${monthOf(i + 1)}-01`, -1);
  const weeks: MonthGrid["weeks"] = [];
  let week: Array<CalendarDay | null> = Array.from({ length: isoWeekday(first) - 1 }, () => null);
  for (let d = first; d <= last; d = addDays(d, 1)) {
    week.push({ date: d, taken: taken.some((s) => s.from <= d && d <= s.to) });
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  return { month, first, last, prev: monthOf(i - 1), next: monthOf(i + 1), weeks };
}
