/**
 * Answers: conversion of form input (German strings) and API input (JSON) into typed answers, conditional
 * visibility, and the authoritative server-side validation with German messages per field path.
 */
import { stripControlChars } from "../../platform/controlChars.js";
import { coerceFile } from "./fileAnswers.js";
import { computedAmount } from "./calculations.js";
import { parseCardinality, type Condition, type DateBound, type FieldDef, type FormDefinition, type GroupDef, type ItemDef } from "./definition.js";
import { isEmailAddress } from "../../platform/mail/address.js";

export type { Answers } from "./types.js";
import type { Answers } from "./types.js";
export interface AnswerError {
  /** JSON Pointer into the answers, e.g. `/hunde/0/name`. */
  path: string;
  message: string;
}

const DEFAULT_MAX_TEXT = 1000;
const MAX_RAW_ANSWER = 100_000;
/** Groups without an upper bound (`1:*`) still take at most this many instances. */
const MAX_INSTANCES = 500;
/** The cheap pass stops listing after this many errors (the problem document shows 50) and only counts. */
const MAX_LISTED_ERRORS = 50;
const UNKNOWN_FIELD = "Dieses Feld gibt es im Formular nicht.";

export const cleanText = (s: string) => stripControlChars(s.normalize("NFC")).trim();

