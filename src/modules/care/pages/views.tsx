import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, CsrfField, DataTable, ErrorSummary, PageHeading, RadioGroup, SelectField, TextArea, TextField, type FormState, LinkLine } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { CARE_KINDS, kindLabel, STALE_AFTER_DAYS } from "../kinds.js";
import { freshnessText, placesText, placeViews, type PlaceView } from "../presenters.js";
import type { ProviderRow } from "../queries.js";

export interface Place {
  ags: string;
  name: string;
}

function DemoBadge({ ctx, p }: { ctx: ViewContext; p: ProviderRow }) {
  if (!p.isDemo) return null;
  return (
    <span class="kern-badge kern-badge--info">
      <span class="kern-label">{ctx.t("care.demo")}</span>
    </span>
  );
}

function Freshness({ ctx, v }: { ctx: ViewContext; v: PlaceView }) {
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
function PlaceList({ ctx, p, now, kind }: { ctx: ViewContext; p: ProviderRow; now: Date; kind?: string }) {
  const views = placeViews(p, ctx.t, now).filter((v) => !kind || v.kind === kind);
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

export function SearchPage({ ctx, form, places, results, searched, now }: { ctx: ViewContext; form: FormState; places: Place[]; results: ProviderRow[]; searched: boolean; now: Date }) {
  const { t } = ctx;
  const kind = form.values.art || undefined;
  return (
    <div class="kern-stack">
      <PageHeading>{t("care.public.title")}</PageHeading>
      <p class="kern-body">{t("care.public.intro", { county: ctx.countyName, days: STALE_AFTER_DAYS })}</p>
      <ErrorSummary form={form} t={t} />
      <form method="get" action="/pflegeplaetze" class="kern-stack kp-narrow" role="search" aria-label={t("care.public.filter")} novalidate>
        <SelectField name="gemeinde" label={t("care.public.municipality")} form={form} placeholder={t("care.public.anyMunicipality")} options={places.map((p) => ({ value: p.ags, label: p.name }))} />
        <TextField name="plz" label={t("care.public.postcode")} hint={t("care.public.postcodeHint")} form={form} inputMode="numeric" maxLength={5} width={4} autocomplete="postal-code" />
        <SelectField name="art" label={t("care.public.kind")} form={form} placeholder={t("care.public.anyKind")} options={CARE_KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))} />
        <div>
          <Button>{t("care.public.submit")}</Button>
        </div>
      </form>
      <section class="kern-stack" aria-labelledby="treffer">
        <h2 class="kern-heading-medium" id="treffer">
          {t("care.public.results", { n: results.length })}
        </h2>
        {results.length === 0 && searched && <p class="kern-body">{t("care.public.none")}</p>}
        <ul class="kern-list kp-care-results">
          {results.map((p) => (
            <li class="kern-stack kp-care-result">
              <h3 class="kern-heading-small">
                <a class="kern-link" href={`/pflegeplaetze/anbieter/${p.id}`}>
                  {p.name}
                </a>{" "}
                <DemoBadge ctx={ctx} p={p} />
              </h3>
              <p class="kern-body">
                {p.street}, {p.postcode} {p.town}
                {p.phone && (
                  <>
                    {" · "}
                    {t("care.provider.phone")}: <a class="kern-link" href={`tel:${p.phone.replace(/[^0-9+]/g, "")}`}>{p.phone}</a>
                  </>
                )}
              </p>
              <PlaceList ctx={ctx} p={p} now={now} kind={kind} />
            </li>
          ))}
        </ul>
      </section>
      <p class="kern-body">{t("care.public.counselling")}</p>
    </div>
  );
}

export function ProviderPage({ ctx, p, now }: { ctx: ViewContext; p: ProviderRow; now: Date }) {
  const { t } = ctx;
  const views = placeViews(p, t, now);
  return (
    <div class="kern-stack">
      <PageHeading preline={t(p.isDemo ? "care.demo" : "care.search.kind")}>{p.name}</PageHeading>
      {!p.active && <Alert kind="info" title={t("care.provider.inactive")} />}
      {p.description && <p class="kern-body">{p.description}</p>}
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
        </section>
      ))}
    </div>
  );
}

