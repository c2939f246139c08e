/**
 * Which municipality a message names: the municipality itself ("in Mühlacker", "aus Pforzheim", "Pforzheims"),
 * one of its districts ("ich wohne in Dürrmenz" → Mühlacker) or a postcode ("75417"). The office depends
 * on the municipality, so a district or postcode saves the person the question back.
 */
import type { Db } from "../../platform/db/index.js";
import { foldName, municipalityOfPostcode } from "../geo/index.js";

export interface Municipality {
  ags: string;
  name: string;
}

/**
 * Districts (Ortsteile/Stadtteile) of the served municipalities, by the municipality's official name; a
 * municipality not served by the running portal is ignored. Compiled by hand (2026-12-07) from the
 * municipalities' own descriptions of their districts; there is no district table in the master data
 * (data/areas.csv has municipalities only). Left out on purpose: names that are everyday words or belong to
 * two municipalities ("Stein", "Singen", "Weiler", "Nußbaum", "Mühlhausen" of Mühlacker and Tiefenbronn,
 * "Nordstadt" and other compass names).
 */
export const DISTRICTS: Readonly<Record<string, readonly string[]>> = {
  Pforzheim: ["Brötzingen", "Büchenbronn", "Dillweißenstein", "Eutingen", "Hohenwart", "Huchenfeld", "Würm", "Buckenberg", "Haidach", "Sonnenhof", "Sonnenberg", "Arlinger", "Mäuerach"],
  Mühlacker: ["Dürrmenz", "Enzberg", "Großglattbach", "Lienzingen", "Lomersheim"],
  Birkenfeld: ["Gräfenhausen"],
  Engelsbrand: ["Grunbach", "Salmbach"],
  Illingen: ["Schützingen"],
  Kämpfelbach: ["Bilfingen", "Ersingen"],
  Keltern: ["Dietlingen", "Ellmendingen", "Dietenhausen", "Niebelsbach"],
  Knittlingen: ["Freudenstein", "Hohenklingen", "Kleinvillars"],
  "Königsbach-Stein": ["Königsbach"],
  Maulbronn: ["Schmie", "Zaisersweiher"],
  Neuenbürg: ["Arnbach", "Dennach", "Waldrennach"],
  Neuhausen: ["Hamberg", "Schellbronn", "Steinegg"],
  Neulingen: ["Bauschlott", "Göbrichen"],
  "Niefern-Öschelbronn": ["Niefern", "Öschelbronn"],
  "Ölbronn-Dürrn": ["Ölbronn", "Dürrn"],
  Ötisheim: ["Corres", "Schönenberg"],
  Remchingen: ["Wilferdingen", "Nöttingen"],
  Sternenfels: ["Diefenbach"],
  Straubenhardt: ["Conweiler", "Feldrennach", "Langenalb", "Ottenhausen", "Pfinzweiler", "Schwann"],
  Tiefenbronn: ["Lehningen"],
  Wiernsheim: ["Iptingen", "Pinache", "Serres"],
};

