import type { ViewContext } from "../../../platform/views/context.js";
import { DataTable, PageHeading } from "../../../platform/views/components.js";
import type { RuleListItem } from "../queries.js";

/** /verwaltung/zustaendigkeitsregeln — read-only overview of the responsibility rules for staff. */
export function RuleListPage({ ctx, rules }: { ctx: ViewContext; rules: RuleListItem[] }) {
  const { t } = ctx;
  const condition = (r: RuleListItem) =>
    [
      r.areaArs ? `${t("rules.cond.area")}: ${r.areaName ?? r.areaArs} (${r.areaArs})` : null,
      r.areaType ? `${t("rules.cond.type")}: ${r.areaType}` : null,
      r.leikaPrefix ? `${t("rules.cond.leika")}: ${r.leikaPrefix}…` : null,
      r.serviceDepartment ? `${t("rules.cond.department")}: ${r.serviceDepartment}` : null,
    ]
      .filter(Boolean)
      .join("; ") || t("rules.cond.all");
  const target = (r: RuleListItem) => [t(`rules.target.${r.target}`), r.orgUnitName, r.departmentKey ? `(${r.departmentKey})` : null].filter(Boolean).join(" ");
  return (
    <div class="kern-stack">
      <PageHeading>{t("rules.title")}</PageHeading>
      <p class="kern-body">{t("rules.lead")}</p>
      <DataTable
        caption={t("rules.title")}
        head={[t("rules.col.category"), t("rules.col.condition"), t("rules.col.target"), t("rules.col.source"), t("rules.col.status")]}
        rows={rules.map((r) => [
          r.taskCategoryName,
          condition(r),
          target(r),
          r.note ? (
            <>
              {r.source}
              <br />
              <span class="kern-body--small">{r.note}</span>
            </>
          ) : (
            r.source
          ),
          [r.active ? t("rules.status.active") : t("rules.status.inactive"), r.certainty === "unverified" ? t("rules.status.unverified") : null, r.key ? null : t("rules.status.staff")]
            .filter(Boolean)
            .join(", "),
        ])}
      />
    </div>
  );
}
