/**
 * Form definitions as data, modelled on FIM XDatenfelder 3: a form (Stammdatenschema) holds pages
 * (one topic each), pages hold fields (Datenfelder) and groups (Datenfeldgruppen); groups may repeat.
 * Cardinality follows XDatenfelder's `anzahl` ("1:1", "0:1", "1:*", "2:5").
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { LEIKA_KEY } from "../../platform/keys.js";
import { isMediaType, type MediaType } from "../../platform/files/sniff.js";
import { isCalculation } from "./calculations.js";

export { FORMS_DIR } from "./dataDir.js";
import { FORMS_DIR } from "./dataDir.js";

export type DataType = "text" | "date" | "number" | "currency" | "bool" | "select" | "file";
export const DATA_TYPES: readonly DataType[] = ["text", "date", "number", "currency", "bool", "select", "file"];

export interface CodeEntry {
  value: string;
  label: string;
}

/** A condition on another field, addressed by its dotted path from the form root (`hunde.gefaehrlich` inside a group: same instance). */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; notEquals: string | number | boolean }
  | { field: string; in: Array<string | number | boolean> }
  | { field: string; filled: boolean }
  | { all: Condition[] }
  | { any: Condition[] };

export type DateBound = "today" | string | { field: string };

/** A validation rule across fields (XDatenfelder "Regel" of type V). */
export interface ValidationRule {
  id: string;
  /** The field that carries the error. */
  field: string;
  /** Only checked when this holds. */
  when?: Condition;
  /**
   * What must hold; e.g. `{ notAfter: "today" }` on "geburtsdatum". A date bound is "today", a date, or
   * another field (`{ "field": "hunde.wurfdatum" }`, the same instance inside a repeating group).
   */
  check: { notAfter: DateBound } | { notBefore: DateBound } | { condition: Condition };
  message: string;
}

export interface FieldDef {
  kind: "field";
  id: string;
  label: string;
  help?: string;
  type: DataType;
  /** Cardinality: "1:1" required, "0:1" optional. */
  cardinality: "1:1" | "0:1";
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  pattern?: string;
  /** Text fields: "email" checks with the platform's one address rule (isEmailAddress); a pattern could not. */
  format?: "email";
  /** The message when `pattern` or `format` does not match. */
  patternMessage?: string;
  /** Name of a code list in `codeLists` (select fields). */
  codeList?: string;
  /** File fields: media types allowed, checked by content (default: PDF, PNG, JPEG). See docs/modules/applications.md "Uploads". */
  accept?: MediaType[];
  /** File fields: largest file in bytes (default and upper bound: UPLOAD_MAX_BYTES). */
  maxBytes?: number;
  /** Account data to prefill with. */
  prefill?: "account.displayName" | "account.email" | "account.homeAgs";
  visibleIf?: Condition;
  /** FIM origin; `codeList` = canonical version URI of the genericode list the select values came from. */
  fim?: { id: string; version?: string; codeList?: string };
}

export interface GroupDef {
  kind: "group";
  id: string;
  label: string;
  /** Label of one instance, e.g. "Hund"; numbered when the group repeats. */
  itemLabel?: string;
  help?: string;
  /** "1:1", "0:1", "1:*", "1:5" … */
  cardinality: string;
  children: Array<FieldDef | GroupDef>;
  visibleIf?: Condition;
  fim?: { id: string; version?: string };
}

export type ItemDef = FieldDef | GroupDef;

export interface PageDef {
  id: string;
  title: string;
  help?: string;
  items: ItemDef[];
}

/** When the fee is paid online (payments module): before the submission completes, or afterwards with a pay link. */
export interface FeePayment {
  payment?: "before" | "after";
  /** Booking data for the Kasse (Haushaltsstelle, Objektnummer …), sent with the payment's line item. */
  bookingData?: Record<string, string>;
  /**
   * Booking data taken from the answers: key → field path. The dog tax names the municipality
   * (`"empfaenger_ags": "gemeinde"`), so the Kasse can pass the money on to the municipality it belongs to.
   */
  bookingFields?: Record<string, string>;
}
/**
 * What submitting costs: nothing, a fixed fee, a fee by the option chosen in one field, or an amount
 * computed from the answers by a named calculation (calculations.ts: its `due` total, e.g. the
 * pro-rata dog tax of the current year). `label` names the kind of charge in the UI ("Hundesteuer");
 * default "Gebühr".
 */
export type FeeRule =
  | { kind: "none" }
  | ({ kind: "fixed"; amountCents: number; reason: string; label?: string } & FeePayment)
  | ({ kind: "byOption"; field: string; amounts: Record<string, number>; reason: string; label?: string } & FeePayment)
  | ({ kind: "computed"; calculation: string; reason: string; label?: string } & FeePayment);

