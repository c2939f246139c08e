/** The file page's confidentiality section: level (Offen / NfD) with a reason; owner department only, open files only. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Button, CsrfField, RadioGroup, Section, TextArea, type FormState } from "../../../platform/views/components.js";
import { CONFIDENTIALITY_LEVELS } from "../commands/confidentiality.js";

export const confidentialityLabel = (ctx: ViewContext, file: { confidentiality: string; confidentiality_reason: string | null }) =>
  `${ctx.t(`records.confidentiality.${file.confidentiality}`)}${file.confidentiality_reason ? ` – ${file.confidentiality_reason}` : ""}`;

export function ConfidentialitySection({ ctx, fileId, form }: { ctx: ViewContext; fileId: string; form: FormState }) {
  const { t } = ctx;
  return (
    <Section id="vertraulichkeit" title={t("records.confidentiality.title")}>
      <p class="kern-body">{t("records.confidentiality.hint")}</p>
      <form method="post" action={`/verwaltung/akten/${fileId}/vertraulichkeit`} class="kern-stack kp-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <RadioGroup name="stufe" label={t("records.confidentiality.level")} form={form} options={CONFIDENTIALITY_LEVELS.map((c) => ({ value: c, label: t(`records.confidentiality.${c}`) }))} required />
        <TextArea name="stufengrund" label={t("records.confidentiality.reason")} hint={t("records.confidentiality.reason.hint")} form={form} maxLength={1000} rows={3} />
        <Button variant="secondary">{t("records.confidentiality.submit")}</Button>
      </form>
    </Section>
  );
}
