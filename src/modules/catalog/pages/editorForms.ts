/** Turning the editors' plain-text fields into structured values and back (pure, unit-tested). */
import type { Translate } from "../../../platform/i18n/index.js";
import type { FormState } from "../../../platform/views/components.js";
import { DEPARTMENTS, TASK_CATEGORIES } from "../dataFiles.js";
import type { ServiceChanges } from "../commands/serviceUpdater.js";
import type { OfficeContact } from "../commands/officeUpdater.js";
import type { FormLink, LegalBasisEntry, OpeningHours } from "../db.js";
import { isEmailAddress } from "../../../platform/mail/address.js";

export const SERVICE_FIELDS = [
  "version", "shortText", "fullText", "requirements", "documents", "fees", "deadlines", "processingTime", "legalBasis", "forms",
  "onlineUrl", "trustLevel", "searchTerms", "taskCategory", "department", "popularity",
] as const;
export type ServiceField = (typeof SERVICE_FIELDS)[number];
export const TRUST_LEVELS = ["low", "substantial", "high"] as const;

const HTTPS = /^https:\/\/[^\s|]+$/;

export const lines = (s: string) => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

/** "Titel | https://…" per line; the link is optional when `linkOptional`. Returns entries or the number of the first bad line. */
export function parseLinkLines(text: string, linkOptional: boolean): { entries: Array<{ title: string; url?: string }> } | { badLine: number } {
  const entries: Array<{ title: string; url?: string }> = [];
  const all = text.split(/\r?\n/);
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!.trim();
    if (!line) continue;
    const bar = line.lastIndexOf("|");
    const title = (bar >= 0 ? line.slice(0, bar) : line).trim();
    const url = bar >= 0 ? line.slice(bar + 1).trim() : "";
    if (!title || (url && !HTTPS.test(url)) || (!url && !linkOptional)) return { badLine: i + 1 };
    entries.push(url ? { title, url } : { title });
  }
  return { entries };
}

export const formatLinkLines = (entries: Array<{ title: string; url?: string }>) => entries.map((e) => (e.url ? `${e.title} | ${e.url}` : e.title)).join("\n");

/** Comma- or line-separated terms, trimmed, without duplicates (case-insensitive). */
export function parseTerms(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[,\n;]/)) {
    const term = raw.trim().replace(/\s+/g, " ");
    if (!term || term.length > 80) continue;
    const k = term.toLocaleLowerCase("de");
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(term);
  }
  return out;
}

const LIMITS: Partial<Record<ServiceField, number>> = { shortText: 600, fullText: 6000, fees: 1500, deadlines: 1500, processingTime: 600, requirements: 6000, documents: 6000, legalBasis: 6000, forms: 6000, searchTerms: 2000, onlineUrl: 500 };

/** Validates the service form; returns the changes or the form with errors (values kept as typed). */
export function readServiceForm(values: Record<ServiceField, string>, t: Translate): { form: FormState; changes?: ServiceChanges; version: number } {
  const errors: Record<string, string> = {};
  for (const [f, n] of Object.entries(LIMITS) as Array<[ServiceField, number]>) if (values[f].length > n) errors[f] = t("validation.maxLength", { n });
  const legal = parseLinkLines(values.legalBasis, true);
  if ("badLine" in legal) errors.legalBasis ??= t("catalog.editor.error.linkLine", { line: legal.badLine });
  const forms = parseLinkLines(values.forms, false);
  if ("badLine" in forms) errors.forms ??= t("catalog.editor.error.linkLine", { line: forms.badLine });
  if (values.onlineUrl && !HTTPS.test(values.onlineUrl)) errors.onlineUrl ??= t("catalog.editor.error.url");
  if (values.trustLevel && !(TRUST_LEVELS as readonly string[]).includes(values.trustLevel)) errors.trustLevel = t("catalog.editor.error.choice");
  if (values.taskCategory && !(TASK_CATEGORIES as readonly string[]).includes(values.taskCategory)) errors.taskCategory = t("catalog.editor.error.choice");
  if (values.department && !(DEPARTMENTS as readonly string[]).includes(values.department)) errors.department = t("catalog.editor.error.choice");
  const popularity = values.popularity === "" ? 0 : Number(values.popularity);
  if (!/^\d{1,3}$/.test(values.popularity || "0") || popularity > 100) errors.popularity = t("catalog.editor.error.popularity");
  const anyContent = [values.fullText, values.requirements, values.documents, values.fees, values.processingTime].some((v) => v.trim() !== "");
  if (anyContent && !values.shortText.trim()) errors.shortText ??= t("catalog.editor.error.shortTextNeeded");
  const version = /^\d{1,9}$/.test(values.version) ? Number(values.version) : -1;
  const form: FormState = { values, errors };
  if (Object.keys(errors).length || "badLine" in legal || "badLine" in forms) return { form, version };
  return {
    form,
    version,
    changes: {
      shortText: orNull(values.shortText),
      fullText: orNull(values.fullText),
      requirements: lines(values.requirements),
      documents: lines(values.documents),
      fees: orNull(values.fees),
      deadlines: orNull(values.deadlines),
      processingTime: orNull(values.processingTime),
      legalBasis: legal.entries as LegalBasisEntry[],
      forms: forms.entries as FormLink[],
      onlineService: values.onlineUrl ? { url: values.onlineUrl, ...(values.trustLevel ? { trustLevel: values.trustLevel } : {}) } : null,
      searchTerms: parseTerms(values.searchTerms),
      taskCategory: orNull(values.taskCategory),
      department: orNull(values.department),
      popularity,
    },
  };
}

