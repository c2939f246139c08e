import type { Translate } from "./i18n/index.js";
import type { FormState } from "./views/components.js";
import { hasControlChars, stripControlChars } from "./controlChars.js";

const CONTROL_FIELDS = Symbol("fieldsWithControlChars");
import { isEmailAddress } from "./mail/address.js";

/**
 * Reads named string fields from a urlencoded body: NFC-normalised, control characters removed
 * (controlChars.ts), trimmed. Anything that is not a string (arrays, objects) becomes "". Fields that
 * carried control characters are remembered: `validate` reports them next to the field.
 */
export function readForm<K extends string>(body: unknown, fields: readonly K[]): Record<K, string> {
  const src = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const out = {} as Record<K, string>;
  const flagged: string[] = [];
  for (const f of fields) {
    const v = src[f];
    if (typeof v === "string" && hasControlChars(v)) flagged.push(f);
    out[f] = typeof v === "string" ? stripControlChars(v.normalize("NFC")).trim() : "";
  }
  // Enumerable symbol: survives `{ ...values }`, invisible to Object.entries and JSON.
  if (flagged.length) (out as Record<symbol, string[]>)[CONTROL_FIELDS] = flagged;
  return out;
}

/** The fields of a `readForm` result whose input carried control characters (they were removed). */
export const fieldsWithControlChars = (values: object): string[] => (values as Record<symbol, string[] | undefined>)[CONTROL_FIELDS] ?? [];

export type Rule = (value: string, t: Translate) => string | undefined;

export const rules = {
  required: (key = "validation.required"): Rule => (v, t) => (v === "" ? t(key) : undefined),
  email: (): Rule => (v, t) => (v !== "" && !isEmailAddress(v) ? t("validation.email") : undefined),
  maxLength: (n: number): Rule => (v, t) => (v.length > n ? t("validation.maxLength", { n }) : undefined),
  minLength: (n: number): Rule => (v, t) => (v !== "" && v.length < n ? t("validation.minLength", { n }) : undefined),
};

/** Applies rules per field, first failing rule wins; returns the FormState to re-render with. */
export function validate<K extends string>(values: Record<K, string>, spec: Partial<Record<K, Rule[]>>, t: Translate): FormState {
  const errors: Record<string, string> = {};
  for (const field of fieldsWithControlChars(values)) errors[field] = t("validation.controlChars");
  for (const [field, fieldRules] of Object.entries(spec) as Array<[K, Rule[]]>) {
    for (const rule of errors[field] ? [] : fieldRules) {
      const msg = rule(values[field], t);
      if (msg) {
        errors[field] = msg;
        break;
      }
    }
  }
  return { values, errors };
}

export const hasErrors = (f: FormState) => Object.keys(f.errors).length > 0;
