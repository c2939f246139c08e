/**
 * The dialogue engine: one turn in, one reply out. It answers only from the portal's own data: the
 * search index (which service the person means, which municipality they name), the responsibility
 * finder (office, contact, opening hours), the portal's online forms and the appointment booking.
 * Every answer names its source (the service page). When nothing fits well enough it says so and
 * offers a person (handoff) instead of guessing. No language model, no external service.
 */
import type { Db } from "../../platform/db/index.js";
import type { Translate } from "../../platform/i18n/index.js";
import { findResponsible, type Responsible } from "../responsibility/index.js";
import { onlineFormLinksFor } from "../applications/index.js";
import { bookingLinksFor } from "../appointments/index.js";
import type { Hit, SearchService } from "../search/index.js";
import type { ReplyKind, ReplyLink } from "./db.js";
import { commonPrefix, generalOfUnnamedVariant, serviceFirst, variantInWords, variantsOf } from "./slots.js";
import { matchPlace, placeOfPostcode, type Municipality, type PlaceMatch } from "./places.js";

export { matchPlace, type Municipality } from "./places.js";

/** Below this search score the best result is not trusted (set from the score distribution of the dev sets in data/assistant; bench/assistant.ts). */
export const MIN_SCORE = 3;
/** Results from this score up (but below MIN_SCORE) are offered as a numbered menu instead of an answer; below it the assistant says it does not know ("wie ist das wetter": 1.27). */
export const CHOICE_SCORE = 1.3;
/** At most this many services in the menu (the phone reads them out). */
export const MAX_CHOICES = 3;
/** Longest message the engine reads (longer input is cut). */
export const MAX_INPUT = 500;

/** What the engine remembers between turns (stored with the conversation). */
export interface DialogueState {
  ags: string | null;
  pendingLeika: string | null;
  /** LeiKa keys offered as "1, 2, 3" in the last reply. */
  choices: string[];
}

export interface Reply {
  kind: ReplyKind;
  /** Plain sentences without URLs: readable on screen and speakable on the phone. */
  text: string;
  links: ReplyLink[];
  leikaKey?: string;
  place?: Municipality;
  /** kind "choose": the numbered services (say or press the number). */
  options?: Array<{ n: number; leikaKey: string; title: string }>;
  /** kind "choose": the question before the options (the phone speaks it before its key menu). */
  lead?: string;
  /** kind "choose": the reply also asks for the municipality (one question instead of two). */
  asksPlace?: boolean;
  /** With `asksPlace`: the option the municipality alone answers (the first service of an unsure menu). */
  placeAnswers?: number;
}

export interface EngineDeps {
  db: Db;
  search: SearchService;
  t: Translate;
  /** The signed-in person's own cases (the cases module's index), newest first; absent when nobody is signed in. */
  ownCases?: () => Promise<OwnCase[]>;
  /**
   * The status of the application with this receipt reference and status code (the secret of the receipt's
   * status link), rate-limited per client: "none" for an unknown reference and for a wrong code alike.
   */
  receiptStatus?: (reference: string, code: string) => Promise<ReceiptStatus>;
}

/** What a receipt look-up finds: the case's citizen status, nothing (unknown or wrong – not told apart) or too many tries. */
export type ReceiptStatus = { found: { reference: string; serviceTitle: string; status: string } } | { none: true } | { limited: { minutes: number } };

/** One of the person's own cases, as the status answer names it. */
export interface OwnCase {
  reference: string;
  serviceTitle: string;
  /** The citizen-facing status ("In Bearbeitung"). */
  status: string;
  /** Where the person sees the case (the mailbox of its submission). */
  href: string;
}

/** At most this many cases in a status answer (newest first; the rest behind "Meine Anträge"). */
export const MAX_CASES = 5;

/**
 * A question about the person's own application rather than about a service: "Wo steht mein Antrag?",
 * "Status meines Antrags", "was ist mit meinem Antrag", "where is my application".
 */
