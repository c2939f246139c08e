/** Photos on a loan's check-lists: the page with both stages and, for the one who records, the upload form. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, ErrorSummary, FileField, PageHeading, RadioGroup, TextField, type FormState } from "../../../platform/views/components.js";
import { loanUrl } from "../commands/loanHandover.js";
import type { LoanPhotoStage } from "../commands/loanPhotos.js";
import type { LoanDetail, listLoanPhotos, listOpenPhotoReports } from "../loanQueries.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { DismissReportForm } from "./moderationViews.js";
import { MAX_PHOTOS } from "../photos.js";
import { thumbSize } from "./photoViews.js";

type LoanPhoto = Awaited<ReturnType<typeof listLoanPhotos>>[number];
export const loanPhotoUrl = (id: string) => `/streuobst/ausleihen/fotos/${id}`;

export function LoanPhotosPage({ ctx, loan, photos, stages, form, notice, warning, answered = [] }: { ctx: ViewContext; loan: LoanDetail; photos: LoanPhoto[]; stages: LoanPhotoStage[]; form: FormState; notice?: string; warning?: string; answered?: LoanPhotoStage[] }) {
  const { t } = ctx;
  const labels = { foto: t("orchards.photos.file"), alt: t("orchards.photos.alt"), phase: t("orchards.loanPhotos.stage") };
  return (
    <>
      <PageHeading preline={loan.item_name}>{t("orchards.loanPhotos.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      {warning && <Alert kind="warning" title={warning} />}
      {stages.length === 0 && form.errors.phase && <Alert kind="warning" title={form.errors.phase} />}
      <p class="kern-body">
        <a class="kern-link" href={loanUrl(loan.id)}>{t("orchards.loanPhotos.back")}</a>
      </p>
      {(["pickup", "return"] as const).map((stage) => {
        const own = photos.filter((p) => p.stage === stage);
        return (
          <>
            <h2 class="kern-heading-medium">{t(`orchards.checklist.${stage}`)}</h2>
            {own.length === 0 ? (
              <p class="kern-body">{t("orchards.photos.none")}</p>
            ) : (
              <ul class="kp-photo-grid">
                {own.map((p) => (
                  <li>
                    <a href={loanPhotoUrl(p.id)} aria-label={t("orchards.photos.full.named", { alt: p.alt })}>
                      <img src={`${loanPhotoUrl(p.id)}/klein`} alt={p.alt} {...thumbSize(p)} />
                    </a>
                    <p class="kern-body">{p.alt}</p>
                    {p.created_by === ctx.user?.id ? (
                      !answered.includes(stage) && (
                        <form method="post" action={`${loanPhotoUrl(p.id)}/loeschen`}>
                          <CsrfField token={ctx.csrfToken} />
                          <Button variant="secondary">{t("orchards.loanPhotos.delete", { alt: p.alt })}</Button>
                        </form>
                      )
                    ) : (
                      <p class="kern-body">
                        <a class="kern-link" href={`${loanPhotoUrl(p.id)}/melden`}>{t("orchards.loanPhotos.report", { alt: p.alt })}</a>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </>
        );
      })}
      {stages.length > 0 && (
        <>
          <h2 class="kern-heading-medium">{t("orchards.photos.addHeading")}</h2>
          <p class="kern-body">{t("orchards.loanPhotos.hint", { max: MAX_PHOTOS })}</p>
          <form method="post" action={`${loanUrl(loan.id)}/fotos`} enctype="multipart/form-data" class="kp-narrow" novalidate>
            <ErrorSummary form={form} t={t} labels={labels} />
            <CsrfField token={ctx.csrfToken} />
            <RadioGroup name="phase" label={labels.phase} form={{ ...form, values: { phase: form.values.phase ?? stages[stages.length - 1]!, ...form.values } }} options={stages.map((s) => ({ value: s, label: t(`orchards.checklist.${s}`) }))} />
            <FileField name="foto" label={labels.foto} hint={t("orchards.photos.fileHint")} error={form.errors.foto} accept="image/jpeg,image/png,image/webp" />
            <TextField name="alt" label={labels.alt} hint={t("orchards.photos.altHint")} form={form} required maxLength={300} />
            <Button>{t("orchards.photos.add")}</Button>
          </form>
        </>
      )}
    </>
  );
}

type PhotoReport = Awaited<ReturnType<typeof listOpenPhotoReports>>[number];

/** Staff queue part: reported check-list photos (thumbnail linking to the large one), the reason, delete or dismiss. */
export function PhotoReportQueue({ ctx, reports }: { ctx: ViewContext; reports: PhotoReport[] }) {
  const { t } = ctx;
  return (
    <>
      <h2 class="kern-heading-medium">{t("orchards.loanPhotos.queueTitle")}</h2>
      {reports.length === 0 && <p class="kern-body">{t("orchards.staff.none")}</p>}
      <ul class="kp-plain-list">
        {reports.map((r) => (
          <li>
            <h3 class="kern-heading-small">{t("orchards.loanPhotos.queueItem", { alt: r.alt, item: r.item_name })}</h3>
            <a href={loanPhotoUrl(r.photo_id)} aria-label={t("orchards.photos.full.named", { alt: r.alt })}>
              <img src={`${loanPhotoUrl(r.photo_id)}/klein`} alt={r.alt} {...thumbSize(r)} />
            </a>
            <p class="kern-body kp-message__body">{r.reason}</p>
            <p class="kern-body">{formatDay(r.created_at)}</p>
            <form method="post" action={`/verwaltung/streuobst/ausleihfotos/${r.photo_id}/loeschen`}>
              <CsrfField token={ctx.csrfToken} />
              <Button>{t("orchards.loanPhotos.staffDelete")}</Button>
            </form>
            <DismissReportForm ctx={ctx} reportId={r.id} />
          </li>
        ))}
      </ul>
    </>
  );
}
