/** Payment pages: paying a fine, return from the provider, receipt, staff reconciliation and import. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, PageHeading, TextArea, TextField, type FormState, DescriptionList } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { CSV_HEADER } from "../openItems.js";
import type { PaymentStatus } from "../providers/xbezahldienste/protocol.js";
import { formatEuro } from "../../../platform/i18n/format.js";

const dateDe = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

export function FinesSearchPage({ ctx, form, notice }: { ctx: ViewContext; form: FormState; notice?: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading>{t("fines.title")}</PageHeading>
      <ErrorSummary form={form} t={t} />
      {notice && <Alert kind="warning" title={notice} />}
      <p class="kern-body">{t("fines.intro")}</p>
      <form method="post" action="/bussgeld-bezahlen" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="kassenzeichen" label={t("fines.kassenzeichen")} hint={t("fines.kassenzeichen.hint")} form={form} required autocomplete="off" maxLength={40} width={4} />
        <TextField name="kennzeichen" label={t("fines.plate")} hint={t("fines.plate.hint")} form={form} autocomplete="off" maxLength={20} width={4} />
        <Button>{t("fines.search")}</Button>
      </form>
    </div>
  );
}

export interface OpenItemView {
  kassenzeichen: string;
  amount_cents: number;
  due_date: string;
  description: string;
}

export function FineOpenPage({ ctx, item, plate, notice }: { ctx: ViewContext; item: OpenItemView; plate: string; notice?: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading preline={`${t("fines.kassenzeichen")} ${item.kassenzeichen}`}>{t("fines.open.title")}: {formatEuro(item.amount_cents, ctx.locale)}</PageHeading>
      {notice && <Alert kind="danger" title={notice} />}
      <DescriptionList
        rows={[
          [t("fines.open.description"), item.description],
          [t("fines.open.amount"), formatEuro(item.amount_cents, ctx.locale)],
          [t("fines.open.due"), dateDe(item.due_date)],
        ]}
      />
      <form method="post" action="/bussgeld-bezahlen/zahlen">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="kassenzeichen" value={item.kassenzeichen} />
        <input type="hidden" name="kennzeichen" value={plate} />
        <p class="kern-body">{t("fines.open.payHint")}</p>
        <Button>{t("fines.open.pay")}</Button>
      </form>
    </div>
  );
}

/** Before leaving the portal: what is paid, and the link to the payment service. */
export function HandoverPage({ ctx, amountCents, reference, href }: { ctx: ViewContext; amountCents: number; reference: string; href: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading preline={reference}>{t("payments.handover.title")}</PageHeading>
      <p class="kern-body">{t("payments.handover.text", { amount: formatEuro(amountCents, ctx.locale) })}</p>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href={href}>
          <span class="kern-label">{t("payments.handover.go")}</span>
        </a>
      </p>
    </div>
  );
}

export function MessagePage({ title, kind, text, link }: { title: string; kind: "info" | "success" | "warning" | "danger"; text: string; link?: { href: string; label: string } }) {
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading>{title}</PageHeading>
      <Alert kind={kind} title={text} />
      {link && (
        <p class="kern-body">
          <a class="kern-link" href={link.href}>{link.label}</a>
        </p>
      )}
    </div>
  );
}

export interface ReceiptView {
  id: string;
  reference: string;
  amount_cents: number;
  paid_at: Date | null;
  purpose: string;
  description: string;
  provider_transaction_id: string | null;
}

export function ReceiptPage({ ctx, tx, pdfHref }: { ctx: ViewContext; tx: ReceiptView; pdfHref: string }) {
  const { t } = ctx;
  const row = (k: string, v: string) => (
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">{k}</dt><dd class="kern-description-list-item__value">{v}</dd></div>
  );
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading>{t("payments.receipt.title")}</PageHeading>
      <Alert kind="success" title={t("payments.receipt.paid")} />
      <dl class="kern-description-list">
        {row(t("payments.receipt.reference"), tx.reference)}
        {row(t("payments.receipt.purpose"), tx.description)}
        {row(t("payments.receipt.amount"), formatEuro(tx.amount_cents, ctx.locale))}
        {row(t("payments.receipt.paidAt"), tx.paid_at ? formatDateTime(tx.paid_at, ctx.locale) : "–")}
        {row(t("payments.receipt.transaction"), tx.provider_transaction_id ?? tx.id)}
      </dl>
      <p class="kern-body">
        <a class="kern-link" href={pdfHref}>{t("payments.receipt.pdf")}</a>
      </p>
      <p class="kern-body">{t("payments.receipt.keep")}</p>
    </div>
  );
}

export interface StaffRow {
  id: string;
  created_at: Date;
  reference: string;
  subject_type: string;
  amount_cents: number;
  status: PaymentStatus;
  provider_status: PaymentStatus | null;
  provider_transaction_id: string | null;
}

