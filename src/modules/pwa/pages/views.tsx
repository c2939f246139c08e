/** Views of the app module: offline page, push settings (Mein Konto), waste calendar. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, CheckboxGroup, CsrfField, DataTable, ErrorSummary, FormActions, LinkLine, PageHeading, Section, SelectField, TextField, Button, type FormState } from "../../../platform/views/components.js";
import { PUSH_TOPICS } from "../db.js";

export function OfflinePage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("pwa.offline.title")}</PageHeading>
      <p class="kern-body">{t("pwa.offline.body")}</p>
      <LinkLine href="/">{t("pwa.offline.home")}</LinkLine>
    </div>
  );
}

export interface PushSettingsView {
  form: FormState;
  devices: number;
  saved: boolean;
  removed: boolean;
  streets: Array<{ value: string; label: string }>;
  vapidPublicKey: string;
}

export function PushSettingsPage({ ctx, view }: { ctx: ViewContext; view: PushSettingsView }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("pwa.accountTitle")}>{t("pwa.settings.title")}</PageHeading>
      {view.saved && <Alert kind="success" title={t("pwa.settings.saved")} />}
      {view.removed && <Alert kind="success" title={t("pwa.settings.removed")} />}
      <ErrorSummary form={view.form} t={t} labels={{ topics: t("pwa.settings.topics"), wasteStreet: t("pwa.settings.street"), wasteHouseNumber: t("pwa.settings.houseNumber") }} />
      <p class="kern-body">{t("pwa.settings.intro")}</p>
      <form method="post" action="/konto/benachrichtigungen" class="kern-stack" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <CheckboxGroup name="topics" label={t("pwa.settings.topics")} form={view.form} options={PUSH_TOPICS.map((p) => ({ value: p, label: t(`pwa.topic.${p}`) }))} />
        <SelectField name="wasteStreet" label={t("pwa.settings.street")} hint={t("pwa.settings.streetHint")} form={view.form} options={view.streets} placeholder={t("pwa.settings.streetNone")} />
        <TextField name="wasteHouseNumber" label={t("pwa.settings.houseNumber")} hint={t("pwa.settings.houseNumberHint")} form={view.form} width={8} maxLength={20} autocomplete="off" />
        <FormActions submit={t("pwa.settings.save")} cancelHref="/konto" cancelLabel={t("pwa.accountTitle")} />
      </form>
      <Section id="geraete" title={t("pwa.settings.devices")}>
        <p class="kern-body" id="kp-push-count">
          {view.devices > 0 ? t("pwa.settings.deviceCount", { count: view.devices }) : t("pwa.settings.noDevice")}
        </p>
        {/* pwa.js shows the button (hidden without JavaScript) and reports the outcome in the status line. */}
        <p class="kern-body kp-push-nojs">{t("pwa.settings.noJs")}</p>
        <div
          id="kp-push"
          hidden
          data-key={view.vapidPublicKey}
          data-csrf={ctx.csrfToken}
          data-enabled={t("pwa.settings.enabled")}
          data-denied={t("pwa.settings.denied")}
          data-unsupported={t("pwa.settings.unsupported")}
        >
          <button type="button" class="kern-btn kern-btn--secondary" id="kp-push-enable">
            <span class="kern-label">{t("pwa.settings.enable")}</span>
          </button>
          <p class="kern-body" role="status" id="kp-push-status"></p>
        </div>
        {view.devices > 0 && (
          <form method="post" action="/konto/benachrichtigungen/aus">
            <CsrfField token={ctx.csrfToken} />
            <Button variant="tertiary">{t("pwa.settings.removeAll")}</Button>
          </form>
        )}
      </Section>
    </div>
  );
}