/** Pointer `/hunde/0/name` → form field name `hunde.0.name`. */
export const pointerToName = (p: string) => p.replace(/^\//, "").replace(/\//g, ".");

function isoDate(y: number, m: number, d: number): string | undefined {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || y < 1800 || y > 2200) return undefined;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

type Coerced = { value?: unknown; error?: string };

/** One field's raw input → typed value (undefined = empty) or a German message. */
export function coerceField(field: FieldDef, raw: unknown, source: "form" | "json", def: FormDefinition): Coerced {
  // Bounded work: no answer is longer than this; refused before normalising a megabyte.
  if (typeof raw === "string" && raw.length > MAX_RAW_ANSWER) return { error: `Bitte höchstens ${field.maxLength ?? DEFAULT_MAX_TEXT} Zeichen eingeben.` };
  if (raw === undefined || raw === null || (typeof raw === "string" && cleanText(raw) === "")) return {};
  const s = typeof raw === "string" ? cleanText(raw) : undefined;
  switch (field.type) {
    case "text": {
      if (s === undefined) return { error: "Bitte geben Sie einen Text ein." };
      const max = field.maxLength ?? DEFAULT_MAX_TEXT;
      if ([...s].length > max) return { error: `Bitte höchstens ${max} Zeichen eingeben.` };
      if (field.minLength && [...s].length < field.minLength) return { error: `Bitte mindestens ${field.minLength} Zeichen eingeben.` };
      if (field.pattern && !new RegExp(`^(?:${field.pattern})$`, "u").test(s)) return { error: field.patternMessage ?? "Bitte prüfen Sie das Format." };
      if (field.format === "email" && !isEmailAddress(s)) return { error: field.patternMessage ?? "Bitte geben Sie eine E-Mail-Adresse an, z. B. name@beispiel.de." };
      return { value: s };
    }
    case "date": {
      if (s === undefined) return { error: "Bitte geben Sie ein Datum ein." };
      let iso: string | undefined;
      const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
      const is = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      if (source === "form" && de) iso = isoDate(Number(de[3]), Number(de[2]), Number(de[1]));
      else if (is) iso = isoDate(Number(is[1]), Number(is[2]), Number(is[3]));
      if (!iso) return { error: source === "form" ? "Bitte geben Sie ein gültiges Datum im Format TT.MM.JJJJ ein, z. B. 14.03.2024." : "Ein gültiges Datum im Format JJJJ-MM-TT." };
      return { value: iso };
    }
    case "number":
    case "currency": {
      let n: number;
      if (source === "json") {
        if (typeof raw !== "number" || !Number.isFinite(raw)) return { error: "Bitte geben Sie eine Zahl an." };
        n = raw;
      } else {
        const t = (s ?? "").replace(/\s|€/g, "").replace(/\.(?=\d{3}(\D|$))/g, "").replace(",", ".");
        if (!/^-?\d+(\.\d+)?$/.test(t)) return { error: field.type === "currency" ? "Bitte geben Sie einen Betrag in Euro ein, z. B. 12,50." : "Bitte geben Sie eine Zahl ein." };
        n = Number(t);
      }
      if (field.type === "currency" && Math.round(n * 100) !== Math.round(n * 100 * 1000) / 1000) return { error: "Bitte höchstens zwei Nachkommastellen angeben." };
      if (field.type === "number" && !Number.isInteger(n) && field.pattern === "integer") return { error: "Bitte eine ganze Zahl eingeben." };
      if (field.min !== undefined && n < field.min) return { error: `Bitte eine Zahl ab ${field.min} eingeben.` };
      if (field.max !== undefined && n > field.max) return { error: `Bitte eine Zahl bis ${field.max} eingeben.` };
      return { value: field.type === "currency" ? Math.round(n * 100) / 100 : n };
    }
    case "bool": {
      if (source === "json") return typeof raw === "boolean" ? { value: raw } : { error: "Bitte true oder false angeben." };
      if (s === "ja") return { value: true };
      if (s === "nein") return { value: false };
      return { error: "Bitte wählen Sie Ja oder Nein." };
    }
    case "select": {
      const list = def.codeLists[field.codeList ?? ""] ?? [];
      if (s === undefined || !list.some((e) => e.value === s)) return { error: "Bitte wählen Sie einen Eintrag aus der Liste." };
      return { value: s };
    }
    case "file":
      // A reference to a stored upload (fileAnswers.ts); the upload itself was checked when it was stored.
      return coerceFile(field, raw, source);
  }
}

/** Scope for resolving condition paths: the instance indices of repeating groups we are inside. */
type Scope = Record<string, number>;

function lookup(tree: Answers, path: string, scope: Scope): unknown {
  const parts = path.split(".");
  let cur: unknown = tree;
  let prefix = "";
  for (const part of parts) {
    prefix = prefix ? `${prefix}.${part}` : part;
    if (!cur || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
    if (Array.isArray(cur)) {
      const i = scope[prefix];
      if (i === undefined) return undefined;
      cur = cur[i];
    }
  }
  return cur;
}

/** Evaluates a condition against typed answers (inside a repeating group: the same instance). */
export function holds(c: Condition, tree: Answers, scope: Scope = {}): boolean {
  if ("all" in c) return c.all.every((x) => holds(x, tree, scope));
  if ("any" in c) return c.any.some((x) => holds(x, tree, scope));
  const v = lookup(tree, c.field, scope);
  if ("equals" in c) return v === c.equals;
  if ("notEquals" in c) return v !== undefined && v !== c.notEquals;
  if ("in" in c) return c.in.includes(v as string);
  return c.filled ? v !== undefined && v !== "" : v === undefined || v === "";
}

/**
 * Whether the answers decide the condition: every field it reads has an answer ("filled" conditions are
 * always decided — an empty field is their answer). A form page uses this for conditions on other pages:
 * undecided, the item is shown with the condition as a hint instead of being hidden.
 */
export function decided(c: Condition, tree: Answers, scope: Scope = {}): boolean {
  if ("all" in c) return c.all.every((x) => decided(x, tree, scope));
  if ("any" in c) return c.any.every((x) => decided(x, tree, scope));
  if ("filled" in c) return true;
  return lookup(tree, c.field, scope) !== undefined;
}

const isEmptyObject = (o: unknown): boolean => !o || (typeof o === "object" && Object.values(o as object).every((v) => v === undefined || v === "" || (typeof v === "object" && isEmptyObject(v))));

/** Pass 1: every field coerced where possible (ignoring visibility), errors kept per path. */
function coerceTree(items: ItemDef[], raw: Record<string, unknown>, source: "form" | "json", def: FormDefinition, ptr: string, errors: Map<string, string>): Answers {
  const out: Answers = {};
  for (const item of items) {
    const p = `${ptr}/${item.id}`;
    const r = raw?.[item.id];
    if (item.kind === "field") {
      const c = coerceField(item, r, source, def);
      if (c.error) errors.set(p, c.error);
      else if (c.value !== undefined) out[item.id] = c.value;
    } else {
      const card = parseCardinality(item.cardinality)!;
      const repeating = card.max === null || card.max > 1;
      if (repeating) {
        if (r !== undefined && !Array.isArray(r)) {
          errors.set(p, "Bitte als Liste angeben.");
          continue;
        }
        out[item.id] = ((r as unknown[]) ?? []).map((inst, i) => coerceTree(item.children, (inst ?? {}) as Record<string, unknown>, source, def, `${p}/${i}`, errors));
      } else {
        if (r !== undefined && (typeof r !== "object" || Array.isArray(r) || r === null)) {
          errors.set(p, "Bitte als Objekt angeben.");
          continue;
        }
        out[item.id] = coerceTree(item.children, (r ?? {}) as Record<string, unknown>, source, def, p, errors);
      }
    }
  }
  if (source === "json" && raw && typeof raw === "object") {
    const known = new Set(items.map((i) => i.id));
    for (const k of Object.keys(raw)) if (!known.has(k)) errors.set(`${ptr}/${k}`, UNKNOWN_FIELD);
  }
  return out;
}

/** Pass 2: keeps only visible answers and reports required/cardinality errors and coercion errors of visible fields. */
function prune(items: ItemDef[], tree: Answers, node: Answers, ptr: string, path: string, scope: Scope, coerceErrors: Map<string, string>, errors: AnswerError[], optionalGroup: boolean): Answers {
  const out: Answers = {};
  for (const item of items) {
    const p = `${ptr}/${item.id}`;
    const dotted = path ? `${path}.${item.id}` : item.id;
    if (item.visibleIf && !holds(item.visibleIf, tree, scope)) continue;
    if (item.kind === "field") {
      const err = coerceErrors.get(p);
      if (err) errors.push({ path: p, message: err });
      else if (node[item.id] !== undefined) out[item.id] = node[item.id];
      else if (item.cardinality === "1:1" && !optionalGroup) errors.push({ path: p, message: requiredMessage(item) });
      continue;
    }
    const err = coerceErrors.get(p);
    if (err) {
      errors.push({ path: p, message: err });
      continue;
    }
    const card = parseCardinality(item.cardinality)!;
    if (card.max === null || card.max > 1) {
      const list = [...((node[item.id] as Answers[] | undefined) ?? [])];
      // An optional list (min 0): trailing instances with nothing in them are no answers (the web form always
      // shows one instance, e.g. an unused "Einkommensnachweis 1" upload).
      if (card.min === 0) while (list.length && isEmptyObject(list.at(-1)) && ![...coerceErrors.keys()].some((k) => k.startsWith(`${p}/${list.length - 1}/`))) list.pop();
      if (list.length < card.min) errors.push({ path: p, message: `Bitte mindestens ${card.min} Angabe(n) zu „${item.itemLabel ?? item.label}“ machen.` });
      if (card.max !== null && list.length > card.max) errors.push({ path: p, message: `Höchstens ${card.max} Angaben zu „${item.itemLabel ?? item.label}“ möglich.` });
      out[item.id] = list.map((inst, i) => prune(item.children, tree, inst, `${p}/${i}`, dotted, { ...scope, [dotted]: i }, coerceErrors, errors, false));
    } else {
      const inst = (node[item.id] as Answers | undefined) ?? {};
      const optional = card.min === 0 && isEmptyObject(inst) && ![...coerceErrors.keys()].some((k) => k.startsWith(`${p}/`));
      if (optional) continue;
      out[item.id] = prune(item.children, tree, inst, p, dotted, scope, coerceErrors, errors, false);
    }
  }
  return out;
}

const requiredMessage = (f: FieldDef) =>
  f.type === "file" ? `Bitte laden Sie eine Datei hoch: ${f.label}.` : f.type === "select" || f.type === "bool" ? `Bitte wählen Sie aus: ${f.label}.` : `Bitte geben Sie an: ${f.label}.`;

const today = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Berlin" });

/** The JSON pointer of a dotted field path inside the instances of `scope` ("hunde.wurfdatum" → "/hunde/1/wurfdatum"). */
function pointerIn(path: string, scope: Scope): string {
  let dotted = "";
  let ptr = "";
  for (const seg of path.split(".")) {
    dotted = dotted ? `${dotted}.${seg}` : seg;
    ptr += `/${seg}`;
    if (scope[dotted] !== undefined) ptr += `/${scope[dotted]}`;
  }
  return ptr;
}

function applyRules(def: FormDefinition, answers: Answers, errors: AnswerError[]) {
  for (const rule of def.rules) {
    // Rules inside repeating groups are checked per instance.
    const segments = rule.field.split(".");
    const instances: Array<{ scope: Scope; ptr: string }> = [];
    const expand = (node: unknown, i: number, scope: Scope, ptr: string, dotted: string) => {
      if (i === segments.length) return instances.push({ scope, ptr });
      const seg = segments[i]!;
      const next = (node as Answers | undefined)?.[seg];
      const d = dotted ? `${dotted}.${seg}` : seg;
      if (Array.isArray(next) && i < segments.length - 1) next.forEach((inst, k) => expand(inst, i + 1, { ...scope, [d]: k }, `${ptr}/${seg}/${k}`, d));
      else expand(next, i + 1, scope, `${ptr}/${seg}`, d);
    };
    expand(answers, 0, {}, "", "");
    for (const { scope, ptr } of instances) {
      if (errors.some((e) => e.path === ptr)) continue;
      if (rule.when && !holds(rule.when, answers, scope)) continue;
      const v = lookup(answers, rule.field, scope);
      let ok = true;
      // Dates are ISO strings, so they compare as text; an empty bound (field not answered) checks nothing.
      // A bound field that is itself wrong (earlier rules, type errors) gives no second error here.
      const bound = (b: DateBound) => (typeof b !== "object" ? (b === "today" ? today() : b) : errors.some((e) => e.path === pointerIn(b.field, scope)) ? undefined : (lookup(answers, b.field, scope) as string | undefined));
      if ("notAfter" in rule.check) {
        const b = bound(rule.check.notAfter);
        ok = v === undefined || b === undefined || String(v) <= b;
      } else if ("notBefore" in rule.check) {
        const b = bound(rule.check.notBefore);
        ok = v === undefined || b === undefined || String(v) >= b;
      }
      else ok = holds(rule.check.condition, answers, scope);
      if (!ok) errors.push({ path: ptr, message: rule.message });
    }
  }
}

/**
 * Cheap pass over API JSON before any coercion (issue 12 item 4): unknown keys and lists longer than their
 * group allows, walking only into known groups and allowed instances. Lists at most MAX_LISTED_ERRORS
 * errors and counts the rest, so a body with 60,000 unknown keys costs one Set lookup per key.
 */
function structureErrors(items: ItemDef[], raw: unknown, ptr: string, found: { errors: AnswerError[]; count: number }) {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return; // coerceTree reports wrong types
  const add = (path: string, message: string) => {
    found.count++;
    if (found.errors.length < MAX_LISTED_ERRORS) found.errors.push({ path, message });
  };
  const known = new Set(items.map((i) => i.id));
  const node = raw as Record<string, unknown>;
  for (const k of Object.keys(node)) if (!known.has(k)) add(`${ptr}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, UNKNOWN_FIELD);
  for (const item of items) {
    if (item.kind !== "group" || node[item.id] === undefined) continue;
    const p = `${ptr}/${item.id}`;
    const card = parseCardinality(item.cardinality)!;
    const r = node[item.id];
    if (Array.isArray(r) && (card.max === null || card.max > 1)) {
      const max = card.max ?? MAX_INSTANCES;
      if (r.length > max) add(p, `Höchstens ${max} Angaben zu „${item.itemLabel ?? item.label}“ möglich.`);
      else r.forEach((inst, i) => structureErrors(item.children, inst, `${p}/${i}`, found));
    } else structureErrors(item.children, r, p, found);
  }
}

/** The cheap pass alone (unknown keys, oversized lists) for API JSON: undefined when the structure fits the form. */
export function checkStructure(def: FormDefinition, raw: unknown): { errors: AnswerError[]; errorCount: number } | undefined {
  const found = { errors: [] as AnswerError[], count: 0 };
  structureErrors(def.pages.flatMap((p) => p.items), raw, "", found);
  return found.count ? { errors: found.errors, errorCount: found.count } : undefined;
}

/**
 * Validates raw input (form strings or API JSON) against a definition: visible typed answers, or errors per
 * path. API JSON with unknown keys or oversized lists is refused by a cheap pass first; `errorCount` is the
 * number of errors when `errors` was cut.
 */
export function checkAnswers(def: FormDefinition, raw: Record<string, unknown>, source: "form" | "json", onlyPage?: string): { answers: Answers; errors: AnswerError[]; errorCount?: number } {
  const items = def.pages.flatMap((p) => p.items);
  if (source === "json") {
    const refused = checkStructure(def, raw);
    if (refused) return { answers: {}, ...refused };
  }
  const coerceErrors = new Map<string, string>();
  const tree = coerceTree(items, raw, source, def, "", coerceErrors);
  const errors: AnswerError[] = [];
  const answers = prune(items, tree, tree, "", "", {}, coerceErrors, errors, false);
  for (const [path, message] of coerceErrors) if (message === UNKNOWN_FIELD) errors.push({ path, message });
  applyRules(def, answers, errors);
  if (onlyPage) {
    const page = def.pages.find((p) => p.id === onlyPage);
    const ids = new Set(page?.items.map((i) => i.id));
    return { answers, errors: errors.filter((e) => ids.has(e.path.split("/")[1] ?? "")) };
  }
  return { answers, errors };
}

/** Flat form values (`hunde.0.name`, `hunde.__count`) → a tree of raw strings for checkAnswers. */
export function valuesToTree(def: FormDefinition, values: Record<string, string>): Record<string, unknown> {
  const build = (items: ItemDef[], prefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const item of items) {
      const name = prefix ? `${prefix}.${item.id}` : item.id;
      if (item.kind === "field") {
        if (values[name] !== undefined) out[item.id] = values[name];
      } else if (isRepeatingGroup(item)) {
        const n = instanceCount(item, values, name);
        out[item.id] = Array.from({ length: n }, (_, i) => build(item.children, `${name}.${i}`));
      } else out[item.id] = build(item.children, name);
    }
    return out;
  };
  return build(def.pages.flatMap((p) => p.items), "");
}

export const isRepeatingGroup = (g: GroupDef) => {
  const c = parseCardinality(g.cardinality);
  return !!c && (c.max === null || c.max > 1);
};

/** How many instances of a repeating group the form shows (at least its minimum, at least one). */
export function instanceCount(g: GroupDef, values: Record<string, string>, name: string): number {
  const c = parseCardinality(g.cardinality)!;
  const n = Number(values[`${name}.__count`] ?? "");
  const min = Math.max(1, c.min);
  if (!Number.isInteger(n) || n < min) return min;
  return c.max === null ? Math.min(n, 50) : Math.min(n, c.max);
}

/** The fee in cents for these answers; `asOf` dates time-dependent amounts (the submission time on receipts). */
export function feeFor(def: FormDefinition, answers: Answers, asOf: Date = new Date()): number {
  const fee = def.fee;
  if (fee.kind === "fixed") return fee.amountCents;
  if (fee.kind === "byOption") return fee.amounts[String(lookup(answers, fee.field, {}))] ?? 0;
  if (fee.kind === "computed") return computedAmount(fee.calculation, answers, asOf);
  return 0;
}

/** Whether the fee rule can make the form cost money ("Kostenpflichtig absenden"). */
export const feeApplies = (def: FormDefinition, answers: Answers) => feeFor(def, answers) > 0;