export function StaffListPage({ ctx, form, rows, sums, truncated, staleHours, notice, health }: { ctx: ViewContext; form: FormState; rows: StaffRow[]; sums: Record<string, { count: number; cents: number }>; truncated: boolean; staleHours: number; notice?: string; health?: { ok: boolean; message: string; provider: string } }) {
  const { t } = ctx;
  const v = form.values;
  const qs = new URLSearchParams(Object.entries(v).filter(([, x]) => x)).toString();
  const staleBefore = Date.now() - staleHours * 3600_000;
  return (
    <>
      <PageHeading>{t("payments.staff.title")}</PageHeading>
      <ErrorSummary form={form} t={t} />
      {notice && <Alert kind="success" title={notice} />}
      <p class="kern-body">
        {health ? t(health.ok ? "payments.staff.providerOk" : "payments.staff.providerDown", { provider: health.provider, message: health.message }) : t("payments.staff.providerNone")}
      </p>
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/zahlungen/posten">{t("payments.staff.items")}</a> · <a class="kern-link" href={`/verwaltung/zahlungen/export.csv${qs ? `?${qs}` : ""}`}>{t("payments.staff.csv")}</a>
      </p>
      <form method="get" action="/verwaltung/zahlungen" class="kern-stack">
        <div class="kern-form-input">
          <label class="kern-label" for="status">{t("payments.staff.status")}</label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="status" name="status">
              <option value="">{t("payments.staff.all")}</option>
              {(["INITIAL", "PAYED", "CANCELED", "FAILED"] as const).map((s) => (
                <option value={s} selected={v.status === s}>{t(`payments.status.${s}`)}</option>
              ))}
            </select>
          </div>
        </div>
        <TextField name="von" label={t("payments.staff.from")} form={form} width={4} />
        <TextField name="bis" label={t("payments.staff.to")} form={form} width={4} />
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="probleme" name="probleme" value="1" checked={v.probleme === "1"} />
          <label class="kern-label" for="probleme">{t("payments.staff.problems")}</label>
        </div>
        <Button variant="secondary">{t("payments.staff.filter")}</Button>
      </form>
      <form method="post" action="/verwaltung/zahlungen/pruefen">
        <CsrfField token={ctx.csrfToken} />
        <Button variant="tertiary">{t("payments.staff.reconcile")}</Button>
      </form>
      <h2 class="kern-heading-small">{t("payments.staff.sums")}</h2>
      <ul class="kern-list">
        {Object.entries(sums).map(([s, x]) => (
          <li>{t(`payments.status.${s}`)}: {x.count} · {formatEuro(x.cents, ctx.locale)}</li>
        ))}
      </ul>
      {truncated && <Alert kind="info" title={t("payments.staff.truncated")} />}
      {rows.length === 0 ? (
        <p class="kern-body">{t("payments.staff.none")}</p>
      ) : (
        <DataTable
          caption={t("payments.staff.title")}
          head={[t("payments.staff.col.date"), t("payments.staff.col.reference"), t("payments.staff.col.subject"), t("payments.staff.col.amount"), t("payments.staff.col.status"), t("payments.staff.col.provider"), t("payments.staff.col.note")]}
          rows={rows.map((r) => [
            formatDateTime(r.created_at, ctx.locale),
            r.reference,
            t(`payments.staff.subject.${r.subject_type}`),
            formatEuro(r.amount_cents, ctx.locale),
            t(`payments.status.${r.status}`),
            r.provider_transaction_id ?? "–",
            r.provider_status === "PAYED" && r.status !== "PAYED" ? t("payments.staff.note.discrepancy") : r.status === "INITIAL" && r.created_at.getTime() < staleBefore ? t("payments.staff.note.stale", { hours: staleHours }) : "",
          ])}
        />
      )}
    </>
  );
}

export function ImportPage({ ctx, form, lineErrors, notice }: { ctx: ViewContext; form: FormState; lineErrors: string[]; notice?: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("payments.import.title")}</PageHeading>
      <ErrorSummary form={form} t={t} />
      {notice && <Alert kind="success" title={notice} />}
      {lineErrors.length > 0 && (
        <div class="kern-stack">
          <ul class="kern-list" aria-label={t("payments.import.title")}>
            {lineErrors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <p class="kern-body">{t("payments.import.intro")}</p>
      <p class="kern-body">{t("payments.import.example")}</p>
      <pre class="kp-code">{`${CSV_HEADER.join(";")}\n${t("payments.import.exampleRow")}`}</pre>
      <form method="post" action="/verwaltung/zahlungen/posten" enctype="multipart/form-data" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class="kern-form-input">
          <label class="kern-label" for="datei">{t("payments.import.file")}</label>
          <input class="kern-form-input__input" type="file" id="datei" name="datei" accept=".csv,text/csv" />
        </div>
        <TextArea name="csv" label={t("payments.import.text")} form={form} rows={8} optional />
        <Button>{t("payments.import.submit")}</Button>
      </form>
      <p class="kern-body"><a class="kern-link" href="/verwaltung/zahlungen">{t("payments.staff.title")}</a></p>
    </div>
  );
}