export interface WasteView {
  form: FormState;
  municipalities: Array<{ value: string; label: string }>;
  streets: Array<{ value: string; label: string }>;
  chosen?: { streetId: string; street: string; place: string; demo: boolean; dates: Array<{ day: string; fraction: string }>; icsUrl: string };
  /** The street's sections to choose from when a typed house number is in none of them. */
  sections?: Array<{ href: string; label: string }> | undefined;
  /** Signed in: the shown place can be saved for the reminder and the next visit. */
  canSave?: boolean;
  /** Just saved (after the redirect). */
  saved?: boolean;
}

const dayLabel = (day: string, locale: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(locale === "de" ? "de-DE" : "en-GB", { weekday: "short", day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });

export function WastePage({ ctx, view }: { ctx: ViewContext; view: WasteView }) {
  const { t } = ctx;
  const c = view.chosen;
  return (
    <div class="kern-stack">
      <PageHeading>{t("pwa.waste.title")}</PageHeading>
      {view.saved && (
        <Alert kind="success" title={t("pwa.waste.saved")}>
          <p class="kern-body">
            {t("pwa.waste.savedBody")}{" "}
            <a class="kern-link" href="/konto/benachrichtigungen">
              {t("pwa.settings.title")}
            </a>
          </p>
        </Alert>
      )}
      <ErrorSummary form={view.form} t={t} labels={{ gemeinde: t("pwa.waste.municipality"), strasse: t("pwa.waste.street"), hausnummer: t("pwa.waste.houseNumber") }} />
      <p class="kern-body">{t("pwa.waste.intro")}</p>
      <form method="get" action="/abfuhrkalender" class="kern-stack" noValidate>
        <SelectField name="gemeinde" label={t("pwa.waste.municipality")} form={view.form} options={view.municipalities} placeholder={t("pwa.waste.choose")} required />
        {view.streets.length > 0 && <SelectField name="strasse" label={t("pwa.waste.street")} form={view.form} options={view.streets} placeholder={t("pwa.waste.choose")} />}
        {view.streets.length > 0 && <TextField name="hausnummer" label={t("pwa.waste.houseNumber")} hint={t("pwa.waste.houseNumberHint")} form={view.form} width={8} maxLength={20} autocomplete="off" />}
        <div>
          <Button>{t("pwa.waste.show")}</Button>
        </div>
      </form>
      {view.sections && (
        <Section id="abschnitte" title={t("pwa.waste.sectionsTitle")}>
          <p class="kern-body">{t("pwa.waste.sectionsIntro")}</p>
          <ul class="kern-list">
            {view.sections.map((s) => (
              <li>
                <a class="kern-link" href={s.href}>{s.label}</a>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {c && (
        <Section id="termine" title={t("pwa.waste.dates", { street: `${c.street}, ${c.place}` })}>
          {c.demo && <p class="kern-body kern-body--bold">{t("pwa.waste.demo")}</p>}
          {c.dates.length === 0 ? (
            <p class="kern-body">{t("pwa.waste.none")}</p>
          ) : (
            <DataTable caption={t("pwa.waste.dates", { street: c.street })} head={[t("pwa.waste.date"), t("pwa.waste.fraction")]} rows={c.dates.map((d) => [dayLabel(d.day, ctx.locale), t(`pwa.waste.fraction.${d.fraction}`)])} />
          )}
          <LinkLine href={c.icsUrl.replace(/^https?:/, "webcal:")}>{t("pwa.waste.subscribeWebcal")}</LinkLine>
          <LinkLine href={c.icsUrl}>{t("pwa.waste.subscribe")}</LinkLine>
          <p class="kern-body kern-body--small">{t("pwa.waste.subscribeHint", { url: c.icsUrl })}</p>
          {view.canSave && (
            <form method="post" action="/abfuhrkalender/merken" class="kern-stack">
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="strasse" value={c.streetId} />
              <input type="hidden" name="hausnummer" value={view.form.values.hausnummer ?? ""} />
              <p class="kern-body kern-body--small">
                {t("pwa.waste.saveHint")}
              </p>
              <div>
                <Button variant="secondary">
                  {t("pwa.waste.save")}
                </Button>
              </div>
            </form>
          )}
        </Section>
      )}
    </div>
  );
}
