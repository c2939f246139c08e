import type { ViewContext } from "../../../platform/views/context.js";
import { Button, ErrorSummary, PageHeading, SelectField, TextField, type FormState } from "../../../platform/views/components.js";
import { CARE_KINDS, kindLabel, STALE_AFTER_DAYS } from "../kinds.js";
import type { ProviderRow } from "../queries.js";
import { DemoBadge, PlaceList, type Place } from "./views.js";

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