const CASE_STATUS =
  /\b(wo|wie)\s+(steht|stehen|ist|sind)\s+(es\s+(mit|um)\s+)?(mein(e|em|en)?|unser(e|em)?)\s+(antr(a|ä)g|vorg(a|ä)ng)|\b(status|stand|bearbeitungsstand)\s+(meines|meiner|meinem|meine|mein|von\s+meinem|unseres)\s+(antr(a|ä)g|vorg(a|ä)ng)|\bwas\s+ist\s+(mit|aus)\s+(meinem|unserem)\s+(antrag|vorgang)|\bmein(e)?\s+(antr(a|ä)g\w*|vorgang)\s+(status|stand)\b|\b(status|state)\s+of\s+my\s+(application|request)|\bwhere\s+is\s+my\s+(application|request)|\bmy\s+application('s)?\s+status/i;

/** A receipt reference (EK-2026-000123). */
const RECEIPT_REFERENCE = /\b([A-Za-z]{2,4}-\d{4}-\d{6})\b/;
/** The status link pasted whole: its `code=` parameter. */
const LINK_CODE = /[?&]code=([A-Za-z0-9_%-]{16,300})/;
/** A status code typed apart: 16 to 100 URL-safe characters with a digit, "-", "_" or a capital after the first letter (no German word). */
const BARE_CODE = /(?<![A-Za-z0-9_-])([A-Za-z0-9_-]{16,100})(?![A-Za-z0-9_-])/g;
const looksLikeCode = (w: string) => /[0-9_-]/.test(w) || /[A-Z]/.test(w.slice(1));

/**
 * The receipt reference and status code in one message, as a person without an account gives them: "EK-2026-000123
 * Xy3…" or the status link pasted whole. Undefined unless both are there.
 */
export function receiptPair(text: string): { reference: string; code: string } | undefined {
  const reference = RECEIPT_REFERENCE.exec(text)?.[1]?.toUpperCase();
  if (!reference) return undefined;
  const fromLink = LINK_CODE.exec(text)?.[1];
  let code: string | undefined;
  if (fromLink) {
    try {
      code = decodeURIComponent(fromLink);
    } catch {
      return undefined;
    }
  } else {
    const rest = text.replace(RECEIPT_REFERENCE, " ");
    code = [...rest.matchAll(BARE_CODE)].map((m) => m[1]!).find(looksLikeCode);
  }
  return code ? { reference, code } : undefined;
}

/** The text with a status code replaced (what is stored of the person's turn: the code is a secret). */
export function withoutReceiptCode(text: string): string {
  const pair = receiptPair(text);
  return pair ? text.split(pair.code).join("[Statuscode]").replace(LINK_CODE, "?code=[Statuscode]") : text;
}

/** The answer to a reference and code: the status only, the same text for an unknown reference and a wrong code. */
async function receiptReply(deps: EngineDeps, pair: { reference: string; code: string }): Promise<Reply> {
  const { t } = deps;
  const r = await deps.receiptStatus!(pair.reference, pair.code);
  if ("limited" in r) return { kind: "answer", text: t("assistant.receipt.limited", { minutes: r.limited.minutes }), links: [] };
  if ("none" in r) return { kind: "answer", text: t("assistant.receipt.none"), links: [] };
  return { kind: "answer", text: `${t("assistant.receipt.found", { service: r.found.serviceTitle, reference: r.found.reference, status: r.found.status })} ${t("assistant.receipt.details")}`, links: [] };
}

/** Signing in, back to "Meine Anträge" (the status answers' alternative to the receipt's code). */
const signInLink = (t: EngineDeps["t"]): ReplyLink => ({ kind: "login", label: t("assistant.cases.login"), url: `/anmelden?next=${encodeURIComponent("/antraege")}` });

/** True when the person asks about the status of their own application. */
export function asksCaseStatus(text: string): boolean {
  return CASE_STATUS.test(text);
}

/**
 * The status answer: the signed-in person's own cases with status and link (only theirs – `ownCases` is the
 * account's query), or for an anonymous person the hint to sign in (the receipt's status link works too).
 */
async function caseStatusReply(deps: EngineDeps): Promise<Reply> {
  const { t } = deps;
  const overview: ReplyLink = { kind: "case", label: t("assistant.cases.all"), url: "/antraege" };
  const login = signInLink(t);
  // Without an account: the receipt's reference and status code in the next message, or signing in.
  if (!deps.ownCases) return { kind: "answer", text: t(deps.receiptStatus ? "assistant.cases.receiptOrSignIn" : "assistant.cases.signIn"), links: [login] };
  const cases = await deps.ownCases();
  if (cases.length === 0) return { kind: "answer", text: t("assistant.cases.none"), links: [overview] };
  const shown = cases.slice(0, MAX_CASES);
  const lines = shown.map((c) => t("assistant.cases.line", { service: c.serviceTitle, reference: c.reference, status: c.status })).join(" ");
  const more = cases.length > shown.length ? ` ${t("assistant.cases.more", { n: cases.length - shown.length })}` : "";
  return {
    kind: "answer",
    text: `${t(cases.length === 1 ? "assistant.cases.one" : "assistant.cases.many", { n: cases.length })} ${lines}${more}`,
    links: [...shown.map((c) => ({ kind: "case" as const, label: `${c.reference}: ${c.serviceTitle} (${c.status})`, url: c.href })), overview],
  };
}

/** Phrases asking for a person rather than for information. */
const HUMAN =
  /\b(mit (einem |einer |der |dem )?(menschen?|mitarbeiter(in)?|sachbearbeiter(in)?|person|jemande?m|jemand)\b|(menschen?|mitarbeiter(in)?|sachbearbeiter(in)?|jemande?m|jemand) (sprechen|reden|schreiben)|rückruf|zurückrufen|speak (to|with)|talk (to|with)|call ?back|call me|real person|human)/i;

/** True when the person asks for a human (or presses 0 on the phone). */
export function wantsHuman(text: string): boolean {
  return text.trim() === "0" || HUMAN.test(text);
}

/** Words that carry no request of their own ("ich wohne in …", "in Mühlacker bitte"). */
const FILLER = new Set(
  "ich wohne wohnen wohnhaft lebe leben wir uns mir mich in im aus nach von der die das dem den bei bitte gemeinde stadt ort ortsteil teilort plz postleitzahl danke und ja hier zuhause daheim kommen komme sind bin is i live we from it am the town city village in at please thanks yes".split(" "),
);
const onlyFiller = (rest: string) => rest.split(" ").filter((w) => w && !FILLER.has(w)).length === 0;

/** Opening hours as one spoken line: "Mo–Fr: 8–12 Uhr; Do: 14–18 Uhr". */
function hoursLine(r: Responsible): string {
  return r.office.openingHours.map((h) => `${h.days}: ${h.hours}`).join("; ");
}

/**
 * The key and its general variant (LeiKa: 8 digits service object, 3 activity, 3 detail): a booking or
 * form for "Führerschein Ersatz" (…036000) serves "Führerschein Ersatz wegen Verlust" (…036003) too.
 */
export function serviceFamily(key: string): string[] {
  return [...new Set([key, `${key.slice(0, 11)}000`])];
}

const firstOf = (links: Map<string, string>, keys: string[]) => keys.map((k) => links.get(k)).find((u) => u !== undefined);

/** The answer for one service in one municipality: office, contact, hours, form, appointment, source. */
async function serviceAnswer(deps: EngineDeps, hit: Hit, place: Municipality): Promise<Reply> {
  const { db, t } = deps;
  const doc = hit.doc;
  const key = doc.leikaKey!;
  const family = serviceFamily(key);
  const [responsible, forms, bookings] = await Promise.all([
    findResponsible(db, key, place.ags).catch(() => undefined),
    onlineFormLinksFor(db, family),
    bookingLinksFor(db, family, place.ags),
  ]);
  const lines: string[] = [t("assistant.answer.intro", { service: doc.title, place: place.name })];
  if (doc.shortText) lines.push(doc.shortText.trim());
  const links: ReplyLink[] = [];
  if (responsible) {
    const o = responsible.office;
    lines.push(t("assistant.answer.office", { office: o.parentName ? `${o.name} (${o.parentName})` : o.name }));
    if (o.street && o.postcode && o.city) lines.push(t("assistant.answer.address", { address: `${o.street}, ${o.postcode} ${o.city}` }));
    const phone = o.phone ?? o.parentPhone;
    if (phone) lines.push(t("assistant.answer.phone", { phone }));
    if (o.email) lines.push(t("assistant.answer.email", { email: o.email }));
    if (o.openingHours.length > 0) lines.push(t("assistant.answer.hours", { hours: hoursLine(responsible) }));
    else lines.push(t("assistant.answer.noHours"));
    links.push({ kind: "office", label: o.name, url: `/stellen/${o.id}` });
  } else {
    lines.push(t("assistant.answer.noOffice", { place: place.name }));
  }
  if (doc.fees) lines.push(t("assistant.answer.fees", { fees: doc.fees }));
  const form = firstOf(forms, family);
  if (form) {
    lines.push(t("assistant.answer.form"));
    links.push({ kind: "form", label: t("assistant.link.form"), url: form });
  } else if (doc.onlineServiceUrl) {
    lines.push(t("assistant.answer.onlineService"));
    links.push({ kind: "form", label: t("assistant.link.onlineService"), url: doc.onlineServiceUrl });
  }
  const booking = firstOf(bookings, family);
  if (booking) {
    lines.push(t("assistant.answer.appointment"));
    links.push({ kind: "appointment", label: t("assistant.link.appointment"), url: booking });
  }
  lines.push(t("assistant.answer.source", { service: doc.title }));
  links.unshift({ kind: "source", label: doc.title, url: doc.url });
  return { kind: "answer", text: lines.join(" "), links, leikaKey: key, place };
}

function handoffReply(t: Translate, kind: ReplyKind, text: string, query?: string): Reply {
  const links: ReplyLink[] = [{ kind: "handoff", label: t("assistant.link.handoff"), url: "/assistent/anfrage" }];
  if (query) links.push({ kind: "source", label: t("assistant.link.search"), url: `/suche?q=${encodeURIComponent(query)}` });
  return { kind, text, links };
}

const NUMBER_WORDS: Record<string, number> = { eins: 1, erste: 1, ersten: 1, erstes: 1, one: 1, first: 1, zwei: 2, zwoi: 2, zweite: 2, zweiten: 2, two: 2, second: 2, drei: 3, dritte: 3, dritten: 3, three: 3, third: 3 };

/** The menu number a person said or pressed ("2", "zwei", "die zweite", "Nummer 2"), or undefined. */
export function pickedNumber(text: string): number | undefined {
  const words = text.toLowerCase().replace(/[^a-z0-9äöüß ]+/g, " ").split(" ").filter((w) => w && !["die", "der", "das", "nummer", "number", "option", "bitte", "please", "the", "taste"].includes(w));
  if (words.length !== 1) return undefined;
  const w = words[0]!;
  if (/^[1-9]$/.test(w)) return Number(w);
  return NUMBER_WORDS[w];
}

/** The best result when it is trusted (score ≥ MIN_SCORE), else undefined. */
export function trustedHit(hits: readonly Hit[]): Hit | undefined {
  const best = hits[0];
  return best && best.score >= MIN_SCORE ? best : undefined;
}

/**
 * One turn. `homeAgs` is the signed-in person's municipality (account), used when the text and the
 * conversation name none. Returns the reply and the state to remember.
 */
export async function respond(deps: EngineDeps, state: DialogueState, input: string, opts: { homeAgs?: string | null } = {}): Promise<{ reply: Reply; state: DialogueState }> {
  const { search, t } = deps;
  const text = input.normalize("NFC").slice(0, MAX_INPUT).trim();
  // A menu is answered in the next turn or forgotten.
  const base: DialogueState = { ags: state.ags, pendingLeika: state.pendingLeika, choices: [] };
  if (!text) return { reply: { kind: "greeting", text: t("assistant.greeting"), links: [] }, state: base };
  // A receipt's reference and status code (a person without an account asking for the status): the status, nothing else.
  const pair = deps.receiptStatus ? receiptPair(text) : undefined;
  if (pair) return { reply: await receiptReply(deps, pair), state: base };
  // The reference alone (no code): without an account, ask for both in one message; no look-up, nothing told.
  const reference = deps.receiptStatus && !deps.ownCases ? RECEIPT_REFERENCE.exec(text)?.[1]?.toUpperCase() : undefined;
  if (reference) return { reply: { kind: "answer", text: t("assistant.receipt.needCode", { reference }), links: [signInLink(t)] }, state: base };
  if (wantsHuman(text)) return { reply: handoffReply(t, "handoff", t("assistant.handoff.offer")), state: base };
  if (asksCaseStatus(text)) return { reply: await caseStatusReply(deps), state: base };

  const municipalities = search.municipalities.map((m) => ({ ags: m.ags, name: m.name }));
  const named: PlaceMatch | undefined = matchPlace(text, municipalities) ?? (await placeOfPostcode(deps.db, text, municipalities));
  const byAgs = (ags: string | null | undefined) => (ags ? municipalities.find((m) => m.ags === ags) : undefined);
  const known = () => byAgs(state.ags) ?? byAgs(opts.homeAgs);
  // What is searched: the text without the place (a district or postcode means nothing to the search).
  const query = named?.query || text;

  // The answer to a menu: "2" (said or pressed), also with the place in the same breath ("2, in Mühlacker").
  const n = state.choices.length > 0 ? pickedNumber(named ? named.query : text) : undefined;
  const chosen = n !== undefined ? state.choices[n - 1] : undefined;
  if (chosen) {
    const hit = await findByKey(search, chosen);
    if (hit) return serviceTurn(deps, hit, named?.place ?? known(), base);
  }
  // The answer to a menu in words ("verloren" after "Ersatz wegen Verlust or Umtausch?").
  if (state.choices.length > 0 && n === undefined && !(named && onlyFiller(named.rest))) {
    const offered = (await Promise.all(state.choices.map((k) => findByKey(search, k)))).flatMap((h) => (h ? [{ leikaKey: h.doc.leikaKey!, title: h.doc.title, hit: h }] : []));
    const key = await variantInWords(search, query, offered);
    const hit = offered.find((o) => o.leikaKey === key)?.hit;
    if (hit) return serviceTurn(deps, hit, named?.place ?? known(), base);
  }

  // The answer to "In welcher Gemeinde wohnen Sie?": a place and nothing else of substance.
  if (named && onlyFiller(named.rest)) {
    const next: DialogueState = { ags: named.place.ags, pendingLeika: null, choices: [] };
    if (state.pendingLeika) {
      const hit = await findByKey(search, state.pendingLeika);
      if (hit) return { reply: await serviceAnswer(deps, hit, named.place), state: next };
    }
    // A slot question still open is asked again (with the place now known), not forgotten.
    if (state.choices.length > 1) {
      const offered = (await Promise.all(state.choices.map((k) => findByKey(search, k)))).filter((h): h is Hit => !!h);
      if (offered.length > 1) {
        const again = slotQuestion(t, offered, false);
        return { reply: { ...again, text: `${t("assistant.placeThanks", { place: named.place.name })} ${again.text}`, place: named.place }, state: { ...next, choices: offered.map((h) => h.doc.leikaKey!) } };
      }
    }
    return { reply: { kind: "greeting", text: t("assistant.placeNoted", { place: named.place.name }), links: [], place: named.place }, state: next };
  }

  const found = await search.search(query, { limit: 10 });
  const outcome = { ...found, hits: serviceFirst(found.hits) };
  const place = named?.place ?? byAgs(outcome.place?.ags) ?? known();
  const hit = trustedHit(outcome.hits);
  // The answer to the question back with more words than the place ("wir kommen aus Eisingen, danke schön"):
  // unless those words are a question of their own, the waiting service is answered.
  if (named && state.pendingLeika && (outcome.hits[0]?.score ?? 0) < CHOICE_SCORE) {
    const pending = await findByKey(search, state.pendingLeika);
    if (pending) return { reply: await serviceAnswer(deps, pending, named.place), state: { ags: named.place.ags, pendingLeika: null, choices: [] } };
  }
  if (!hit) {
    const seen = new Set<string>();
    const options = outcome.hits
      .filter((h) => h.doc.type === "service" && h.doc.leikaKey && h.score >= CHOICE_SCORE && !seen.has(h.doc.title) && seen.add(h.doc.title))
      .slice(0, MAX_CHOICES)
      .map((h, i) => ({ n: i + 1, leikaKey: h.doc.leikaKey!, title: h.doc.title, url: h.doc.url }));
    if (options.length === 0) return { reply: handoffReply(t, "unknown", t("assistant.unknown"), text), state: base };
    const links = [...options.map((o) => ({ kind: "source" as const, label: `${o.n}: ${o.title}`, url: o.url })), { kind: "handoff" as const, label: t("assistant.link.handoff"), url: "/assistent/anfrage" }];
    const menu = options.map(({ n, leikaKey, title }) => ({ n, leikaKey, title }));
    if (!place) {
      // One question instead of two (menu, then municipality): "Meinen Sie X? Dann nennen Sie Ihre Gemeinde.
      // Oder 2: … 3: …". The municipality alone answers the first service, a number (with or without the
      // municipality) another one.
      const first = options[0]!;
      const others = options.slice(1).map((o) => t("assistant.choose.option", { n: o.n, title: o.title })).join(" ");
      const lead = t("assistant.chooseFirst.intro", { service: first.title });
      return {
        reply: {
          kind: "choose",
          text: [lead, others ? `${t("assistant.chooseFirst.others")} ${others}` : "", t(others ? "assistant.chooseFirst.how" : "assistant.chooseFirst.howOne")].filter(Boolean).join(" "),
          lead,
          links,
          options: menu,
          asksPlace: true,
          placeAnswers: 1,
        },
        state: { ...base, pendingLeika: first.leikaKey, choices: options.map((o) => o.leikaKey) },
      };
    }
    const list = options.map((o) => t("assistant.choose.option", { n: o.n, title: o.title })).join(" ");
    return {
      reply: { kind: "choose", text: `${t("assistant.choose.intro")} ${list} ${t("assistant.choose.how")}`, links, options: menu },
      state: { ...base, ags: place.ags, choices: options.map((o) => o.leikaKey) },
    };
  }
  if (hit.doc.type !== "service" || !hit.doc.leikaKey) {
    return { reply: { kind: "answer", text: `${t("assistant.answer.page", { title: hit.doc.title })} ${t("assistant.answer.source", { service: hit.doc.title })}`, links: [{ kind: "source", label: hit.doc.title, url: hit.doc.url }] }, state: base };
  }
  const variants = variantsOf(outcome.hits);
  if (variants) return { reply: slotQuestion(t, variants, !place), state: { ...base, ags: place?.ags ?? base.ags, choices: variants.map((v) => v.doc.leikaKey!) } };
  // A narrow variant the person did not name: the general entry, or the sibling variant they did name ("gestohlen" → "… wegen Diebstahl").
  const general = generalOfUnnamedVariant(outcome.hits, query, undefined, await queryNames(search, query));
  const generalHit = general ? await findByKey(search, general) : undefined;
  return serviceTurn(deps, generalHit ?? hit, place, base);
}

/** "Worum geht es bei „Führerschein“? 1: Ersatz wegen Verlust. 2: Umtausch." (slots.ts). */
function slotQuestion(t: Translate, variants: Hit[], askPlace: boolean): Reply {
  const titles = variants.map((v) => v.doc.title);
  const prefix = commonPrefix(titles);
  const lead = prefix ? t("assistant.slot.intro", { object: prefix }) : t("assistant.choose.intro");
  const options = variants.map((v, i) => ({ n: i + 1, leikaKey: v.doc.leikaKey!, title: v.doc.title }));
  const list = options.map((o) => t("assistant.choose.option", { n: o.n, title: prefix ? o.title.slice(prefix.length).trim() : o.title })).join(" ");
  return {
    kind: "choose",
    text: `${lead} ${list} ${t(askPlace ? "assistant.slot.howWithPlace" : "assistant.slot.how")}`,
    lead,
    links: variants.map((v, i) => ({ kind: "source" as const, label: `${i + 1}: ${v.doc.title}`, url: v.doc.url })),
    options,
    ...(askPlace ? { asksPlace: true } : {}),
  };
}

/** A service is known: answer for the place, or ask for it (and remember the service). */
async function serviceTurn(deps: EngineDeps, hit: Hit, place: Municipality | undefined, base: DialogueState): Promise<{ reply: Reply; state: DialogueState }> {
  const key = hit.doc.leikaKey!;
  if (!place) {
    return {
      reply: { kind: "ask_place", text: deps.t("assistant.askPlace", { service: hit.doc.title }), links: [{ kind: "source", label: hit.doc.title, url: hit.doc.url }], leikaKey: key },
      state: { ...base, pendingLeika: key },
    };
  }
  return { reply: await serviceAnswer(deps, hit, place), state: { ags: place.ags, pendingLeika: null, choices: [] } };
}

/**
 * Whether the query names a title word, by the search's own analysis (stems, synonyms, compound parts; not typo
 * guesses): "kennzeichen gestohlen" names "Diebstahl" through the synonym "gestohlen → diebstahl".
 */
async function queryNames(search: SearchService, query: string): Promise<(titleWord: string) => boolean> {
  const index = await search.current();
  const terms = new Set(index.analyzer.analyzeQuery(query, index).concepts.flatMap((c) => c.alternatives.filter((a) => a.kind !== "typo").flatMap((a) => a.terms)));
  return (word) => index.analyzer.analyzeText(word).some((t) => terms.has(t.term));
}

/** The index entry of a LeiKa key (the service waiting for the municipality). */
async function findByKey(search: SearchService, leikaKey: string): Promise<Hit | undefined> {
  const index = await search.current();
  const idx = index.docs.findIndex((d) => d.type === "service" && d.leikaKey === leikaKey);
  return idx >= 0 ? { doc: index.docs[idx]!, score: MIN_SCORE, idx } : undefined;
}