export interface FormDefinition {
  id: string;
  version: number;
  title: string;
  /** Short text on the start page. */
  intro?: string;
  leikaKeys: string[];
  /** Whether the form may be used without an account. */
  anonymous: boolean;
  /** Prefix of the reference number, e.g. "EK" (Enzkreis). */
  referencePrefix: string;
  fee: FeeRule;
  /** Name of a calculation shown on "check your answers" (see calculations.ts). */
  calculation?: string;
  /** Show the task list (overview of sections); default: forms with 5 or more pages (taskList.ts). */
  taskList?: boolean;
  codeLists: Record<string, CodeEntry[]>;
  pages: PageDef[];
  rules: ValidationRule[];
  fim?: { id: string; version?: string; source?: string };
}

export interface Cardinality {
  min: number;
  max: number | null;
}

/** Parses XDatenfelder's "min:max" (max "*" = unbounded). */
export function parseCardinality(s: string): Cardinality | undefined {
  const m = /^(\d+):(\d+|\*)$/.exec(s.trim());
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] === "*" ? null : Number(m[2]);
  if (max !== null && max < min) return undefined;
  return { min, max };
}

export const isRepeating = (g: GroupDef) => {
  const c = parseCardinality(g.cardinality);
  return !!c && (c.max === null || c.max > 1);
};

const ID = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;

/** Walks every item with its dotted path from the form root (groups as path segments, without instance index). */
export function walkItems(def: Pick<FormDefinition, "pages">, fn: (item: ItemDef, path: string, page: PageDef) => void) {
  const visit = (items: ItemDef[], prefix: string, page: PageDef) => {
    for (const item of items) {
      const p = prefix ? `${prefix}.${item.id}` : item.id;
      fn(item, p, page);
      if (item.kind === "group") visit(item.children, p, page);
    }
  };
  for (const page of def.pages) visit(page.items, "", page);
}

function conditionFields(c: Condition, out: string[] = []): string[] {
  if ("all" in c) c.all.forEach((x) => conditionFields(x, out));
  else if ("any" in c) c.any.forEach((x) => conditionFields(x, out));
  else out.push(c.field);
  return out;
}