/** The report form: one number (and "free from") per kind; a second form confirms unchanged numbers. */
export function ReportPage({ ctx, p, form, now, notice }: { ctx: ViewContext; p: ProviderRow; form: FormState; now: Date; notice?: "saved" | "confirmed" | "nothing" }) {
  const { t } = ctx;
  const views = placeViews(p, t, now);
  return (
    <div class="kern-stack">
      <PageHeading preline={p.name}>{t("care.report.title")}</PageHeading>
      {notice === "saved" && <Alert kind="success" title={t("care.report.saved")} />}
      {notice === "confirmed" && <Alert kind="success" title={t("care.report.confirmed")} />}
      {notice === "nothing" && <Alert kind="warning" title={t("care.report.nothingToConfirm")} />}
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

export interface MemberView {
  userId: string;
  email: string;
}

export function ProviderFormPage({ ctx, form, places, provider, members, memberForm, notice }: { ctx: ViewContext; form: FormState; places: Place[]; provider?: ProviderRow; members?: MemberView[]; memberForm?: FormState; notice?: string }) {
  const { t } = ctx;
  const action = provider ? `/verwaltung/pflege/${provider.id}` : "/verwaltung/pflege/neu";
  const labels = { name: t("care.form.name"), kinds: t("care.form.kinds"), gemeinde: t("care.form.municipality"), street: t("care.form.street"), postcode: t("care.form.postcode"), town: t("care.form.town"), email: t("care.form.email"), website: t("care.form.website") };
  return (
    <div class="kern-stack">
      <PageHeading preline={provider?.name}>{t(provider ? "care.form.editTitle" : "care.form.newTitle")}</PageHeading>
      {notice && <Alert kind="success" title={t(notice)} />}
      <ErrorSummary form={form} t={t} labels={labels} />
      <form method="post" action={action} class="kern-stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={labels.name} form={form} required maxLength={200} />
        <TextField name="carrier" label={t("care.form.carrier")} form={form} maxLength={200} />
        <CheckboxGroup name="kinds" label={labels.kinds} form={form} options={CARE_KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))} />
        <SelectField name="gemeinde" label={labels.gemeinde} form={form} placeholder={t("care.form.choose")} options={places.map((p) => ({ value: p.ags, label: p.name }))} required />
        <TextField name="street" label={labels.street} form={form} required maxLength={200} autocomplete="street-address" />
        <TextField name="postcode" label={labels.postcode} form={form} required inputMode="numeric" maxLength={5} width={4} autocomplete="postal-code" />
        <TextField name="town" label={labels.town} form={form} required maxLength={100} />
        <TextField name="phone" label={t("care.form.phone")} form={form} type="tel" maxLength={50} />
        <TextField name="email" label={labels.email} form={form} type="email" maxLength={200} />
        <TextField name="website" label={labels.website} form={form} maxLength={300} />
        <TextArea name="description" label={t("care.form.description")} form={form} maxLength={2000} optional />
        <RadioGroup
          name="active"
          label={t("care.form.active")}
          form={form}
          options={[
            { value: "yes", label: t("care.form.activeYes") },
            { value: "no", label: t("care.form.activeNo") },
          ]}
        />
        <div>
          <Button>{t("care.form.save")}</Button>
        </div>
      </form>
      {provider && members && memberForm && (
        <section class="kern-stack" aria-labelledby="konten">
          <h2 class="kern-heading-medium" id="konten">
            {t("care.members.title")}
          </h2>
          <p class="kern-body">{t("care.members.intro")}</p>
          {members.length === 0 ? (
            <p class="kern-body">{t("care.members.none")}</p>
          ) : (
            <ul class="kern-list">
              {members.map((m) => (
                <li>
                  {m.email}{" "}
                  <form method="post" action={`/verwaltung/pflege/${provider.id}/konten/${m.userId}/entfernen`} class="kp-inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <Button variant="tertiary">{t("care.members.remove", { email: m.email })}</Button>
                  </form>
                </li>
              ))}
            </ul>
          )}
          <ErrorSummary form={memberForm} t={t} />
          <form method="post" action={`/verwaltung/pflege/${provider.id}/konten`} class="kern-stack" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextField name="memberEmail" label={t("care.members.email")} form={memberForm} type="email" required maxLength={200} autocomplete="off" />
            <div>
              <Button variant="secondary">{t("care.members.add")}</Button>
            </div>
          </form>
        </section>
      )}
    </div>
  );
}
