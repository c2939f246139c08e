/** The file page's confidentiality section: level (Offen / NfD) with a reason; owner department only, open files only. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DescriptionList, ErrorSummary, LinkLine, PageHeading, RadioGroup, Section, TextArea, type FormState } from "../../../platform/views/components.js";
import { CONFIDENTIALITY_LEVELS, higherLevels } from "../commands/confidentiality.js";

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

/** A document's level on the file page: its own (raised, with the reason) or the file's (inherited). */
export const documentConfidentialityLabel = (ctx: ViewContext, d: { confidentiality: string | null; confidentiality_reason: string | null }) =>
  d.confidentiality ? ctx.t("records.docConfidentiality.own", { level: ctx.t(`records.confidentiality.${d.confidentiality}`), reason: d.confidentiality_reason ?? "" }) : undefined;

/** Raising one document above its file's level (migration 0094): owning department, open files; only upwards, with a reason. */
export function DocumentConfidentialityPage(props: { ctx: ViewContext; fileId: string; fileNumber: string; doc: { id: string; title: string }; current: string; inherited: boolean; form: FormState }) {
  const { ctx, fileId, fileNumber, doc, current, inherited, form } = props;
  const { t } = ctx;
  const levels = higherLevels(current);
  return (
    <div class="kern-stack">
      <PageHeading preline={fileNumber}>{t("records.docConfidentiality.title")}</PageHeading>
      <ErrorSummary form={form} t={t} />
      <p class="kern-body">{t("records.docConfidentiality.intro")}</p>
      <DescriptionList
        rows={[
          [t("records.col.title"), doc.title],
          [t("records.confidentiality.level"), `${t(`records.confidentiality.${current}`)}${inherited ? ` (${t("records.docConfidentiality.inherited")})` : ""}`],
        ]}
      />
      {levels.length === 0 ? (
        <Alert kind="info" title={t("records.docConfidentiality.highest")} />
      ) : (
        <form method="post" action={`/verwaltung/akten/${fileId}/dokumente/${doc.id}/vertraulichkeit`} class="kern-stack kp-narrow" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <RadioGroup name="stufe" label={t("records.docConfidentiality.level")} form={form} options={levels.map((c) => ({ value: c, label: t(`records.confidentiality.${c}`) }))} required />
          <TextArea name="grund" label={t("records.confidentiality.reason")} hint={t("records.docConfidentiality.reason.hint")} form={form} maxLength={1000} rows={3} />
          <Button>{t("records.docConfidentiality.submit")}</Button>
        </form>
      )}
      <LinkLine href={`/verwaltung/akten/${fileId}#dok-${doc.id}`}>{t("records.defect.back", { file: fileNumber })}</LinkLine>
    </div>
  );
}
