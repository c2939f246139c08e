/** The special-use permit (Sondernutzung) on the application form, the staff detail page and the company's list (ADR 0065). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Button, CsrfField, DescriptionList, LinkLine, RadioGroup, Section, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { euro } from "../presenters.js";
import { specialUseFeeCents } from "../rules.js";
import type { RoadworkRow, SpecialUseRow } from "../queries.js";

type SpecialUseSummary = Omit<SpecialUseRow, "pdf">;

/** Asked on the application form: whether, what and how many m² (the fee follows from the area and the period). */
export function SpecialUseFields({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const { t } = ctx;
  return (
    <>
      <RadioGroup
        name="sondernutzung"
        label={t("roadworks.su.field")}
        hint={t("roadworks.su.fieldHint")}
        form={{ ...form, values: { ...form.values, sondernutzung: form.values.sondernutzung || "nein" } }}
        required
        options={[
          { value: "nein", label: t("roadworks.su.no") },
          { value: "ja", label: t("roadworks.su.yes") },
        ]}
      />
      <TextArea name="sondernutzungArt" label={t("roadworks.su.purpose")} hint={t("roadworks.su.purposeHint")} form={form} rows={2} maxLength={2000} optional />
      <TextField name="sondernutzungFlaeche" label={t("roadworks.su.area")} hint={t("roadworks.su.areaHint")} form={form} width={8} />
    </>
  );
}

/** The staff detail page's section: what was asked, its state and fee, and the decision form while open. */
export function SpecialUseSection({ ctx, r, su, form, roadOwner }: { ctx: ViewContext; r: RoadworkRow; su: SpecialUseSummary | undefined; form: FormState; roadOwner?: string }) {
  const { t } = ctx;
  if (!su)
    return (
      <Section id="sondernutzung" title={t("roadworks.su.title")}>
        <p class="kern-body">{t("roadworks.su.none")}</p>
      </Section>
    );
  const fee = su.status === "pending" ? specialUseFeeCents(su.area_m2, r.start_date, r.end_date) : su.fee_cents;
  return (
    <Section id="sondernutzung" title={t("roadworks.su.title")}>
      <p class="kern-body">{t("roadworks.su.independent")}</p>
      <DescriptionList
        rows={[
          [t("roadworks.su.status"), t(`roadworks.su.status.${su.status}`)],
          [t("roadworks.su.purpose"), su.purpose],
          [t("roadworks.su.area"), t("roadworks.su.areaValue", { m2: su.area_m2 })],
          ...(roadOwner ? [[t("roadworks.su.roadOwner"), roadOwner] as [string, string]] : []),
          [t("roadworks.su.fee"), su.status === "refused" ? "–" : su.paid_at && su.fee_cents > 0 ? t("roadworks.su.paid", { fee: euro(fee) }) : euro(fee)],
          ...(su.decision_text ? [[t("roadworks.su.decisionText"), su.decision_text] as [string, string]] : []),
        ]}
      />
      {su.status !== "pending" && <LinkLine href={`/baustellen/${r.id}/sondernutzung.pdf`}>{t("roadworks.su.notice")}</LinkLine>}
      {su.status === "pending" && (
        <form method="post" action={`/verwaltung/baustellen/${r.id}/sondernutzung`} novalidate class="kern-stack kp-narrow">
          <CsrfField token={ctx.csrfToken} />
          <RadioGroup
            name="suEntscheidung"
            label={t("roadworks.su.decision")}
            form={form}
            required
            options={[
              { value: "granted", label: t("roadworks.su.grant", { fee: euro(fee) }) },
              { value: "refused", label: t("roadworks.su.refuse") },
            ]}
          />
          <TextArea name="suText" label={t("roadworks.su.text")} hint={t("roadworks.su.textHint")} form={form} rows={3} maxLength={4000} optional />
          <div>
            <Button variant="secondary">{t("roadworks.su.decide")}</Button>
          </div>
        </form>
      )}
    </Section>
  );
}

/** The company's list: the special use's state, its notice and – granted and unpaid – the button paying its fee. */
export function SpecialUseCell({ ctx, r, su }: { ctx: ViewContext; r: RoadworkRow; su: SpecialUseSummary | undefined }) {
  const { t } = ctx;
  if (!su) return <>–</>;
  return (
    <>
      {t(`roadworks.su.status.${su.status}`)}
      {su.status !== "pending" && (
        <>
          {" "}
          <a class="kern-link" href={`/baustellen/${r.id}/sondernutzung.pdf`}>
            {t("roadworks.su.notice")}
          </a>
        </>
      )}
      {su.status === "granted" && su.fee_cents > 0 && (su.paid_at ? <> {t("roadworks.su.paid", { fee: euro(su.fee_cents) })}</> : (
        <form method="post" action={`/baustellen/${r.id}/sondernutzung/bezahlen`}>
          <CsrfField token={ctx.csrfToken} />
          <Button variant="secondary">{t("roadworks.su.pay", { fee: euro(su.fee_cents), reference: r.reference })}</Button>
        </form>
      ))}
    </>
  );
}
