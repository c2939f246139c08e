/**
 * The in-browser course editor's model (issue 20): which form fields a course has, their values in one language,
 * and applying a saved form to a draft. Pure, so the editor page, its command and tests share one set of rules.
 * Structure that needs files (videos, posters, downloads) stays as published; texts, captions, quiz wording and the
 * course's numbers are edited here. `checkCourse` still decides what may be published.
 */
import type { CourseContent, CourseModule, Localized } from "./courses.js";

/** Fields of the course as a whole (not per language). */
export const GENERAL_FIELDS = ["version", "passPercent", "timeLimitMinutes", "fee", "validityMonths", "renewalReminderDays", "searchTerms"] as const;

const LIMIT_TITLE = 200;
const LIMIT_TEXT = 50_000;

export interface LanguageField {
  name: string;
  /** Message key of the label and its parameters. */
  label: string;
  params?: Record<string, string | number>;
  long: boolean;
  get(c: CourseContent, lang: string): string;
  set(c: CourseContent, lang: string, value: string): void;
}

const put = (l: Localized, lang: string, v: string) => {
  if (v) l[lang] = v;
  else delete l[lang];
};

/** The per-language fields of a course, in page order. */
export function languageFields(c: CourseContent): LanguageField[] {
  const fields: LanguageField[] = [
    { name: "title", label: "learning.editor.field.title", long: false, get: (x, l) => x.title[l] ?? "", set: (x, l, v) => put(x.title, l, v) },
    { name: "summary", label: "learning.editor.field.summary", long: true, get: (x, l) => x.summary[l] ?? "", set: (x, l, v) => put(x.summary, l, v) },
  ];
  const mod = (id: string) => (x: CourseContent) => x.modules.find((m) => m.id === id)!;
  c.modules.forEach((m, i) => {
    const n = { n: i + 1 };
    const at = mod(m.id);
    fields.push({ name: `m-${m.id}-title`, label: "learning.editor.field.moduleTitle", params: n, long: false, get: (x, l) => at(x).title[l] ?? "", set: (x, l, v) => put(at(x).title, l, v) });
    if (m.kind === "text") fields.push({ name: `m-${m.id}-body`, label: "learning.editor.field.markdown", params: n, long: true, get: (x, l) => (at(x) as typeof m).body[l] ?? "", set: (x, l, v) => put((at(x) as typeof m).body, l, v) });
    if (m.kind === "video") {
      fields.push({ name: `m-${m.id}-captions`, label: "learning.editor.field.captions", params: n, long: true, get: (x, l) => (at(x) as typeof m).captions[l] ?? "", set: (x, l, v) => put((at(x) as typeof m).captions, l, v) });
      fields.push({ name: `m-${m.id}-transcript`, label: "learning.editor.field.transcript", params: n, long: true, get: (x, l) => (at(x) as typeof m).transcript[l] ?? "", set: (x, l, v) => put((at(x) as typeof m).transcript, l, v) });
    }
    if (m.kind === "download") fields.push({ name: `m-${m.id}-intro`, label: "learning.editor.field.intro", params: n, long: true, get: (x, l) => (at(x) as typeof m).intro[l] ?? "", set: (x, l, v) => put((at(x) as typeof m).intro, l, v) });
  });
  c.quiz.questions.forEach((q, i) => {
    const n = { n: i + 1 };
    const at = (x: CourseContent) => x.quiz.questions.find((y) => y.id === q.id)!;
    fields.push({ name: `q-${q.id}-text`, label: "learning.editor.field.question", params: n, long: true, get: (x, l) => at(x).text[l] ?? "", set: (x, l, v) => put(at(x).text, l, v) });
    if (q.kind !== "fill")
      q.options.forEach((o, j) => {
        const opt = (x: CourseContent) => (at(x) as typeof q).options.find((y) => y.id === o.id)!;
        fields.push({ name: `q-${q.id}-o-${o.id}`, label: "learning.editor.field.option", params: { n: i + 1, o: j + 1 }, long: false, get: (x, l) => opt(x).text[l] ?? "", set: (x, l, v) => put(opt(x).text, l, v) });
      });
    fields.push({ name: `q-${q.id}-feedback`, label: "learning.editor.field.feedback", params: n, long: true, get: (x, l) => at(x).feedback[l] ?? "", set: (x, l, v) => put(at(x).feedback, l, v) });
  });
  return fields;
}

