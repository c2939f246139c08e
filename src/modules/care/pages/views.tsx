import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, CsrfField, DataTable, ErrorSummary, PageHeading, RadioGroup, SelectField, TextArea, TextField, type FormState, LinkLine } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { langLabel, specLabel, STALE_AFTER_DAYS } from "../kinds.js";
import { freshnessText, placesText, placeViews, type PlaceView } from "../presenters.js";
import type { ProviderRow } from "../queries.js";

export interface Place {
  ags: string;
  name: string;
}

export function DemoBadge({ ctx, p }: { ctx: ViewContext; p: ProviderRow }) {
  if (!p.isDemo) return null;
  return (
    <span class="kern-badge kern-badge--info">
      <span class="kern-label">{ctx.t("care.demo")}</span>
    </span>
  );
}

export function Freshness({ ctx, v }: { ctx: ViewContext; v: PlaceView }) {
  const text = freshnessText(v, ctx.t, ctx.locale);
  if (!text) return null;
  if (v.stale)
    return (
      <span class="kern-badge kern-badge--warning">
        <span class="kern-label">{text}</span>
      </span>
    );
  return <span class="kern-text kp-care-fresh">{text}</span>;
}

/** The places of a provider as a list: "Kurzzeitpflege: 2 frei – Stand: …". */
export function PlaceList({ ctx, p, now, kind, staleDays }: { ctx: ViewContext; p: ProviderRow; now: Date; kind?: string; staleDays?: number }) {
  const views = placeViews(p, ctx.t, now, staleDays).filter((v) => !kind || v.kind === kind);
  return (
    <ul class="kern-list">
      {views.map((v) => (
        <li>
          <strong>{v.label}:</strong> {placesText(v, ctx.t)} <Freshness ctx={ctx} v={v} />
        </li>
      ))}
    </ul>
  );
}

/** Specialisations, languages and access in one line ("Demenz · Türkisch, Italienisch · barrierefrei"); nothing when none. */
export function Features({ ctx, p }: { ctx: ViewContext; p: ProviderRow }) {
  const { t } = ctx;
  const parts = [
    ...(p.specialisations.length ? [`${t("care.provider.specialisations")}: ${p.specialisations.map((s) => t(specLabel(s))).join(", ")}`] : []),
    ...(p.languages.length ? [`${t("care.provider.languages")}: ${p.languages.map((l) => t(langLabel(l))).join(", ")}`] : []),
    ...(p.accessible ? [t("care.provider.accessible")] : []),
  ];
  return parts.length ? <p class="kern-body">{parts.join(" · ")}</p> : null;
}

export function ProviderPage({ ctx, p, now }: { ctx: ViewContext; p: ProviderRow; now: Date }) {
  const { t } = ctx;
  const views = placeViews(p, t, now);
  return (
    <div class="kern-stack">
      <PageHeading preline={t(p.isDemo ? "care.demo" : "care.search.kind")}>{p.name}</PageHeading>
      {!p.active && <Alert kind="info" title={t("care.provider.inactive")} />}
      {p.description && <p class="kern-body">{p.description}</p>}
      <Features ctx={ctx} p={p} />
      <LinkLine href={`/pflegeplaetze/anfrage?anbieter=${p.id}`}>{ctx.t("care.provider.request")}</LinkLine>
      <h2 class="kern-heading-medium">{t("care.places.heading")}</h2>
      <DataTable
        caption={t("care.places.heading")}
        head={[t("care.places.kind"), t("care.places.number"), t("care.places.status")]}
        rows={views.map((v) => [v.label, placesText(v, t), <Freshness ctx={ctx} v={v} />])}
      />
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("care.provider.address")}</dt>
          <dd class="kern-description-list-item__value">
            {p.street}, {p.postcode} {p.town}
          </dd>
        </div>
        {p.carrier && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t("care.provider.carrier")}</dt>
            <dd class="kern-description-list-item__value">{p.carrier}</dd>
          </div>
        )}
        {p.phone && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t("care.provider.phone")}</dt>
            <dd class="kern-description-list-item__value">
              <a class="kern-link" href={`tel:${p.phone.replace(/[^0-9+]/g, "")}`}>
                {p.phone}
              </a>
            </dd>
          </div>
        )}
        {p.email && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t("care.provider.email")}</dt>
            <dd class="kern-description-list-item__value">
              <a class="kern-link" href={`mailto:${p.email}`}>
                {p.email}
              </a>
            </dd>
          </div>
        )}
        {p.website && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t("care.provider.website")}</dt>
            <dd class="kern-description-list-item__value">
              <a class="kern-link" href={p.website} rel="noopener noreferrer">
                {p.website}
              </a>
            </dd>
          </div>
        )}
      </dl>
      <p class="kern-body">{t("care.public.counselling")}</p>
      <LinkLine href={`/pflegeplaetze?gemeinde=${p.ags}`}>{t("care.provider.back")}</LinkLine>
    </div>
  );
}

