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

/** A sibling variant at least this close to the best hit makes the best one's narrower wording doubtful (dev sets: 0.78–0.79 where the person named no variant). */
export const SIBLING_RATIO = 0.75;
/** Words that never distinguish a variant ("Ersatz wegen Verlust", "Erlaubnis für Brunnen"). */
const LINK_WORDS = new Set("wegen für fur zum zur zu bei von vom der die das des dem den und oder mit nach aus im in an auf einer eines einem einen eine ein".split(" "));
const words = (s: string) => s.toLowerCase().normalize("NFC").split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4 && !LINK_WORDS.has(w));

/**
 * The activity's general entry ("Kraftfahrzeugkennzeichen Ersatz", key ending in 000) to answer instead of the best
 * hit, a narrow variant of it ("… Ersatz wegen Verlust"), when the person named nothing of what makes the variant
 * narrow and another variant of the same activity scores close: the search then guessed the variant from shared
 * words, and the general entry is what the person asked for. Word match by the first four letters ("verloren" names
 * "Verlust") or, with `named`, by the search's own analysis of the query (synonyms: "gestohlen" names "Diebstahl").
 * When the person named what makes **another** variant of the activity narrow ("kennzeichen gestohlen" with "… wegen
 * Verlust" ahead of "… wegen Diebstahl") and that variant scores close as well, that variant's key. Undefined when the best hit stands.
 */
export function generalOfUnnamedVariant(hits: readonly Hit[], query: string, ratio = SIBLING_RATIO, named?: (titleWord: string) => boolean): string | undefined {
  const best = hits[0];
  const key = best?.doc.type === "service" ? best.doc.leikaKey : undefined;
  if (!best || !key || key.length !== 14 || key.endsWith("000")) return undefined;
  const general = `${key.slice(0, 11)}000`;
  const siblings = hits.slice(1).filter((h) => h.doc.type === "service" && h.doc.leikaKey && h.doc.leikaKey.startsWith(key.slice(0, 11)) && !h.doc.leikaKey.endsWith("000"));
  const sibling = siblings[0];
  if (!sibling) return undefined;
  const generalTitle = hits.find((h) => h.doc.leikaKey === general)?.doc.title ?? commonPrefix([best.doc.title, sibling.doc.title]);
  const shared = new Set(words(generalTitle));
  const narrowing = (title: string) => words(title).filter((w) => !shared.has(w));
  const said = words(query).map((w) => w.slice(0, 4));
  const isNamed = (title: string) => narrowing(title).some((w) => said.includes(w.slice(0, 4)) || (named?.(w) ?? false));
  if (narrowing(best.doc.title).length === 0 || isNamed(best.doc.title)) return undefined;
  // A named sibling only when it is close too: a best hit far ahead was found for other words ("gebrauchtes auto
  // gekauft": "… bei Halterwechsel" at 21.7 stands against "… gebraucht aus EU-Land" at 14.9).
  const namedSibling = siblings.find((h) => h.score >= ratio * best.score && isNamed(h.doc.title));
  if (namedSibling) return namedSibling.doc.leikaKey;
  return sibling.score < ratio * best.score ? undefined : general;
}

/** A page or item above the best service by a hair (≥ this share of its score) gives way to the service: the assistant's answers are services (office, fees, forms). */
export const SERVICE_RATIO = 0.9;

/** The hits with the best service first when only a non-service result was ahead of it by less than SERVICE_RATIO. */
export function serviceFirst(hits: readonly Hit[], ratio = SERVICE_RATIO): readonly Hit[] {
  const best = hits[0];
  if (!best || best.doc.type === "service") return hits;
  const i = hits.findIndex((h) => h.doc.type === "service" && !!h.doc.leikaKey);
  if (i < 0 || hits[i]!.score < ratio * best.score) return hits;
  return [hits[i]!, ...hits.slice(0, i), ...hits.slice(i + 1)];
}