export const formatFee = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`;

/** The form's values for one language. */
export function draftValues(c: CourseContent, lang: string): Record<string, string> {
  const values: Record<string, string> = {
    version: String(c.version),
    passPercent: String(c.quiz.passPercent),
    timeLimitMinutes: String(c.quiz.timeLimitMinutes),
    fee: formatFee(c.feeCents),
    validityMonths: c.validityMonths === null ? "" : String(c.validityMonths),
    renewalReminderDays: c.renewalReminderDays == null ? "" : String(c.renewalReminderDays),
    searchTerms: c.searchTerms,
  };
  for (const f of languageFields(c)) values[f.name] = f.get(c, lang);
  return values;
}

const intIn = (v: string, min: number, max: number) => /^\d{1,6}$/.test(v.trim()) && Number(v) >= min && Number(v) <= max;

/**
 * Applies a saved form (one language's texts plus the general fields) to a copy of the draft. Errors are message
 * keys per field; with errors the draft is not changed. `minVersion`: the lowest version number still free.
 */
export function applyDraftEdits(c: CourseContent, lang: string, values: Record<string, string>, minVersion: number): { content: CourseContent; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const next = structuredClone(c);
  const v = (k: string) => (values[k] ?? "").replace(/\r\n/g, "\n");
  if (!intIn(v("version"), minVersion, 100_000)) errors.version = "learning.editor.error.version";
  if (!intIn(v("passPercent"), 1, 100)) errors.passPercent = "learning.editor.error.passPercent";
  if (!intIn(v("timeLimitMinutes"), 1, 600)) errors.timeLimitMinutes = "learning.editor.error.timeLimit";
  const fee = /^(\d{1,5})(?:,(\d{2}))?$/.exec(v("fee").trim());
  if (!fee) errors.fee = "learning.editor.error.fee";
  if (v("validityMonths").trim() && !intIn(v("validityMonths"), 1, 240)) errors.validityMonths = "learning.editor.error.validity";
  if (v("renewalReminderDays").trim() && !intIn(v("renewalReminderDays"), 1, 365)) errors.renewalReminderDays = "learning.editor.error.renewal";
  if (v("searchTerms").length > 500) errors.searchTerms = "learning.editor.error.long";
  for (const f of languageFields(c)) {
    const text = v(f.name);
    if (text.length > (f.long ? LIMIT_TEXT : LIMIT_TITLE)) errors[f.name] = "learning.editor.error.long";
    else if (lang === "de" && (f.name === "title" || f.name.endsWith("-title")) && !text.trim()) errors[f.name] = "learning.editor.error.required";
    else f.set(next, lang, f.long ? text : text.trim());
  }
  if (Object.keys(errors).length > 0) return { content: c, errors };
  next.version = Number(v("version"));
  next.quiz.passPercent = Number(v("passPercent"));
  next.quiz.timeLimitMinutes = Number(v("timeLimitMinutes"));
  next.feeCents = Number(fee![1]) * 100 + Number(fee![2] ?? 0);
  next.validityMonths = v("validityMonths").trim() ? Number(v("validityMonths")) : null;
  // Empty: the module's default (LEARNING_RENEWAL_REMINDER_DAYS); the key is left out, as in a course.json without it.
  if (v("renewalReminderDays").trim()) next.renewalReminderDays = Number(v("renewalReminderDays"));
  else delete next.renewalReminderDays;
  next.searchTerms = v("searchTerms").trim();
  return { content: next, errors };
}

/** Appends an empty text module (its Markdown is then missing in every language until written). */
export function withTextModule(c: CourseContent, titleDe: string): CourseContent {
  const next = structuredClone(c);
  let n = next.modules.length + 1;
  while (next.modules.some((m) => m.id === `text-${n}`)) n++;
  const m: CourseModule = { id: `text-${n}`, kind: "text", title: { de: titleDe.trim() }, body: {} };
  next.modules.push(m);
  return next;
}

/** Removes a module (videos and downloads too: their files stay in the folder, unused). */
export function withoutModule(c: CourseContent, id: string): CourseContent {
  return { ...structuredClone(c), modules: c.modules.filter((m) => m.id !== id).map((m) => structuredClone(m)) };
}

/** Adds an uploaded lesson image (already re-encoded) as `bild-N.jpg`; returns the new content and the name. */
export function withImage(c: CourseContent, img: { jpeg: Buffer; width: number; height: number }): { content: CourseContent; name: string } {
  const next = structuredClone(c);
  const images = (next.images ??= {});
  let n = Object.keys(images).length + 1;
  while (images[`bild-${n}.jpg`]) n++;
  const name = `bild-${n}.jpg`;
  images[name] = { jpegBase64: img.jpeg.toString("base64"), width: img.width, height: img.height };
  return { content: next, name };
}

/** Removes a lesson image (a text still showing it is reported by the check before publishing). */
export function withoutImage(c: CourseContent, name: string): CourseContent {
  const next = structuredClone(c);
  if (next.images) delete next.images[name];
  return next;
}
