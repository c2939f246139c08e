/**
 * Reading the usual waste calendar exports: iCalendar (one file per street, as the Abfallwirtschaft's
 * portals offer them: all-day VEVENTs whose SUMMARY names the kind of waste) and CSV (Straße;Datum;Abfallart,
 * `;` or `,`, dates as 31.12.2026 or 2026-12-31; an optional column Hausnummern with "1-49", "2-48 gerade",
 * "ab 51", "bis 50 ungerade" for streets collected by sections). Pure functions; the importer writes.
 */
import { parseCsvLines } from "../../platform/csv.js";
import { isDate } from "../../platform/time/berlin.js";
import type { WasteFraction } from "./db.js";

/** A section of a street by house numbers (inclusive; a missing end is open); parity: only odd or even numbers. */
export interface HouseRange {
  from?: number;
  to?: number;
  parity?: "odd" | "even";
}

export interface WasteEntry {
  street: string;
  day: string;
  fraction: WasteFraction;
  /** The section of the street; none = the whole street. */
  houses?: HouseRange;
}

/** A Hausnummern cell: "" → whole street (undefined); "1-49", "1–49 ungerade", "ab 51", "bis 50", "gerade" → the range; anything else "invalid". */
export function parseHouseRange(cell: string): HouseRange | undefined | "invalid" {
  const v = cell.trim().toLowerCase().replace(/\s+/g, " ");
  if (!v) return undefined;
  const m = /^(?:(?:nr\.? ?)?(\d{1,5}) ?[-–] ?(\d{1,5})|ab (\d{1,5})|bis (\d{1,5}))?(?:,? ?\(?(ungerade|gerade)\)?)?$/.exec(v);
  if (!m || (!m[1] && !m[3] && !m[4] && !m[5])) return "invalid";
  const from = m[1] ? Number(m[1]) : m[3] ? Number(m[3]) : undefined;
  const to = m[2] ? Number(m[2]) : m[4] ? Number(m[4]) : undefined;
  if ((from !== undefined && from < 1) || (to !== undefined && to < 1) || (from !== undefined && to !== undefined && from > to)) return "invalid";
  const range: HouseRange = {};
  if (from !== undefined) range.from = from;
  if (to !== undefined) range.to = to;
  if (m[5]) range.parity = m[5] === "ungerade" ? "odd" : "even";
  return range;
}

/** Whether a house number lies in a section (no section: the whole street). */
export function inHouseRange(n: number, r: HouseRange | undefined): boolean {
  if (!r) return true;
  if (r.from !== undefined && n < r.from) return false;
  if (r.to !== undefined && n > r.to) return false;
  if (r.parity === "odd" && n % 2 === 0) return false;
  if (r.parity === "even" && n % 2 === 1) return false;
  return true;
}

/**
 * A typed house number: `number`, with `last` for a building spanning numbers ("12-14"), and `suffix` for a letter
 * or a Baden-Württemberg sub-number ("12a" → "a", "12/1" → "/1", "12a/1" → "a/1"). The suffix never changes the section.
 */
export interface HouseNumber {
  number: number;
  last?: number;
  suffix?: string;
}

/** How far a typed range may span ("12-14" is one building; "1-99" is a street, not a house). */
export const MAX_HOUSE_SPAN = 20;

/**
 * Reads a typed house number: "12", "12a", "12 B", "Nr. 12", "12/1", "12 / 1", "12a/1", "12-14", "12–14", "12a-14".
 * "" → undefined; a range whose end is not above its start or that spans more than MAX_HOUSE_SPAN → "range";
 * anything else → "invalid".
 */
export function parseHouseNumber(input: string): HouseNumber | undefined | "invalid" | "range" {
  const v = input.trim().toLowerCase().replace(/\s+/g, " ");
  if (!v) return undefined;
  const range = /^(?:nr\.? ?)?(\d{1,5}) ?[a-z]? ?[-–] ?(\d{1,5}) ?[a-z]?$/.exec(v);
  if (range) {
    const [first, last] = [Number(range[1]), Number(range[2])];
    if (first < 1) return "invalid";
    if (last <= first || last - first > MAX_HOUSE_SPAN) return "range";
    return { number: first, last };
  }
  const m = /^(?:nr\.? ?)?(\d{1,5}) ?([a-z])?(?: ?\/ ?(\d{1,3}))?$/.exec(v);
  if (!m || Number(m[1]) < 1 || (m[3] !== undefined && Number(m[3]) < 1)) return "invalid";
  const suffix = `${m[2] ?? ""}${m[3] ? `/${Number(m[3])}` : ""}`;
  return suffix ? { number: Number(m[1]), suffix } : { number: Number(m[1]) };
}

/**
 * The numbers a building stands on: one, or the numbers of a range on its side of the street ("12-14" → 12, 14:
 * in Germany one side has the odd, the other the even numbers); a range from odd to even ("12-13") takes every number.
 */
export function houseNumbersOf(h: HouseNumber): number[] {
  if (h.last === undefined) return [h.number];
  const step = (h.last - h.number) % 2 === 0 ? 2 : 1;
  const out: number[] = [];
  for (let n = h.number; n <= h.last; n += step) out.push(n);
  return out;
}

