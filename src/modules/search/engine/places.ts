/**
 * Place names in a query ("hund anmelden in Mühlacker"): a municipality of the served area is
 * found by its folded name, taken out of the query and used for the responsible office.
 */
import { matchKey, tokenize } from "../analysis/fold.js";

export interface Place {
  ags: string;
  ars: string;
  name: string;
}

interface PlaceEntry extends Place {
  keys: string[];
}

const PREPOSITIONS = new Set(["in", "im", "aus", "bei", "fuer", "nach", "von", "gemeinde", "stadt"]);

/** Matching key of a token: folded, ae/oe/ue → a/o/u, "sankt" → "st". */
const placeKey = (tok: string) => (tok === "sankt" ? "st" : matchKey(tok));

export class PlaceMatcher {
  private readonly entries: PlaceEntry[];
  private readonly maxWords: number;

  constructor(places: Place[]) {
    this.entries = places.map((p) => ({ ...p, keys: tokenize(p.name).map(placeKey) }));
    this.maxWords = Math.max(1, ...this.entries.map((e) => e.keys.length));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Finds the last place named in the query; returns it and the query without it. */
  detect(query: string): { place?: Place; rest: string } {
    const tokens = tokenize(query);
    const keys = tokens.map(placeKey);
    for (let i = tokens.length - 1; i >= 0; i--) {
      for (let n = Math.min(this.maxWords, tokens.length - i); n >= 1; n--) {
        const seq = keys.slice(i, i + n).join(" ");
        const hit = this.entries.find((e) => e.keys.join(" ") === seq);
        if (!hit) continue;
        // A query that is only a place name stays a query (the town hall is an office document).
        if (n === tokens.length) return { rest: query };
        let start = i;
        if (start > 0 && PREPOSITIONS.has(tokens[start - 1]!)) start--;
        const rest = [...tokens.slice(0, start), ...tokens.slice(i + n)].join(" ");
        const { ags, ars, name } = hit;
        return { place: { ags, ars, name }, rest };
      }
    }
    return { rest: query };
  }
}
