import type { Translate } from "../../../platform/i18n/index.js";
import type { RuleListItem } from "../queries.js";

/** The rule's conditions in words ("Gebiet: Mühlacker (082365004040); LeiKa: 99…"). */
export function ruleCondition(t: Translate, r: RuleListItem): string {
  return (
    [
      r.areaArs ? `${t("rules.cond.area")}: ${r.areaName ?? r.areaArs} (${r.areaArs})` : null,
      r.areaType ? `${t("rules.cond.type")}: ${r.areaType}` : null,
      r.leikaPrefix ? `${t("rules.cond.leika")}: ${r.leikaPrefix}…` : null,
      r.serviceDepartment ? `${t("rules.cond.department")}: ${r.serviceDepartment}` : null,
    ]
      .filter(Boolean)
      .join("; ") || t("rules.cond.all")
  );
}

/** The rule's target in words ("Landratsamt (fuehrerschein)"). */
export function ruleTarget(t: Translate, r: RuleListItem): string {
  return [t(`rules.target.${r.target}`), r.orgUnitName, r.departmentKey ? `(${r.departmentKey})` : null].filter(Boolean).join(" ");
}

