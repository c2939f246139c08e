import type { ViewContext } from "../../../platform/views/context.js";
import { DataTable, PageHeading, Section, LinkLine } from "../../../platform/views/components.js";
import type { ResponsibilityListItem, RuleListItem } from "../queries.js";
import { ResponsibilityNav, ResponsibilityTable } from "./editorViews.js";
import { ruleCondition, ruleTarget } from "./ruleLabels.js";

/**
 * /verwaltung/zustaendigkeitsregeln — the rules and the explicit responsibilities for staff;
 * editors (`editable`) get links to switch rules on/off and to maintain explicit entries.
 */
export function RuleListPage({ ctx, rules, explicit, explicitMore, editable }: { ctx: ViewContext; rules: RuleListItem[]; explicit: ResponsibilityListItem[]; explicitMore: boolean; editable: boolean }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("rules.title")}</PageHeading>
      <p class="kern-body">{t("rules.lead")}</p>
      {editable && <ResponsibilityNav ctx={ctx} />}
      <DataTable
        caption={t("rules.title")}
        head={[t("rules.col.category"), t("rules.col.condition"), t("rules.col.target"), t("rules.col.source"), t("rules.col.status"), ...(editable ? [t("rules.col.actions")] : [])]}
        rows={rules.map((r) => [
          r.taskCategoryName,
          ruleCondition(t, r),
          ruleTarget(t, r),
          r.note ? (
            <>
              {r.source}
              <br />
              <span class="kern-body--small">{r.note}</span>
            </>
          ) : (
            r.source
          ),
          [
            r.active ? t("rules.status.active") : t("rules.status.inactive"),
            r.certainty === "unverified" ? t("rules.status.unverified") : null,
            r.key ? null : t("rules.status.staff"),
            r.key && r.editedByStaff ? t("rules.status.edited") : null,
          ]
            .filter(Boolean)
            .join(", "),
          ...(editable
            ? [
                <a class="kern-link" href={`/verwaltung/zustaendigkeitsregeln/${r.id}`}>
                  {t("rules.edit.link")}
                  <span class="kern-sr-only">
                    : {r.taskCategoryName}, {ruleCondition(t, r)}
                  </span>
                </a>,
              ]
            : []),
        ])}
      />
      <Section id="ausdruecklich" title={t("rules.explicit.title")}>
        <p class="kern-body">{t("rules.explicit.lead")}</p>
        {explicit.length === 0 ? <p class="kern-body">{t("resp.none")}</p> : <ResponsibilityTable ctx={ctx} rows={explicit} editable={editable} caption={t("rules.explicit.title")} />}
        {explicitMore && <p class="kern-body">{t("rules.explicit.more")}</p>}
        {editable && (
          <LinkLine href="/verwaltung/zustaendigkeiten">{t("rules.explicit.manage")}</LinkLine>
        )}
      </Section>
    </div>
  );
}
