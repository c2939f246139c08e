/** Staff queue parts for disputed check-lists, escalated overdue loans and reported ratings (migrations/0075). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Button, CsrfField, ErrorSummary, RadioGroup, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDay, formatEuro } from "../../../platform/i18n/format.js";
import type { EscalatedLoan, OpenDispute, RatingReport } from "../followUpQueries.js";
import { itemUrl } from "../presenters.js";
import { ChecklistView } from "./loanViews.js";
import { DismissReportForm } from "./moderationViews.js";

/** Field names of one dispute's decision form (reason, deposit decision, amount for a split). */
export const disputeFields = (loanId: string, stage: string) => ({ note: `klaerung-${loanId}-${stage}`, deposit: `kaution-${loanId}-${stage}`, amount: `betrag-${loanId}-${stage}` });

/** "Strittige Übergaben": loan, item, both parties, the check-list and the dispute; staff decide about the deposit with a reason. */
export function DisputeQueue({ ctx, disputes, forms }: { ctx: ViewContext; disputes: OpenDispute[]; forms: Record<string, FormState> }) {
  const { t } = ctx;
  return (
    <>
      <h2 class="kern-heading-medium" id="strittig">{t("orchards.dispute.queueTitle")}</h2>
      {disputes.length === 0 && <p class="kern-body">{t("orchards.dispute.none")}</p>}
      <ul class="kp-plain-list">
        {disputes.map((d) => {
          const f = disputeFields(d.loan_id, d.stage);
          const form = forms[f.note] ?? { values: {}, errors: {} };
          const deposit = formatEuro(d.deposit_cents, ctx.locale);
          return (
            <li>
              <h3 class="kern-heading-small">
                <a class="kern-link" href={itemUrl(d.item_id)}>{t("orchards.dispute.item", { stage: t(`orchards.checklist.${d.stage}`), item: d.item_name, from: formatDay(d.from), to: formatDay(d.to) })}</a>
              </h3>
              <p class="kern-body">{t("orchards.dispute.parties", { owner: d.owner_display, borrower: d.borrower_display })}</p>
              {d.checklist && <ChecklistView ctx={ctx} c={d.checklist} at={null} step={d.stage} depositCents={d.deposit_cents} />}
              <p class="kern-body kp-message__body">{t("orchards.dispute.text", { date: formatDay(d.disputed_at), note: d.note })}</p>
              <form method="post" action={`/verwaltung/streuobst/streitfaelle/${d.loan_id}/${d.stage}/klaeren`} novalidate>
                <ErrorSummary form={form} t={t} labels={{ [f.deposit]: t("orchards.dispute.deposit", { deposit }), [f.amount]: t("orchards.dispute.amount"), [f.note]: t("orchards.dispute.note") }} />
                <CsrfField token={ctx.csrfToken} />
                <RadioGroup
                  name={f.deposit}
                  label={t("orchards.dispute.deposit", { deposit })}
                  form={form}
                  required
                  options={[
                    { value: "returned", label: t("orchards.dispute.depositReturned") },
                    { value: "kept", label: t("orchards.dispute.depositKept") },
                    { value: "split", label: t("orchards.dispute.depositSplit") },
                  ]}
                />
                <TextField name={f.amount} label={t("orchards.dispute.amount")} hint={t("orchards.dispute.amountHint")} form={form} width={4} />
                <TextArea name={f.note} label={t("orchards.dispute.note")} form={form} rows={2} maxLength={1000} />
                <Button>{t("orchards.dispute.resolve")}</Button>
              </form>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Field names of one escalated loan's staff form. */
export const overdueFields = (loanId: string) => ({ action: `massnahme-${loanId}`, note: `vermerk-${loanId}` });

/** "Überfällige Rückgaben": loans still out after every reminder; staff note a contact or close them as returned or lost. */
export function OverdueQueue({ ctx, loans, forms }: { ctx: ViewContext; loans: EscalatedLoan[]; forms: Record<string, FormState> }) {
  const { t } = ctx;
  return (
    <>
      <h2 class="kern-heading-medium" id="ueberfaellig">{t("orchards.overdue.queueTitle")}</h2>
      {loans.length === 0 ? (
        <p class="kern-body">{t("orchards.overdue.none")}</p>
      ) : (
        <ul class="kp-plain-list">
          {loans.map((l) => {
            const f = overdueFields(l.loan_id);
            const form = forms[f.note] ?? { values: {}, errors: {} };
            return (
              <li>
                <p class="kern-body">
                  <a class="kern-link" href={itemUrl(l.item_id)}>{t("orchards.overdue.item", { item: l.item_name, to: formatDay(l.to), n: l.overdue_reminders, date: formatDay(l.overdue_escalated_at!) })}</a>
                </p>
                <p class="kern-body">{t("orchards.dispute.parties", { owner: l.owner_display, borrower: l.borrower_display })}</p>
                {l.overdue_contacted_at && <p class="kern-body kp-message__body">{t("orchards.overdue.contactedShown", { date: formatDay(l.overdue_contacted_at), note: l.overdue_note ?? "" })}</p>}
                <form method="post" action={`/verwaltung/streuobst/ueberfaellig/${l.loan_id}`} novalidate>
                  <ErrorSummary form={form} t={t} labels={{ [f.action]: t("orchards.overdue.action"), [f.note]: t("orchards.overdue.note") }} />
                  <CsrfField token={ctx.csrfToken} />
                  <RadioGroup
                    name={f.action}
                    label={t("orchards.overdue.action")}
                    form={form}
                    required
                    options={[
                      { value: "contacted", label: t("orchards.overdue.contacted") },
                      { value: "returned", label: t("orchards.overdue.closeReturned") },
                      { value: "lost", label: t("orchards.overdue.closeLost") },
                    ]}
                  />
                  <TextArea name={f.note} label={t("orchards.overdue.note")} form={form} rows={2} maxLength={1000} />
                  <Button>{t("orchards.overdue.save")}</Button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

/** "Gemeldete Bewertungen": the rating, its author, the reason; hide or dismiss. */
export function RatingReportQueue({ ctx, reports }: { ctx: ViewContext; reports: RatingReport[] }) {
  const { t } = ctx;
  return (
    <>
      <h2 class="kern-heading-medium" id="bewertungen">{t("orchards.rating.queueTitle")}</h2>
      {reports.length === 0 && <p class="kern-body">{t("orchards.staff.none")}</p>}
      <ul class="kp-plain-list">
        {reports.map((r) => (
          <li>
            <h3 class="kern-heading-small">{t("orchards.rating.queueItem", { name: r.rater_name, item: r.item_name, stars: t("orchards.rating.starsOf", { n: String(r.stars) }) })}</h3>
            {r.comment && <blockquote class="kern-body kp-message__body">{r.comment}</blockquote>}
            {r.reply && <p class="kern-body kp-message__body">{t("orchards.rating.replyShown", { reply: r.reply })}</p>}
            <p class="kern-body kp-message__body">{r.reason}</p>
            <p class="kern-body">{formatDay(r.created_at)}</p>
            {!r.hidden_at && (
              <form method="post" action={`/verwaltung/streuobst/bewertungen/${r.rating_id}/ausblenden`}>
                <CsrfField token={ctx.csrfToken} />
                <Button>{t("orchards.rating.hide")}</Button>
              </form>
            )}
            <DismissReportForm ctx={ctx} reportId={r.id} />
          </li>
        ))}
      </ul>
    </>
  );
}