export function MinePage({ ctx, providers, now }: { ctx: ViewContext; providers: ProviderRow[]; now: Date }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("care.mine.title")}</PageHeading>
      <p class="kern-body">{t("care.mine.intro")}</p>
      {providers.length === 0 && <Alert kind="info" title={t("care.mine.none")} />}
      {providers.map((p) => (
        <section class="kern-stack" aria-labelledby={`p-${p.id}`}>
          <h2 class="kern-heading-medium" id={`p-${p.id}`}>
            {p.name} <DemoBadge ctx={ctx} p={p} />
          </h2>
          <PlaceList ctx={ctx} p={p} now={now} />
          <LinkLine href={`/pflegeplaetze/anbieter/${p.id}/melden`}>{t("care.mine.report", { name: p.name })}</LinkLine>
          <LinkLine href={`/pflegeplaetze/anbieter/${p.id}/anfragen`}>{t("care.mine.requests", { name: p.name })}</LinkLine>
        </section>
      ))}
    </div>
  );
}

/** The report form: one number (and "free from") per kind; a second form confirms unchanged numbers. */
export function ReportPage({ ctx, p, form, now, notice }: { ctx: ViewContext; p: ProviderRow; form: FormState; now: Date; notice?: "saved" | "confirmed" | "nothing" | "invited" }) {
  const { t } = ctx;
  const views = placeViews(p, t, now);
  return (
    <div class="kern-stack">
      <PageHeading preline={p.name}>{t("care.report.title")}</PageHeading>
      {notice === "saved" && <Alert kind="success" title={t("care.report.saved")} />}
      {notice === "confirmed" && <Alert kind="success" title={t("care.report.confirmed")} />}
      {notice === "nothing" && <Alert kind="warning" title={t("care.report.nothingToConfirm")} />}
      {notice === "invited" && <Alert kind="success" title={t("care.invitation.accepted", { name: p.name })} />}
      <ErrorSummary form={form} t={t} />
      <DataTable
        caption={t("care.places.heading")}
        head={[t("care.places.kind"), t("care.places.number"), t("care.places.status")]}
        rows={views.map((v) => [v.label, placesText(v, t), <Freshness ctx={ctx} v={v} />])}
      />
      <form method="post" action={`/pflegeplaetze/anbieter/${p.id}/bestaetigen`} class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <p class="kern-body" id="bestaetigen-hinweis">
          {t("care.report.confirmHint")}
        </p>
        <div>
          <Button variant="secondary">{t("care.report.confirm")}</Button>
        </div>
      </form>
      <form method="post" action={`/pflegeplaetze/anbieter/${p.id}/melden`} class="kern-stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <p class="kern-body">{t("care.report.intro")}</p>
        {views.map((v) => (
          <fieldset class="kern-fieldset">
            <legend class="kern-label">{v.label}</legend>
            <div class="kern-fieldset__body kern-stack">
              <TextField name={`n_${v.kind}`} label={t("care.report.number", { kind: v.label })} hint={t("care.report.numberHint")} form={form} inputMode="numeric" maxLength={3} width={2} required />
              <TextField name={`ab_${v.kind}`} label={t("care.report.from", { kind: v.label })} hint={t("care.report.fromHint")} form={form} type="date" />
            </div>
          </fieldset>
        ))}
        <div>
          <Button>{t("care.report.save")}</Button>
        </div>
      </form>
    </div>
  );
}

export interface OverviewRow {
  p: ProviderRow;
  freeFresh: number;
  staleKinds: number;
  lastReport?: Date;
}

export function OverviewPage({ ctx, rows }: { ctx: ViewContext; rows: OverviewRow[] }) {
  const { t } = ctx;
  const free = rows.reduce((s, r) => s + (r.p.active ? r.freeFresh : 0), 0);
  const stale = rows.filter((r) => r.p.active && r.staleKinds > 0).length;
  return (
    <div class="kern-stack">
      <PageHeading>{t("care.staff.title")}</PageHeading>
      <p class="kern-body">{t("care.staff.intro", { days: STALE_AFTER_DAYS })}</p>
      <p class="kern-body" role="status">
        {t("care.staff.summary", { providers: rows.filter((r) => r.p.active).length, free, stale })}
      </p>
      <LinkLine href="/verwaltung/pflege/neu">{t("care.staff.new")}</LinkLine>
      <LinkLine href="/pflegeplaetze/beratung/faelle">{t("care.counsellor.link")}</LinkLine>
      <DataTable
        caption={t("care.staff.title")}
        head={[t("care.staff.name"), t("care.staff.town"), t("care.staff.free"), t("care.staff.staleCount"), t("care.staff.lastReport"), t("care.staff.actions")]}
        rows={rows.map((r) => [
          <>
            <a class="kern-link" href={`/verwaltung/pflege/${r.p.id}`}>
              {r.p.name}
            </a>
            {!r.p.active && <> ({t("care.staff.inactive")})</>}
          </>,
          r.p.town,
          String(r.freeFresh),
          r.staleKinds > 0 ? (
            <span class="kern-badge kern-badge--warning">
              <span class="kern-label">{String(r.staleKinds)}</span>
            </span>
          ) : (
            "0"
          ),
          r.lastReport ? formatDateTime(r.lastReport, ctx.locale) : t("care.places.noReport"),
          <a class="kern-link" href={`/pflegeplaetze/anbieter/${r.p.id}/melden`}>
            {t("care.staff.report", { name: r.p.name })}
          </a>,
        ])}
      />
    </div>
  );
}

