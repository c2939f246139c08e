/** Known events for the conflict check: the staff page, and the conflicts list on the check step and the staff detail page (ADR 0065). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, Section, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import type { EventConflict, EventRow } from "../queries.js";
import type { Place } from "./publicViews.js";

export function EventConflictList({ ctx, conflicts }: { ctx: ViewContext; conflicts: EventConflict[] }) {
  const { t } = ctx;
  return (
    <DataTable
      caption={t("roadworks.events.conflicts")}
      head={[t("roadworks.events.name"), t("roadworks.field.location"), t("roadworks.field.period"), t("roadworks.conflict.reason")]}
      rows={conflicts.map((c) => [c.event.name, `${c.event.road_name}, ${c.event.municipality}`, `${c.event.start_date} – ${c.event.end_date}`, t(`roadworks.conflict.${c.reason}`)])}
    />
  );
}

export function EventsPage({ ctx, events, places, form, notice }: { ctx: ViewContext; events: EventRow[]; places: Place[]; form: FormState; notice?: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("roadworks.events.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <ErrorSummary form={form} t={t} />
      <p class="kern-body">{t("roadworks.events.intro")}</p>
      {events.length === 0 ? (
        <p class="kern-body">{t("roadworks.events.none")}</p>
      ) : (
        <DataTable
          caption={t("roadworks.events.caption")}
          head={[t("roadworks.events.name"), t("roadworks.field.location"), t("roadworks.field.period"), t("roadworks.mine.documents")]}
          rows={events.map((e) => [
            `${e.name}${e.is_demo ? ` (${t("roadworks.demo")})` : ""}`,
            `${e.road_name}, ${e.municipality}`,
            `${e.start_date} – ${e.end_date}`,
            // Only events of the municipalities the account keeps (places) can be removed by it.
            places.some((p) => p.ags === e.ags) ? (
              <form method="post" action={`/verwaltung/baustellen/veranstaltungen/${e.id}/entfernen`}>
                <CsrfField token={ctx.csrfToken} />
                <Button variant="secondary">{t("roadworks.events.remove", { name: e.name })}</Button>
              </form>
            ) : (
              "–"
            ),
          ])}
        />
      )}
      <Section id="neu" title={t("roadworks.events.add")}>
        <form method="post" action="/verwaltung/baustellen/veranstaltungen" novalidate class="kern-stack kp-narrow">
          <CsrfField token={ctx.csrfToken} />
          <TextField name="name" label={t("roadworks.events.name")} form={form} required maxLength={200} />
          <SelectField name="gemeinde" label={t("roadworks.field.municipality")} form={form} required placeholder={t("roadworks.field.choose")} options={places.map((p) => ({ value: p.ags, label: p.name }))} />
          <TextField name="strasse" label={t("roadworks.events.road")} form={form} required maxLength={120} />
          <TextArea name="lage" label={t("roadworks.events.location")} hint={t("roadworks.field.geometryHint")} form={form} rows={2} maxLength={100_000} />
          <TextField name="beginn" label={t("roadworks.field.start")} hint={t("roadworks.field.dateHint")} form={form} required width={12} />
          <TextField name="ende" label={t("roadworks.field.end")} hint={t("roadworks.field.dateHint")} form={form} required width={12} />
          <div>
            <Button>{t("roadworks.events.add")}</Button>
          </div>
        </form>
      </Section>
      <LinkLine href="/verwaltung/baustellen">{t("roadworks.staff.title")}</LinkLine>
    </div>
  );
}
