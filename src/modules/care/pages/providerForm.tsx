import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, CsrfField, ErrorSummary, LinkLine, PageHeading, RadioGroup, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { CARE_KINDS, kindLabel, LANGUAGES, langLabel, SPECIALISATIONS, specLabel } from "../kinds.js";
import type { ProviderRow } from "../queries.js";
import type { Place } from "./views.js";

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
        <CheckboxGroup name="specialisations" label={t("care.form.specialisations")} form={form} options={SPECIALISATIONS.map((k) => ({ value: k, label: t(specLabel(k)) }))} />
        <CheckboxGroup name="languages" label={t("care.form.languages")} form={form} options={LANGUAGES.map((k) => ({ value: k, label: t(langLabel(k)) }))} />
        <CheckboxGroup name="accessible" label={t("care.form.accessibleGroup")} form={form} options={[{ value: "yes", label: t("care.form.accessible") }]} />
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
          <LinkLine href={`/verwaltung/pflege/${provider.id}/einladungen`}>{t("care.invitations.link")}</LinkLine>
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
