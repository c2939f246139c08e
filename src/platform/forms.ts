import type { Translate } from "./i18n/index.js";
import type { FormState } from "./views/components.js";
import { isEmailAddress } from "./mail/address.js";

/**
 * Reads named string fields from a urlencoded body: NFC-normalised, control characters removed,
 * trimmed. Anything that is not a string (arrays, objects) becomes "".
 */
export function readForm<K extends string>(body: unknown, fields: readonly K[]): Record<K, string> {
  const src = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const out = {} as Record<K, string>;
  for (const f of fields) {
    const v = src[f];
    // eslint-disable-next-line no-control-regex
    out[f] = typeof v === "string" ? v.normalize("NFC").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").trim() : "";
  }
  return out;
}


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
  for (const [field, fieldRules] of Object.entries(spec) as Array<[K, Rule[]]>) {
    for (const rule of fieldRules) {
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