/** Checks a definition for structural errors; returns German messages (empty = valid). */
export function definitionProblems(input: unknown): string[] {
  const problems: string[] = [];
  if (!input || typeof input !== "object") return ["Die Formulardefinition ist kein Objekt."];
  const def = input as FormDefinition;
  if (typeof def.id !== "string" || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(def.id)) problems.push("id: nur Kleinbuchstaben, Ziffern und Bindestriche");
  if (!Number.isInteger(def.version) || def.version < 1) problems.push("version: ganze Zahl ab 1");
  if (typeof def.title !== "string" || !def.title) problems.push("title fehlt");
  if (!Array.isArray(def.leikaKeys) || def.leikaKeys.some((k) => !LEIKA_KEY.test(k))) problems.push("leikaKeys: Liste 14-stelliger LeiKa-Schlüssel");
  if (typeof def.anonymous !== "boolean") problems.push("anonymous: true oder false");
  if (typeof def.referencePrefix !== "string" || !/^[A-Z]{2,4}$/.test(def.referencePrefix)) problems.push("referencePrefix: 2–4 Großbuchstaben");
  if (!def.fee || !["none", "fixed", "byOption", "computed"].includes(def.fee.kind)) problems.push("fee: none, fixed, byOption oder computed");
  if (def.fee?.kind === "computed" && !isCalculation(String(def.fee.calculation))) problems.push(`fee: unbekannte Berechnung ${String(def.fee.calculation)}`);
  if (def.fee && def.fee.kind !== "none" && (typeof def.fee.reason !== "string" || !def.fee.reason)) problems.push("fee.reason fehlt");
  if (def.fee && def.fee.kind !== "none" && def.fee.label !== undefined && (typeof def.fee.label !== "string" || !def.fee.label || def.fee.label.length > 40)) problems.push("fee.label: Text bis 40 Zeichen");
  if (def.calculation !== undefined && !isCalculation(String(def.calculation))) problems.push(`calculation: unbekannte Berechnung ${String(def.calculation)}`);
  if (def.fee && def.fee.kind !== "none" && def.fee.payment !== undefined && !["before", "after"].includes(def.fee.payment)) problems.push("fee.payment: before oder after");
  if (!def.codeLists || typeof def.codeLists !== "object") problems.push("codeLists fehlt");
  if (!Array.isArray(def.rules)) problems.push("rules: Liste");
  if (!Array.isArray(def.pages) || def.pages.length === 0) {
    problems.push("pages: mindestens eine Seite");
    return problems;
  }
  const pageIds = new Set<string>();
  for (const page of def.pages) {
    if (!ID.test(page.id ?? "") || ["pruefen", "absenden", "uebersicht"].includes(page.id)) problems.push(`Seite ${page.id}: ungültige id`);
    if (pageIds.has(page.id)) problems.push(`Seite ${page.id}: doppelte id`);
    pageIds.add(page.id);
    if (!Array.isArray(page.items)) problems.push(`Seite ${page.id}: items fehlt`);
  }
  const paths = new Map<string, ItemDef>();
  walkItems(def, (item, p) => {
    if (!ID.test(item.id ?? "")) problems.push(`${p}: ungültige id`);
    if (paths.has(p)) problems.push(`${p}: doppelter Pfad`);
    paths.set(p, item);
    if (!item.label) problems.push(`${p}: label fehlt`);
    if (item.kind === "field") {
      if (!DATA_TYPES.includes(item.type)) problems.push(`${p}: unbekannter Datentyp ${String(item.type)}`);
      if (item.cardinality !== "1:1" && item.cardinality !== "0:1") problems.push(`${p}: Feld-Kardinalität 1:1 oder 0:1`);
      if (item.type === "select" && (!item.codeList || !def.codeLists?.[item.codeList]?.length)) problems.push(`${p}: Codeliste ${item.codeList ?? "?"} fehlt`);
      if (item.accept !== undefined && (item.type !== "file" || !Array.isArray(item.accept) || !item.accept.length || item.accept.some((a) => !isMediaType(a)))) problems.push(`${p}: accept nur bei Dateifeldern, Liste aus application/pdf, image/png, image/jpeg`);
      if (item.maxBytes !== undefined && (item.type !== "file" || !Number.isInteger(item.maxBytes) || item.maxBytes < 1)) problems.push(`${p}: maxBytes nur bei Dateifeldern, ganze Zahl größer 0`);
      if (item.format !== undefined && (item.format !== "email" || item.type !== "text")) problems.push(`${p}: format nur "email" bei Textfeldern`);
      if (item.pattern) {
        try {
          new RegExp(item.pattern, "u");
        } catch {
          problems.push(`${p}: ungültiges Muster`);
        }
      }
    } else if (item.kind === "group") {
      if (!parseCardinality(item.cardinality ?? "")) problems.push(`${p}: ungültige Kardinalität ${item.cardinality}`);
      if (!Array.isArray(item.children) || item.children.length === 0) problems.push(`${p}: Gruppe ohne Felder`);
    } else problems.push(`${p}: kind muss field oder group sein`);
  });
  const checkCondition = (c: Condition, where: string) => {
    for (const f of conditionFields(c)) if (!paths.has(f) || paths.get(f)?.kind !== "field") problems.push(`${where}: Bedingung verweist auf unbekanntes Feld ${f}`);
  };
  walkItems(def, (item, p) => item.visibleIf && checkCondition(item.visibleIf, p));
  for (const r of def.rules ?? []) {
    if (!paths.has(r.field)) problems.push(`Regel ${r.id}: unbekanntes Feld ${r.field}`);
    if (r.when) checkCondition(r.when, `Regel ${r.id}`);
    if (r.check && "condition" in r.check) checkCondition(r.check.condition, `Regel ${r.id}`);
    const bound = r.check && ("notAfter" in r.check ? r.check.notAfter : "notBefore" in r.check ? r.check.notBefore : undefined);
    if (bound && typeof bound === "object" && paths.get(bound.field)?.kind !== "field") problems.push(`Regel ${r.id}: Vergleich mit unbekanntem Feld ${bound.field}`);
  }
  if (def.fee?.kind === "byOption" && !paths.has(def.fee.field)) problems.push(`fee: unbekanntes Feld ${def.fee.field}`);
  if (def.fee && def.fee.kind !== "none" && def.fee.bookingFields) {
    for (const [key, field] of Object.entries(def.fee.bookingFields)) {
      const item = paths.get(field);
      if (!/^[a-z][a-z0-9_]{0,39}$/.test(key)) problems.push(`fee.bookingFields: ungültiger Schlüssel ${key}`);
      if (!item || item.kind !== "field" || field.includes(".")) problems.push(`fee.bookingFields.${key}: ${field} ist kein Feld der obersten Ebene`);
    }
  }
  return problems;
}

export class FormDefinitionError extends Error {}

/** Reads and checks every `data/forms/*.form.json`; throws on the first invalid file. */
export async function readFormFiles(dir = FORMS_DIR): Promise<FormDefinition[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".form.json")).sort();
  const out: FormDefinition[] = [];
  for (const f of files) {
    const def = JSON.parse(await readFile(path.join(dir, f), "utf8")) as FormDefinition;
    const problems = definitionProblems(def);
    if (problems.length) throw new FormDefinitionError(`${f}: ${problems.join("; ")}`);
    out.push(def);
  }
  return out;
}

/** Finds an item by its dotted path. */
export function itemAt(def: FormDefinition, p: string): ItemDef | undefined {
  let found: ItemDef | undefined;
  walkItems(def, (item, ip) => {
    if (ip === p) found = item;
  });
  return found;
}