/** Folded words: lower case, umlauts as ae/oe/ue and then as plain vowels (people type "Muehlacker", "Muhlacker" and "Mühlacker"). */
export function placeWords(s: string): string[] {
  return foldName(s)
    .replace(/ae/g, "a")
    .replace(/oe/g, "o")
    .replace(/ue/g, "u")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

/** Words before a place that mean "where I live" (preferred when a message names two places: "aus Pforzheim nach Keltern gezogen"). */
const HOME = new Set(["in", "im", "nach", "wohne", "wohnen", "lebe", "leben", "wohnhaft", "gemeinde", "stadt", "to"]);
/** Words that make a place an origin. */
const ORIGIN = new Set(["aus", "von", "from"]);

interface Entry {
  words: string[];
  place: Municipality;
}

export interface PlaceMatch {
  place: Municipality;
  /** The message without the place (folded words), to tell "Mühlacker" from "hund anmelden in Mühlacker". */
  rest: string;
  /** The message as typed without the place (and a preposition right before it): what is searched. */
  query: string;
  via: "name" | "district" | "postcode";
}

/** Entries for the municipalities and their districts, longest first ("Bad Liebenzell" before "Liebenzell"). */
export function placeEntries(municipalities: readonly Municipality[]): Entry[] {
  const entries: Entry[] = municipalities.map((m) => ({ words: placeWords(m.name), place: m }));
  for (const m of municipalities) for (const d of DISTRICTS[m.name] ?? []) entries.push({ words: placeWords(d), place: m });
  return entries.filter((e) => e.words.length > 0).sort((a, b) => b.words.length - a.words.length || b.words.join(" ").length - a.words.join(" ").length);
}

/**
 * The municipality named in the text (whole words; a genitive "-s" is accepted: "Pforzheims"), or undefined.
 * Of two places the one after "in"/"nach"/"wohne" wins over one after "aus"/"von", else the last one.
 */
export function matchPlace(text: string, municipalities: readonly Municipality[]): PlaceMatch | undefined {
  // Each folded word remembers the typed token it came from ("Niefern-Öschelbronn" gives two words, one token).
  const tokens = text.split(/\s+/).filter(Boolean);
  const words: string[] = [];
  const origin: number[] = [];
  tokens.forEach((tok, ti) => {
    for (const w of placeWords(tok)) {
      words.push(w);
      origin.push(ti);
    }
  });
  const entries = placeEntries(municipalities);
  const found: Array<{ at: number; len: number; entry: Entry }> = [];
  const taken = new Set<number>();
  for (const e of entries) {
    const n = e.words.length;
    for (let i = 0; i + n <= words.length; i++) {
      if ([...Array(n).keys()].some((k) => taken.has(i + k))) continue;
      const same = e.words.every((w, k) => words[i + k] === w || (k === n - 1 && words[i + k] === `${w}s`));
      if (!same) continue;
      found.push({ at: i, len: n, entry: e });
      for (let k = 0; k < n; k++) taken.add(i + k);
    }
  }
  if (found.length === 0) return undefined;
  const rank = (f: (typeof found)[number]) => {
    const before = words[f.at - 1] ?? "";
    return (HOME.has(before) ? 2 : ORIGIN.has(before) ? 0 : 1) * 1000 + f.at;
  };
  const best = found.sort((a, b) => rank(b) - rank(a))[0]!;
  const rest = [...words.slice(0, best.at), ...words.slice(best.at + best.len)].join(" ");
  const via = best.entry.words.join(" ") === placeWords(best.entry.place.name).join(" ") ? "name" : "district";
  const drop = new Set(origin.slice(best.at, best.at + best.len));
  const first = Math.min(...drop);
  if (first > 0 && (HOME.has(words[best.at - 1] ?? "") || ORIGIN.has(words[best.at - 1] ?? "")) && origin[best.at - 1] === first - 1) drop.add(first - 1);
  const query = tokens.filter((_, i) => !drop.has(i)).join(" ");
  return { place: best.entry.place, rest, query, via };
}

/** A five-digit postcode of the served area in the text ("75417", "PLZ 75334") → its municipality; ambiguous postcodes count as none. */
export async function placeOfPostcode(db: Db, text: string, municipalities: readonly Municipality[]): Promise<PlaceMatch | undefined> {
  const m = /(?<![0-9])([0-9]{5})(?![0-9])/.exec(text);
  if (!m) return undefined;
  const kreise = [...new Set(municipalities.map((x) => x.ags.slice(0, 5)))];
  const hit = await municipalityOfPostcode(db, m[1]!, kreise);
  const place = hit && !hit.ambiguous ? municipalities.find((x) => x.ags === hit.ags) : undefined;
  if (!place) return undefined;
  const query = text.replace(m[0], " ").replace(/\b(plz|postleitzahl)\b/gi, " ").replace(/\s+/g, " ").trim();
  return { place, rest: placeWords(query).join(" "), query, via: "postcode" };
}
