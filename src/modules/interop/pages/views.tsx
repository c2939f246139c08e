import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, LinkLine, PageHeading } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import type { XmlProblem } from "../xbau/validate.js";

export interface XBauRow {
  id: string;
  type: string;
  status: "valid" | "invalid";
  errors: XmlProblem[];
  createdAt: Date;
}

const typeLabel = (t: ViewContext["t"], type: string) => {
  const key = `interop.type.${type}`;
  const label = t(key);
  return label === key ? type : label;
};

export function XBauPage({ ctx, caseId, reference, rows }: { ctx: ViewContext; caseId: string; reference: string; rows: XBauRow[] }) {
  const { t } = ctx;
  const base = `/verwaltung/vorgaenge/${caseId}`;
  return (
    <div class="kern-stack">
      <PageHeading preline={reference}>{t("interop.xbau.title")}</PageHeading>
      <p class="kern-body">{t("interop.xbau.intro")}</p>
      {rows.length === 0 ? (
        <p class="kern-body">{t("interop.xbau.none")}</p>
      ) : (
        <DataTable
          caption={t("interop.xbau.title")}
          head={[t("interop.xbau.type"), t("interop.xbau.created"), t("interop.xbau.status"), t("interop.xbau.download")]}
          rows={rows.map((r) => [
            typeLabel(t, r.type),
            formatDateTime(r.createdAt, ctx.locale),
            <span class={`kern-badge kern-badge--${r.status === "valid" ? "success" : "danger"}`}>
              <span class="kern-label">{t(r.status === "valid" ? "interop.xbau.valid" : "interop.xbau.invalid")}</span>
            </span>,
            <a class="kern-link" href={`${base}/xbau/${r.id}`} download>
              {t("interop.xbau.downloadOf", { type: r.type, at: formatDateTime(r.createdAt, ctx.locale) })}
            </a>,
          ])}
        />
      )}
      {rows
        .filter((r) => r.status === "invalid")
        .map((r) => (
          <Alert kind="danger" title={t("interop.xbau.errors", { type: typeLabel(t, r.type) })}>
            <DataTable
              caption={t("interop.xbau.errors", { type: r.type })}
              head={[t("interop.xbau.errorPath"), t("interop.xbau.errorLine"), t("interop.xbau.errorMessage")]}
              rows={r.errors.map((e) => [<code>{e.path ?? "–"}</code>, e.line === null ? "–" : String(e.line), e.message])}
            />
          </Alert>
        ))}
      <LinkLine href={base}>{t("interop.xbau.back")}</LinkLine>
    </div>
  );
}

export interface DeliveryRow {
  id: string;
  reference: string;
  destination: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

export function DeliveriesPage({ ctx, rows, maxAttempts, notice }: { ctx: ViewContext; rows: DeliveryRow[]; maxAttempts: number; notice?: boolean }) {
  const { t } = ctx;
  const badge = { pending: "info", delivered: "success", failed: "danger" } as const;
  return (
    <div class="kern-stack">
      <PageHeading>{t("interop.deliveries.title")}</PageHeading>
      {notice && <Alert kind="success" title={t("interop.deliveries.retried")} />}
      <p class="kern-body">{t("interop.deliveries.intro", { max: maxAttempts })}</p>
      <LinkLine href="/verwaltung/zustellungen/ziele">{t("interop.destinations.title")}</LinkLine>
      {rows.length === 0 ? (
        <p class="kern-body">{t("interop.deliveries.none")}</p>
      ) : (
        <DataTable
          caption={t("interop.deliveries.title")}
          head={[t("interop.deliveries.reference"), t("interop.deliveries.destination"), t("interop.deliveries.status"), t("interop.deliveries.attempts"), t("interop.deliveries.lastError"), t("interop.deliveries.actions")]}
          rows={rows.map((r) => [
            r.reference,
            r.destination,
            <span class={`kern-badge kern-badge--${badge[r.status]}`}>
              <span class="kern-label">{t(`interop.status.${r.status}`)}</span>
            </span>,
            String(r.attempts),
            r.lastError ?? "–",
            r.status === "failed" ? (
              <form method="post" action={`/verwaltung/zustellungen/${r.id}/erneut`}>
                <CsrfField token={ctx.csrfToken} />
                <Button variant="secondary">{t("interop.deliveries.retry")}</Button>
              </form>
            ) : (
              "–"
            ),
          ])}
        />
      )}
    </div>
  );
}
