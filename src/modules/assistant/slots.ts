/**
 * Slot questions for service variants, derived from the catalogue (no list per service): when the search
 * finds, next to the best service, another service of the same LeiKa object (first 8 digits: "Führerschein")
 * with a different activity (digits 9–11: Ersatz 036 vs. Umtausch 051) scoring almost as well, the assistant
 * asks which one ("Worum geht es bei „Führerschein“? 1: Ersatz wegen Verlust. 2: Umtausch."). Variants of
 * one activity (Ersatz vs. Ersatz wegen Verlust) are not asked: the general one serves the specific one;
 * nor is the object's general entry (activity 000, "Wohngeld"), which covers all its activities.
 * The person answers with the number (or key) or in words ("verloren"): the words are searched together
 * with the object's name and the first offered variant among the results is taken.
 */
import type { Hit, SearchService } from "../search/index.js";

/**
 * A variant counts as "almost as good" from this share of the best score up. Chosen on the development
 * sets only (bench/assistant.ts): see docs/modules/assistant.md for the runs.
 */
export const SLOT_RATIO = 0.99;
export const MAX_VARIANTS = 3;

const object = (key: string) => key.slice(0, 8);
const activity = (key: string) => key.slice(8, 11);

/** The words all titles start with ("Führerschein"), or "" when they share none. */
export function commonPrefix(titles: readonly string[]): string {
  const words = titles.map((t) => t.split(/\s+/));
  const out: string[] = [];
  for (let i = 0; words.every((w) => i < w.length - 1 && w[i] === words[0]![i]); i++) out.push(words[0]![i]!);
  return out.join(" ");
}

/** The variants to ask about (best first), or undefined when the best hit is not ambiguous. */
export function variantsOf(hits: readonly Hit[], ratio = SLOT_RATIO): Hit[] | undefined {
  const best = hits[0];
  if (!best || best.doc.type !== "service" || !best.doc.leikaKey) return undefined;
  const key = best.doc.leikaKey;
  if (activity(key) === "000") return undefined;
  const picked: Hit[] = [best];
  const activities = new Set([activity(key)]);
  for (const h of hits.slice(1)) {
    const k = h.doc.leikaKey;
    if (picked.length >= MAX_VARIANTS || h.score < ratio * best.score) break;
    // The object's general entry (activity 000, "Wohngeld") covers all its activities: no question about it.
    if (h.doc.type !== "service" || !k || object(k) !== object(key) || activities.has(activity(k)) || activity(k) === "000") continue;
    activities.add(activity(k));
    picked.push(h);
  }
  return picked.length > 1 ? picked : undefined;
}

/** The offered variant a person named in words ("verloren" → "Führerschein Ersatz wegen Verlust"), or undefined. */
export async function variantInWords(search: SearchService, text: string, offered: ReadonlyArray<{ leikaKey: string; title: string }>): Promise<string | undefined> {
  const prefix = commonPrefix(offered.map((o) => o.title));
  if (!prefix || !/\p{L}{3}/u.test(text)) return undefined;
  const outcome = await search.search(`${prefix} ${text}`, { limit: 10 });
  const keys = new Set(offered.map((o) => o.leikaKey));
  return outcome.hits.find((h) => h.doc.leikaKey && keys.has(h.doc.leikaKey))?.doc.leikaKey;
}
