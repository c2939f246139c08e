import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, PageHeading } from "../../../platform/views/components.js";
import { SAVED_SEARCHES_MAX, type SavedSearchRow, type SearchFilter } from "../eventQueries.js";
import type { Place } from "./viewHelpers.js";

/** "Wiese zu verpachten · Mühlacker · „Boskoop“" (or "alle Anzeigen"). */
export function filterText(ctx: ViewContext, f: Pick<SearchFilter, "kind" | "ags" | "query">, places: Place[]): string {
  const parts = [f.kind ? ctx.t(`orchards.kind.${f.kind}`) : "", f.ags ? places.find((p) => p.ags === f.ags!.trim())?.name ?? f.ags : "", f.query ? `„${f.query}“` : ""].filter(Boolean);
  return parts.length ? parts.join(" · ") : ctx.t("orchards.alerts.everything");
}

/** Under the listing filter: saves the filter as it is (signed-in citizens); others see how to get alerts. */
export function SaveSearchForm({ ctx, filter }: { ctx: ViewContext; filter: SearchFilter }) {
  const { t } = ctx;
  if (ctx.user?.kind !== "citizen") {
    return ctx.user ? null : <p class="kern-body">{t("orchards.alerts.loginHint")}</p>;
  }
  return (
    <form method="post" action="/streuobst/suchauftraege" aria-label={t("orchards.alerts.save")}>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="art" value={filter.kind ?? ""} />
      <input type="hidden" name="gemeinde" value={filter.ags ?? ""} />
      <input type="hidden" name="q" value={filter.query ?? ""} />
      <p class="kern-body">{t("orchards.alerts.saveLead")}</p>
      <Button variant="secondary">{t("orchards.alerts.save")}</Button>
    </form>
  );
}

export function SavedSearchesPage({ ctx, searches, places, notice, error }: { ctx: ViewContext; searches: SavedSearchRow[]; places: Place[]; notice?: string; error?: string }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{t("orchards.alerts.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      {error && <Alert kind="danger" title={error} />}
      <p class="kern-body">{t("orchards.alerts.lead", { max: SAVED_SEARCHES_MAX })}</p>
      {searches.length === 0 ? (
        <p class="kern-body">{t("orchards.alerts.none")}</p>
      ) : (
        <DataTable
          caption={t("orchards.alerts.title")}
          head={[t("orchards.alerts.filter"), t("orchards.alerts.mail"), t("orchards.alerts.action")]}
          rows={searches.map((s) => {
            const label = filterText(ctx, { kind: s.kind, ags: s.ags, query: s.query }, places);
            const params = new URLSearchParams({ ...(s.kind ? { art: s.kind } : {}), ...(s.ags ? { gemeinde: s.ags.trim() } : {}), ...(s.query ? { q: s.query } : {}) });
            return [
              <a class="kern-link" href={`/streuobst?${params.toString()}`}>{label}</a>,
              t(s.alerts ? "orchards.alerts.daily" : "orchards.alerts.off"),
              <form method="post" action={`/streuobst/suchauftraege/${s.id}/loeschen`}>
                <CsrfField token={ctx.csrfToken} />
                <button type="submit" class="kern-btn kern-btn--tertiary" aria-label={t("orchards.alerts.deleteNamed", { name: label })}>
                  <span class="kern-label">{t("orchards.alerts.delete")}</span>
                </button>
              </form>,
            ];
          })}
        />
      )}
      <p class="kern-body">
        <a class="kern-link" href="/streuobst">{t("orchards.alerts.back")}</a>
      </p>
    </>
  );
}

/** The unsubscribe link's page: GET only asks (mail clients prefetch links), the button unsubscribes. */
export function UnsubscribePage({ ctx, token, state }: { ctx: ViewContext; token: string; state: "ask" | "done" | "invalid" }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{t("orchards.alerts.unsubscribeTitle")}</PageHeading>
      {state === "invalid" && <Alert kind="danger" title={t("orchards.alerts.invalidLink")} />}
      {state === "done" && <Alert kind="success" title={t("orchards.alerts.unsubscribed")} />}
      {state === "ask" && (
        <form method="post" action={`/streuobst/suchauftraege/abbestellen/${token}`}>
          <p class="kern-body">{t("orchards.alerts.unsubscribeLead")}</p>
          <Button>{t("orchards.alerts.unsubscribeButton")}</Button>
        </form>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/streuobst/suchauftraege">{t("orchards.alerts.manage")}</a>
      </p>
    </>
  );
}
