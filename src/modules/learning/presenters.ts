import type { CourseContent } from "./courses.js";

/** Names of the course languages in their own language (the language choice shows them so). */
export const LANGUAGE_NAMES: Record<string, string> = { de: "Deutsch", en: "English", tr: "Türkçe", ar: "العربية", ru: "Русский", uk: "Українська" };

/** Date of birth as the verification page shows it: the day hidden ("**.05.1990"). */
export function maskBirthDate(date: string | null): string {
  if (!date) return "–";
  const [y, m] = date.split("-");
  return `**.${m}.${y}`;
}

/** A day "2026-12-06" as "06.12.2026". */
export const germanDay = (d: string) => d.split("-").reverse().join(".");

/** Path with the guest's capability code (staff enrolments have none: the login decides). */
export const withCode = (path: string, code: string | undefined) => (code ? `${path}${path.includes("?") ? "&" : "?"}code=${encodeURIComponent(code)}` : path);

export const enrollmentPath = (id: string) => `/kurse/teilnahme/${id}`;
export const verifyPath = (code: string) => `/nachweis/${code}`;

/** dir attribute of content in `locale`. */
export const dirOf = (c: CourseContent, locale: string): "rtl" | "ltr" => (c.rtlLanguages.includes(locale) ? "rtl" : "ltr");

/** Steps of an enrolment, in order: what the participant has to do next. */
export function nextStep(c: CourseContent, e: { paid_at: Date | null; modules_done: string[]; completed_at: Date | null; ident_status?: string | null }, feeCents: number): "pay" | "modules" | "identify" | "quiz" | "done" {
  if (e.completed_at) return "done";
  if (feeCents > 0 && !e.paid_at) return "pay";
  if (c.modules.some((m) => !e.modules_done.includes(m.id))) return "modules";
  // A course with video identification: the quiz (and so the certificate) only after staff confirmed the identity.
  if (c.identification === "video" && e.ident_status !== "confirmed") return "identify";
  return "quiz";
}