/** The form values of a stored service. */
export function serviceFormValues(s: {
  version: number; short_text: string | null; full_text: string | null; requirements: string[]; documents: string[]; fees: string | null; deadlines: string | null;
  processing_time: string | null; legal_basis: LegalBasisEntry[]; forms: FormLink[]; online_service: { url: string; trustLevel?: string } | null; search_terms: string[];
  task_category: string | null; responsible_department: string | null; popularity: number;
}): Record<ServiceField, string> {
  return {
    version: String(s.version),
    shortText: s.short_text ?? "",
    fullText: s.full_text ?? "",
    requirements: (s.requirements ?? []).join("\n"),
    documents: (s.documents ?? []).join("\n"),
    fees: s.fees ?? "",
    deadlines: s.deadlines ?? "",
    processingTime: s.processing_time ?? "",
    legalBasis: formatLinkLines(s.legal_basis ?? []),
    forms: formatLinkLines(s.forms ?? []),
    onlineUrl: s.online_service?.url ?? "",
    trustLevel: s.online_service?.trustLevel ?? "",
    searchTerms: (s.search_terms ?? []).join(", "),
    taskCategory: s.task_category ?? "",
    department: s.responsible_department ?? "",
    popularity: String(s.popularity),
  };
}

export const OFFICE_FIELDS = ["updatedAt", "building", "street", "postcode", "city", "phone", "email", "website", "openingHours", "accessibility"] as const;
export type OfficeField = (typeof OFFICE_FIELDS)[number];

/** Validates the office contact form. */
export function readOfficeForm(values: Record<OfficeField, string>, t: Translate): { form: FormState; contact?: OfficeContact } {
  const errors: Record<string, string> = {};
  for (const f of ["building", "street", "city", "phone", "email", "website"] as const) if (values[f].length > 200) errors[f] = t("validation.maxLength", { n: 200 });
  if (values.accessibility.length > 1000) errors.accessibility = t("validation.maxLength", { n: 1000 });
  if (values.postcode && !/^\d{5}$/.test(values.postcode)) errors.postcode = t("catalog.offices.error.postcode");
  if (values.email && !isEmailAddress(values.email)) errors.email ??= t("validation.email");
  if (values.website && !HTTPS.test(values.website)) errors.website ??= t("catalog.editor.error.url");
  const hours: OpeningHours[] = [];
  const all = values.openingHours.split(/\r?\n/);
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!.trim();
    if (!line) continue;
    const [days, ...rest] = line.split("|");
    const h = rest.join("|").trim();
    if (!days?.trim() || !h) {
      errors.openingHours ??= t("catalog.offices.error.hoursLine", { line: i + 1 });
      continue;
    }
    hours.push({ days: days.trim(), hours: h });
  }
  const form: FormState = { values, errors };
  if (Object.keys(errors).length) return { form };
  return {
    form,
    contact: { building: orNull(values.building), street: orNull(values.street), postcode: orNull(values.postcode), city: orNull(values.city), phone: orNull(values.phone), email: orNull(values.email), website: orNull(values.website), openingHours: hours, accessibility: orNull(values.accessibility) },
  };
}
