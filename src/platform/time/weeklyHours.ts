/**
 * Weekly on-duty hours written as text, e.g. "Mo-Fr 08:00-16:00" or "Mo-Do 08:00-16:00; Fr 08:00-12:00"
 * (Europe/Berlin wall-clock time). Days: Mo Di Mi Do Fr Sa So (or Mo Tu We Th Fr Sa Su), ranges with "-",
 * lists with ","; "Ft" (Feiertag, also "PH") makes Baden-Württemberg's public holidays count as well –
 * without it a public holiday is off duty whatever its weekday. "aus"/"off"/"" = never.
 */
import { berlinDate, berlinTime, bwHoliday, isoWeekday, toMinutes } from "./berlin.js";

export interface WeeklyWindow {
  /** ISO weekdays 1–7; 8 stands for public holidays. */
  days: number[];
  from: number;
  to: number;
}
export type WeeklyHours = WeeklyWindow[];

const DAY: Record<string, number> = { mo: 1, di: 2, tu: 2, mi: 3, we: 3, do: 4, th: 4, fr: 5, sa: 6, so: 7, su: 7, ft: 8, ph: 8 };
const TIME = /^([01]?\d|2[0-4]):([0-5]\d)$/;

/** Parses the text; throws an Error naming the bad part. */
export function parseWeeklyHours(spec: string): WeeklyHours {
  const text = spec.trim();
  if (text === "" || /^(aus|off|none)$/i.test(text)) return [];
  return text.split(";").map((part) => {
    const m = /^\s*([A-Za-z ,-]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(part);
    if (!m) throw new Error(`"${part.trim()}" ist keine Zeitangabe wie "Mo-Fr 08:00-16:00"`);
    const days = new Set<number>();
    for (const item of m[1]!.split(",")) {
      const [a, b] = item.trim().toLowerCase().split(/\s*-\s*/);
      const from = DAY[a ?? ""];
      const to = b === undefined ? from : DAY[b];
      if (!from || !to || (b !== undefined && (from > 7 || to > 7 || to < from))) throw new Error(`"${item.trim()}" ist kein Wochentag oder Bereich (Mo, Di, Mi, Do, Fr, Sa, So, Ft)`);
      for (let d = from; d <= to; d++) days.add(d);
    }
    const [f, t] = [m[2]!, m[3]!];
    if (!TIME.test(f) || !TIME.test(t) || toMinutes(t) > 24 * 60 || toMinutes(f) >= toMinutes(t)) throw new Error(`"${f}-${t}" ist keine Uhrzeitspanne`);
    return { days: [...days].sort(), from: toMinutes(f), to: toMinutes(t) };
  });
}

/** Whether the instant lies inside the hours (Berlin time; a public holiday only when "Ft" is listed). */
export function withinWeeklyHours(hours: WeeklyHours, at: Date): boolean {
  const date = berlinDate(at);
  const minute = toMinutes(berlinTime(at));
  const day = bwHoliday(date) ? 8 : isoWeekday(date);
  return hours.some((w) => w.days.includes(day) && minute >= w.from && minute < w.to);
}
