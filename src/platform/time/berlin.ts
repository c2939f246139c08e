/**
 * Calendar arithmetic in Europe/Berlin (DST-correct through Intl) and the public holidays of
 * Baden-Württemberg. Dates are "YYYY-MM-DD" strings of the Berlin calendar.
 */
import { createRequire } from "node:module";

const fmt = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Berlin",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function parts(ms: number) {
  const p: Record<string, string> = {};
  for (const x of fmt.formatToParts(new Date(ms))) p[x.type] = x.value;
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

/** Offset of Berlin from UTC in minutes at the instant `ms` (60 in winter, 120 in summer). */
export function berlinOffsetMinutes(ms: number): number {
  const p = parts(ms);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

const dayOffsets = new Map<string, number | null>();

/** The UTC instant of a Berlin wall-clock time (minutes after midnight) on a Berlin date. */
export function berlinToUtc(date: string, minutes: number): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, 0, minutes);
  // Fast path: a day without a DST change has one offset (cached per date).
  let same = dayOffsets.get(date);
  if (same === undefined) {
    // 00:00 UTC is 01:00/02:00 Berlin (before a switch at 01:00 UTC), 21:59 UTC is late evening (after it).
    const a = berlinOffsetMinutes(Date.UTC(y, m - 1, d, 0, 0));
    const b = berlinOffsetMinutes(Date.UTC(y, m - 1, d, 21, 59));
    same = a === b ? a : null;
    if (dayOffsets.size > 5000) dayOffsets.clear();
    dayOffsets.set(date, same);
  }
  if (same !== null) return new Date(guess - same * 60000);
  const first = guess - berlinOffsetMinutes(guess) * 60000;
  return new Date(guess - berlinOffsetMinutes(first) * 60000);
}

/** The Berlin calendar date of an instant. */
export function berlinDate(at: Date | number): string {
  const p = parts(typeof at === "number" ? at : at.getTime());
  return `${p.y}-${String(p.m).padStart(2, "0")}-${String(p.d).padStart(2, "0")}`;
}

/** "HH:MM" in Berlin of an instant. */
export function berlinTime(at: Date): string {
  const p = parts(at.getTime());
  return `${String(p.h).padStart(2, "0")}:${String(p.min).padStart(2, "0")}`;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The calendar date `n` days after `date`. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export const isDate = (s: unknown): s is string => typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** "HH:MM[:SS]" → minutes after midnight. */
export const toMinutes = (t: string): number => {
  const [h, m] = t.split(":").map(Number) as [number, number];
  return h * 60 + m;
};

// The Land's public holidays (date-holidays, ADR 0025), with their German names. The library (~0.3 s to
// load) is required on first use, not at start-up.
const requireCjs = createRequire(import.meta.url);
const holidayCache = new Map<number, Map<string, string>>();

/** Public holidays of Baden-Württemberg in `year` (date → name), Easter-based and one-off ones included. */
export function bwHolidays(year: number): Map<string, string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const Holidays = requireCjs("date-holidays") as typeof import("date-holidays").default;
  const bw = new Holidays("DE", "BW", { languages: ["de"], types: ["public"] });
  const map = new Map(bw.getHolidays(year).map((h) => [h.date.slice(0, 10), h.name] as const));
  holidayCache.set(year, map);
  return map;
}

/** The holiday's name when `date` is a public holiday in Baden-Württemberg. */
export function bwHoliday(date: string): string | undefined {
  return bwHolidays(Number(date.slice(0, 4))).get(date);
}
