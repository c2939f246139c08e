/** Views of the municipal news: public list and item, the start page section, the Redaktion page. */
import type { Translate } from "../../../platform/i18n/index.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, ErrorSummary, FileField, FormActions, LinkLine, PageHeading, Section, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import type { NewsItem } from "../news.js";
import { formatDateTime } from "../../../platform/i18n/format.js";

type Places = ReadonlyMap<string, string>;
const dateOf = (d: Date, locale: string) => d.toLocaleDateString(locale === "de" ? "de-DE" : "en-GB", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Europe/Berlin" });
const placeOf = (i: NewsItem, places: Places, t: Translate) => (i.ags ? (places.get(i.ags) ?? i.ags) : t("pwa.news.county"));

function NewsList({ items, places, t, locale, headingLevel = 2 }: { items: NewsItem[]; places: Places; t: Translate; locale: string; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul class="kern-list kp-news">
      {items.map((i) => (
        <li class="kp-news__item">
          {i.image && <img class="kp-news__thumb" src={i.image.thumb.url} alt={i.image.alt} width={i.image.thumb.width} height={i.image.thumb.height} loading="lazy" decoding="async" />}
          <H class="kern-heading-small">
            <a class="kern-link" href={`/nachrichten/${i.id}`}>
              {i.title}
            </a>
          </H>
          <p class="kern-body kern-body--small">
            {dateOf(i.publishedAt, locale)} · {placeOf(i, places, t)}
            {i.isDemo && ` · ${t("pwa.news.demo")}`}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function NewsListPage({ ctx, title, items, places, filter, scope, feedBase }: { ctx: ViewContext; title: string; items: NewsItem[]; places: Places; filter: FormState; scope?: string; feedBase: string }) {
  const { t } = ctx;
  const options = [{ value: "kreis", label: t("pwa.news.county") }, ...[...places].map(([value, label]) => ({ value, label }))];
  return (
    <div class="kern-stack">
      <PageHeading>{title}</PageHeading>
      <p class="kern-body">{t("pwa.news.intro")}</p>
      <form method="get" action="/nachrichten" class="kern-stack">
        <SelectField name="gemeinde" label={t("pwa.news.filter")} form={filter} options={options} placeholder={t("pwa.news.all")} />
        <div>
          <Button variant="secondary">{t("pwa.news.show")}</Button>
        </div>
      </form>
      {items.length === 0 ? <p class="kern-body">{t("pwa.news.none")}</p> : <NewsList items={items} places={places} t={t} locale={ctx.locale} />}
      <p class="kern-body">
        {t("pwa.news.feeds")}{" "}
        <a class="kern-link" href={`${feedBase}/feed.rss${scope ? `?gemeinde=${scope}` : ""}`}>
          RSS
        </a>{" "}
        ·{" "}
        <a class="kern-link" href={`${feedBase}/feed.atom${scope ? `?gemeinde=${scope}` : ""}`}>
          Atom
        </a>
      </p>
    </div>
  );
}

export function NewsItemPage({ ctx, item, places }: { ctx: ViewContext; item: NewsItem; places: Places }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={placeOf(item, places, t)}>{item.title}</PageHeading>
      <p class="kern-body kern-body--small">{t("pwa.news.published", { date: dateOf(item.publishedAt, ctx.locale) })}</p>
      {item.isDemo && <p class="kern-body kern-body--bold">{t("pwa.news.demo")}</p>}
      {item.image && <img class="kp-news-image" src={item.image.url} alt={item.image.alt} width={item.image.width} height={item.image.height} decoding="async" />}
      {item.body.split(/\n{2,}/).map((p) => (
        <p class="kern-body">{p}</p>
      ))}
      <LinkLine href={item.ags ? `/nachrichten?gemeinde=${item.ags}` : "/nachrichten"}>{t("pwa.news.back")}</LinkLine>
    </div>
  );
}

/** The start page section: the latest items of the person's municipality and the county. */
export function NewsHomeSection({ t, locale, title, items, places, moreHref }: { t: Translate; locale: string; title: string; items: NewsItem[]; places: Places; moreHref: string }) {
  return (
    <Section id="kp-news" title={title}>
      <NewsList items={items} places={places} t={t} locale={locale} headingLevel={3} />
      <LinkLine href={moreHref}>{t("pwa.news.homeMore")}</LinkLine>
    </Section>
  );
}

/** Optional publication time (empty: now). */
function ScheduleFields({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const { t } = ctx;
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{t("pwa.news.staff.when")}</legend>
      <p class="kern-hint">{t("pwa.news.staff.whenHint")}</p>
      <TextField name="ab" type="date" label={t("pwa.news.staff.date")} form={form} />
      <TextField name="um" type="time" label={t("pwa.news.staff.time")} form={form} width={4} />
    </fieldset>
  );
}

/** The Redaktion's form to change an item (its time only while scheduled). */
export function NewsEditPage({ ctx, id, scheduled, form }: { ctx: ViewContext; id: string; scheduled: boolean; form: FormState }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("pwa.news.staff.title")}>{t("pwa.news.staff.editTitle")}</PageHeading>
      <ErrorSummary form={form} t={t} labels={{ title: t("pwa.news.staff.headline"), body: t("pwa.news.staff.body"), ab: t("pwa.news.staff.date"), um: t("pwa.news.staff.time") }} />
      <form method="post" action={`/verwaltung/nachrichten/${id}/bearbeiten`} class="kern-stack" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="title" label={t("pwa.news.staff.headline")} form={form} maxLength={150} required />
        <TextArea name="body" label={t("pwa.news.staff.body")} form={form} rows={6} maxLength={3000} />
        {scheduled ? <ScheduleFields ctx={ctx} form={form} /> : <p class="kern-body">{t("pwa.news.staff.dateKept")}</p>}
        <FormActions submit={t("pwa.news.staff.save")} cancelHref="/verwaltung/nachrichten" cancelLabel={t("pwa.news.back")} />
      </form>
    </div>
  );
}

export interface NewsStaffView {
  form: FormState;
  scopes: Array<{ value: string; label: string }>;
  recent: Array<NewsItem & { scheduled: boolean }>;
  places: Places;
  notice?: string;
  editors?: { list: Array<{ userId: string; email: string; scope: string }>; form: FormState; scopes: Array<{ value: string; label: string }> };
}

export function NewsStaffPage({ ctx, view }: { ctx: ViewContext; view: NewsStaffView }) {
  const { t } = ctx;
  const errors: FormState = { values: {}, errors: { ...view.form.errors, ...(view.editors?.form.errors ?? {}) } };
  return (
    <div class="kern-stack">
      <PageHeading>{t("pwa.news.staff.title")}</PageHeading>
      {view.notice && <Alert kind="success" title={view.notice} />}
      <ErrorSummary form={errors} t={t} labels={{ scope: t("pwa.news.staff.scope"), title: t("pwa.news.staff.headline"), body: t("pwa.news.staff.body"), bild: t("pwa.news.staff.image"), bildAlt: t("pwa.news.staff.imageAlt"), ab: t("pwa.news.staff.date"), um: t("pwa.news.staff.time"), email: t("pwa.news.staff.editorEmail"), editorScope: t("pwa.news.staff.scope") }} />
      {view.scopes.length === 0 ? (
        <p class="kern-body">{t("pwa.news.staff.none")}</p>
      ) : (
        <Section id="neu" title={t("pwa.news.staff.new")}>
          <form method="post" action="/verwaltung/nachrichten" enctype="multipart/form-data" class="kern-stack" noValidate>
            <CsrfField token={ctx.csrfToken} />
            <SelectField name="scope" label={t("pwa.news.staff.scope")} form={view.form} options={view.scopes} placeholder={t("pwa.waste.choose")} required />
            <TextField name="title" label={t("pwa.news.staff.headline")} form={view.form} maxLength={150} required />
            <TextArea name="body" label={t("pwa.news.staff.body")} form={view.form} rows={6} maxLength={3000} />
            <FileField name="bild" label={t("pwa.news.staff.image")} hint={t("pwa.news.staff.imageHint")} error={view.form.errors.bild} accept="image/png,image/jpeg" optional />
            <TextField name="bildAlt" label={t("pwa.news.staff.imageAlt")} hint={t("pwa.news.staff.imageAltHint")} form={view.form} maxLength={300} />
            <ScheduleFields ctx={ctx} form={view.form} />
            <FormActions submit={t("pwa.news.staff.publish")} cancelHref="/verwaltung" cancelLabel={t("pwa.news.back")} />
          </form>
        </Section>
      )}
      {view.recent.length > 0 && (
        <Section id="zuletzt" title={t("pwa.news.staff.recent")}>
          <ul class="kern-list">
            {view.recent.map((i) => (
              <li>
                {i.scheduled ? (
                  <>
                    {i.title} ({placeOf(i, view.places, t)}, <strong>{t("pwa.news.staff.scheduledFor", { at: formatDateTime(i.publishedAt, ctx.locale) })}</strong>)
                  </>
                ) : (
                  <>
                    <a class="kern-link" href={`/nachrichten/${i.id}`}>
                      {i.title}
                    </a>{" "}
                    ({placeOf(i, view.places, t)}, {dateOf(i.publishedAt, ctx.locale)})
                  </>
                )}{" "}
                <a class="kern-link" href={`/verwaltung/nachrichten/${i.id}/bearbeiten`}>
                  {t("pwa.news.staff.edit", { title: i.title })}
                </a>
                <form method="post" action={`/verwaltung/nachrichten/${i.id}/zurueckziehen`} class="kp-inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <Button variant="tertiary">{t("pwa.news.staff.withdraw", { title: i.title })}</Button>
                </form>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {view.editors && (
        <Section id="redaktion" title={t("pwa.news.staff.editors")}>
          <ul class="kern-list">
            {view.editors.list.map((e) => {
              const scope = e.scope === "kreis" ? t("pwa.news.county") : (view.places.get(e.scope) ?? e.scope);
              return (
                <li>
                  <form method="post" action="/verwaltung/nachrichten/redaktion/entfernen" class="kp-inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <input type="hidden" name="userId" value={e.userId} />
                    <input type="hidden" name="editorScope" value={e.scope} />
                    <Button variant="tertiary">{t("pwa.news.staff.editorRemove", { email: e.email, scope })}</Button>
                  </form>
                </li>
              );
            })}
          </ul>
          <form method="post" action="/verwaltung/nachrichten/redaktion" class="kern-stack" noValidate>
            <CsrfField token={ctx.csrfToken} />
            <TextField name="email" type="email" label={t("pwa.news.staff.editorEmail")} form={view.editors.form} autocomplete="off" required />
            <SelectField name="editorScope" label={t("pwa.news.staff.scope")} form={view.editors.form} options={view.editors.scopes} placeholder={t("pwa.waste.choose")} required />
            <div>
              <Button variant="secondary">{t("pwa.news.staff.editorAdd")}</Button>
            </div>
          </form>
        </Section>
      )}
    </div>
  );
}
