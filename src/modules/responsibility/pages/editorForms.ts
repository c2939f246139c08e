/** Reading the editors' responsibility forms (pure, unit-tested). */
import type { Translate } from "../../../platform/i18n/index.js";
import type { FormState } from "../../../platform/views/components.js";
import { LEIKA_KEY } from "../../../platform/keys.js";

export const RESPONSIBILITY_FIELDS = ["leikaKey", "area", "officeId"] as const;
export type ResponsibilityField = (typeof RESPONSIBILITY_FIELDS)[number];

export interface ResponsibilityInput {
  leikaKey: string;
  areaArs: string;
  orgUnitId: string;
}

/**
 * Checks the create form against what may be chosen: `areas` maps a choice (5-digit Kreis key or
 * 8-digit AGS of a served municipality) to its ARS, `officeIds` are the offices offered. Whether
 * the LeiKa key exists is checked by the caller (database). Values are kept as typed.
 */
export function readResponsibilityForm(values: Record<ResponsibilityField, string>, t: Translate, areas: ReadonlyMap<string, string>, officeIds: ReadonlySet<string>): { form: FormState; input?: ResponsibilityInput } {
  const errors: Record<string, string> = {};
  const leikaKey = values.leikaKey.replace(/\s+/g, "");
  if (!LEIKA_KEY.test(leikaKey)) errors.leikaKey = t("resp.error.leikaKeyFormat");
  const areaArs = areas.get(values.area);
  if (!areaArs) errors.area = t("resp.error.area");
  const orgUnitId = values.officeId.toLowerCase();
  if (!officeIds.has(orgUnitId)) errors.officeId = t("resp.error.office");
  const form: FormState = { values, errors };
  if (Object.keys(errors).length) return { form };
  return { form, input: { leikaKey, areaArs: areaArs!, orgUnitId } };
}

export const RULE_FIELDS = ["updatedAt", "active", "note"] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** Checks the rule form: active is a checkbox ("1" or missing), the note at most 1,000 characters (empty = none). */
export function readRuleForm(values: Record<RuleField, string>, t: Translate): { form: FormState; input?: { active: boolean; note: string | null; updatedAt: string } } {
  const errors: Record<string, string> = {};
  if (values.note.length > 1000) errors.note = t("validation.maxLength", { n: 1000 });
  const form: FormState = { values: { ...values, active: values.active === "1" ? "1" : "" }, errors };
  if (Object.keys(errors).length) return { form };
  return { form, input: { active: values.active === "1", note: values.note.trim() === "" ? null : values.note.trim(), updatedAt: values.updatedAt } };
}
