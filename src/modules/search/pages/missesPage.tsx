import type { ViewContext } from "../../../platform/views/context.js";
import { DataTable, PageHeading } from "../../../platform/views/components.js";
import type { MissRow } from "../queries.js";

/** Editors' view of the anonymous counts of queries without results. */
export function MissesPage({ ctx, rows }: { ctx: ViewContext; rows: MissRow[] }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("search.misses.title")}</PageHeading>
      <p class="kern-body">{t("search.misses.lead")}</p>
      {rows.length === 0 ? (
        <p class="kern-body">{t("search.misses.none")}</p>
      ) : (
        <DataTable
          caption={t("search.misses.title")}
          head={[t("search.misses.query"), t("search.misses.count"), t("search.misses.first"), t("search.misses.last")]}
          rows={rows.map((r) => [
            <a class="kern-link" href={`/suche?q=${encodeURIComponent(r.query)}`}>
              {r.query}
            </a>,
            String(r.count),
            r.first_day,
            r.last_day,
          ])}
        />
      )}
    </div>
  );
}