/**
 * `match`: the section; `invalid`: unreadable; `range`: a range the wrong way round or too wide; `none`: a number in no
 * section; `split`: the numbers of a range fall into different sections (with different collection days).
 */
export type HouseMatch<T> = { kind: "match"; section: T } | { kind: "invalid" } | { kind: "range" } | { kind: "none" } | { kind: "split" };

/**
 * The section of one street a typed house number belongs to. `sections` are the entries of one street name;
 * a section with numbers wins over the whole-street entry, and of several the narrowest (calendars sometimes
 * give "ab 51" next to "51-99"), so the more specific data is shown. A range ("12-14") must land every one of its
 * numbers in the same section.
 */
export function matchHouseSection<T extends { houses?: HouseRange }>(sections: readonly T[], input: string): HouseMatch<T> {
  const h = parseHouseNumber(input);
  if (h === undefined || h === "invalid") return { kind: "invalid" };
  if (h === "range") return { kind: "range" };
  const width = (s: T) => (!s.houses ? Infinity : ((s.houses.to ?? 100_000) - (s.houses.from ?? 1) + 1) / (s.houses.parity ? 2 : 1));
  const best = (n: number) => sections.filter((s) => inHouseRange(n, s.houses)).sort((a, b) => width(a) - width(b))[0];
  const found = houseNumbersOf(h).map(best);
  if (found.some((s) => s === undefined)) return { kind: "none" };
  return found.every((s) => s === found[0]) ? { kind: "match", section: found[0]! } : { kind: "split" };
}

/** The kind of waste a summary or CSV cell names (German labels and their common variants). */
export function fractionOf(label: string): WasteFraction | undefined {
  const l = label.toLowerCase();
  if (/schadstoff|problemstoff/.test(l)) return "schadstoff";
  if (/bio/.test(l)) return "bio";
  if (/papier|pappe|blaue tonne/.test(l)) return "papier";
  if (/gelb|wertstoff|verpackung/.test(l)) return "gelb";
  if (/grün|gruen|baum|strauch|garten/.test(l)) return "gruen";
  if (/rest|haus/.test(l)) return "rest";
  return undefined;
}

function toIsoDate(v: string): string | undefined {
  const s = v.trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  const compact = /^(\d{4})(\d{2})(\d{2})/.exec(s);
  const iso = german ? `${german[3]}-${german[2]!.padStart(2, "0")}-${german[1]!.padStart(2, "0")}` : compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : s;
  return isDate(iso) ? iso : undefined;
}

/** Collection dates of one street from an iCalendar file; events with an unknown kind are skipped and counted. */
export function parseWasteIcs(text: string, street: string): { entries: WasteEntry[]; skipped: number } {
  // Unfold continuation lines (RFC 5545 3.1).
  const lines = text.replace(/\r\n[ \t]/g, "").replace(/\n[ \t]/g, "").split(/\r?\n/);
  const entries: WasteEntry[] = [];
  let skipped = 0;
  let current: { day?: string; summary?: string } | undefined;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT" && current) {
      const fraction = current.summary ? fractionOf(current.summary) : undefined;
      if (current.day && fraction) entries.push({ street, day: current.day, fraction });
      else skipped++;
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).split(";")[0]!.toUpperCase();
      const value = line.slice(colon + 1);
      if (name === "DTSTART") current.day = toIsoDate(value);
      else if (name === "SUMMARY") current.summary = value.replace(/\\,/g, ",").replace(/\\;/g, ";");
    }
  }
  return { entries, skipped };
}

/** Collection dates of many streets from a CSV export with a header row (Straße, Datum, Abfallart in any order). */
export function parseWasteCsv(text: string): { entries: WasteEntry[]; errors: string[] } {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = firstLine.split(";").length > firstLine.split(",").length ? ";" : ",";
  const rows = parseCsvLines(text, delimiter);
  const header = (rows[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
  const col = (re: RegExp) => header.findIndex((h) => re.test(h));
  const [iStreet, iDay, iKind, iHouses] = [col(/stra(ß|ss)e|street/), col(/datum|date|termin/), col(/abfall|fraktion|art|kind/), col(/hausnummer|house/)];
  if (iStreet < 0 || iDay < 0 || iKind < 0) return { entries: [], errors: ["Kopfzeile: Spalten Straße, Datum und Abfallart fehlen"] };
  const entries: WasteEntry[] = [];
  const errors: string[] = [];
  for (const row of rows.slice(1)) {
    const street = (row.fields[iStreet] ?? "").trim();
    const day = toIsoDate(row.fields[iDay] ?? "");
    const fraction = fractionOf(row.fields[iKind] ?? "");
    const houses = iHouses >= 0 ? parseHouseRange(row.fields[iHouses] ?? "") : undefined;
    if (!street && !row.fields.some((f) => f.trim())) continue;
    if (houses === "invalid") errors.push(`Zeile ${row.line}: Hausnummern nicht lesbar (z. B. 1-49, 2-48 gerade, ab 51)`);
    else if (!street || street.length > 200 || !day || !fraction) errors.push(`Zeile ${row.line}: ungültig`);
    else entries.push(houses ? { street, day, fraction, houses } : { street, day, fraction });
  }
  return { entries, errors };
}
