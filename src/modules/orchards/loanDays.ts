import { addDays } from "../../platform/time/berlin.js";

/** A loan's days, both inclusive, as "YYYY-MM-DD". */
export interface DaySpan {
  from: string;
  to: string;
}

const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

/** Number of days of a span (inclusive: one day = 1). */
export const spanLength = (s: DaySpan): number => dayNumber(s.to) - dayNumber(s.from) + 1;

export const overlaps = (a: DaySpan, b: DaySpan): boolean => a.from <= b.to && b.from <= a.to;

/**
 * The first span of the wanted length starting on or after `wanted.from` that overlaps none of the
 * `taken` spans (confirmed loans): what an overlapping request is offered instead.
 */
export function nextFreeSpan(wanted: DaySpan, taken: readonly DaySpan[]): DaySpan {
  const len = spanLength(wanted);
  const sorted = [...taken].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let from = wanted.from;
  for (const t of sorted) {
    const to = addDays(from, len - 1);
    if (t.to < from) continue;
    if (t.from > to) break;
    from = addDays(t.to, 1);
  }
  return { from, to: addDays(from, len - 1) };
}

/** True for a real calendar date "YYYY-MM-DD". */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** "TT.MM.JJJJ" or "JJJJ-MM-TT" → "JJJJ-MM-TT", or undefined when it is no real date. */
export function parseDay(input: string): string | undefined {
  const s = input.trim();
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  const iso = de ? `${de[3]}-${de[2]!.padStart(2, "0")}-${de[1]!.padStart(2, "0")}` : s;
  return isIsoDate(iso) ? iso : undefined;
}
