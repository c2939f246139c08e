/** The loan page: details, pick-up and return check-lists, ratings (migrations/0046). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DescriptionList, ErrorSummary, PageHeading, RadioGroup, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDateTime, formatDay, formatEuro, formatNumber } from "../../../platform/i18n/format.js";
import { itemUrl } from "../presenters.js";
import { CONDITIONS, type Checklist, type DepositDecision, type RaterRole } from "../loanDb.js";
import type { ChecklistAnswer, LoanDetail, RatingSummary } from "../loanQueries.js";
import { COMMENT_MAX, NOTE_MAX } from "../loanValidation.js";
import { RATING_EDIT_DAYS } from "../commands/followUp.js";
import { days } from "./viewHelpers.js";

export interface LoanPageState {
  /** The viewer records the check-lists (the item's owner; staff for owner-less items). */
  records: boolean;
  /** The viewer's side when they may still rate (after the return, not yet rated). */
  ratesAs?: RaterRole;
  ratings: Array<{ id: string; rater_role: RaterRole; rater_id: string | null; ratee_id: string | null; stars: number; comment: string; created_at: Date; edited_at: Date | null; reply: string | null; hidden_at: Date | null }>;
  forms: { pickup: FormState; return: FormState; rating: FormState };
  notice?: string;
  warning?: string;
  /** Photos on both check-lists (the page /fotos shows them). */
  photoCount?: number;
  /** The borrower's answers to the check-lists (migrations/0059) and whether the viewer is the borrower. */
  answers?: ChecklistAnswer[];
  isBorrower?: boolean;
  answerForms?: Partial<Record<"pickup" | "return", FormState>>;
  /** Forms of editing (`edit-<rating>`) and answering (`reply-<rating>`) a rating, after an error (migrations/0075). */
  ratingForms?: Record<string, FormState>;
}

/** The rated person's answer: at most this many characters (as the comment). */
export const REPLY_MAX = 500;

/** "4,5 von 5 Sternen (3 Bewertungen)" or "noch keine Bewertungen". */
export function ratingText(ctx: ViewContext, r: RatingSummary): string {
  if (r.count === 0 || r.average === null) return ctx.t("orchards.rating.noRatings");
  const avg = formatNumber(r.average, ctx.locale);
  return r.count === 1 ? ctx.t("orchards.rating.summaryOne", { avg }) : ctx.t("orchards.rating.summary", { avg, count: String(r.count) });
}

export function ChecklistView({ ctx, c, at, step, depositCents }: { ctx: ViewContext; c: Checklist; at: Date | null; step: "pickup" | "return"; depositCents: number }) {
  const { t } = ctx;
  const deposit = `${t(`orchards.checklist.${c.deposit}`)}${c.deposit === "partly" && c.depositReturnedCents !== null ? ` (${formatEuro(c.depositReturnedCents, ctx.locale)})` : ""}`;
  return (
    <DescriptionList
      rows={[
        [t("orchards.checklist.condition"), t(`orchards.checklist.condition.${c.condition}`)],
        c.note !== "" && [t("orchards.checklist.note"), <span class="kp-message__body">{c.note}</span>],
        [t("orchards.checklist.accessories"), t(c.accessoriesComplete ? "orchards.checklist.yes" : "orchards.checklist.no")],
        depositCents > 0 && [t(`orchards.checklist.${step}Deposit`), deposit],
        at && [t("orchards.checklist.recordedAt"), formatDateTime(at, ctx.locale)],
      ]}
    />
  );
}

function ChecklistForm({ ctx, loan, step, form }: { ctx: ViewContext; loan: LoanDetail; step: "pickup" | "return"; form: FormState }) {
  const { t } = ctx;
  const yesNo = [
    { value: "yes", label: t("orchards.checklist.yes") },
    { value: "no", label: t("orchards.checklist.no") },
  ];
  const labels = { zustand: t("orchards.checklist.condition"), notiz: t("orchards.checklist.note"), zubehoer: t("orchards.checklist.accessories"), kaution: t(`orchards.checklist.${step}Deposit`), betrag: t("orchards.checklist.amount") };
  const path = step === "pickup" ? "abholung" : "rueckgabe";
  return (
    <form method="post" action={`/streuobst/ausleihen/${loan.id}/${path}`} class="kp-narrow" novalidate>
      <ErrorSummary form={form} t={t} labels={labels} />
      <CsrfField token={ctx.csrfToken} />
      <RadioGroup name="zustand" label={labels.zustand} form={form} options={CONDITIONS.map((c) => ({ value: c, label: t(`orchards.checklist.condition.${c}`) }))} required />
      <TextArea name="notiz" label={labels.notiz} form={form} rows={3} maxLength={NOTE_MAX} optional />
      <RadioGroup name="zubehoer" label={labels.zubehoer} form={form} options={yesNo} required />
      <RadioGroup name="kaution" label={labels.kaution} form={form} options={step === "pickup" ? yesNo : [...yesNo, { value: "partly", label: t("orchards.checklist.partly") }]} required />
      {step === "return" && <TextField name="betrag" label={labels.betrag} hint={t("orchards.checklist.amountHint")} form={form} width={4} />}
      <Button>{t(step === "pickup" ? "orchards.checklist.recordPickup" : "orchards.checklist.recordReturn")}</Button>
    </form>
  );
}

/** Staff's decision about the deposit (migrations/0085), with both shares when it is split. */
function depositRuling(ctx: ViewContext, decision: DepositDecision, depositCents: number, returnedCents: number | null): string {
  const eur = (c: number) => formatEuro(c, ctx.locale);
  if (decision === "split" && returnedCents !== null) return ctx.t("orchards.dispute.ruling.split", { returned: eur(returnedCents), kept: eur(Math.max(0, depositCents - returnedCents)) });
  return ctx.t(`orchards.dispute.ruling.${decision}`, { deposit: eur(depositCents) });
}

/** The borrower's answer to a recorded check-list, or (for the borrower, once) the form to give it. */
function ChecklistAnswerView({ ctx, loan, stage, s }: { ctx: ViewContext; loan: LoanDetail; stage: "pickup" | "return"; s: LoanPageState }) {
  const { t } = ctx;
  const a = s.answers?.find((x) => x.stage === stage);
  if (a)
    return (
      <>
        <p class="kern-body kp-message__body">{a.verdict === "confirmed" ? t("orchards.answer.confirmed", { date: formatDay(a.created_at) }) : t("orchards.answer.disputed", { date: formatDay(a.created_at), note: a.note })}</p>
        {a.verdict === "disputed" && <p class="kern-body kp-message__body">{a.resolved_at && a.resolution_note ? t("orchards.dispute.resolved", { date: formatDay(a.resolved_at), note: a.resolution_note }) : t("orchards.dispute.open")}</p>}
        {a.deposit_decision && <p class="kern-body">{depositRuling(ctx, a.deposit_decision, loan.deposit_cents, a.deposit_returned_cents)}</p>}
      </>
    );
  if (!s.isBorrower) return <p class="kern-body">{t("orchards.answer.none")}</p>;
  const form = s.answerForms?.[stage] ?? { values: {}, errors: {} };
  const [verdict, note] = [`antwort-${stage}`, `einwand-${stage}`];
  const labels = { [verdict]: t("orchards.answer.legend"), [note]: t("orchards.answer.note") };
  return (
    <form method="post" action={`/streuobst/ausleihen/${loan.id}/antwort/${stage === "pickup" ? "abholung" : "rueckgabe"}`} class="kp-narrow" novalidate>
      <ErrorSummary form={form} t={t} labels={labels} />
      <CsrfField token={ctx.csrfToken} />
      <RadioGroup name={verdict} label={labels[verdict]!} hint={t("orchards.answer.hint")} form={form} options={[{ value: "confirmed", label: t("orchards.answer.confirm") }, { value: "disputed", label: t("orchards.answer.dispute") }]} required />
      <TextArea name={note} label={labels[note]!} form={form} rows={3} maxLength={NOTE_MAX} optional />
      <Button>{t("orchards.answer.submit")}</Button>
    </form>
  );
}

function RatingForm({ ctx, loan, role, form, action, submit }: { ctx: ViewContext; loan: LoanDetail; role: RaterRole; form: FormState; action?: string; submit?: string }) {
  const { t } = ctx;
  const labels = { sterne: t(role === "borrower" ? "orchards.rating.legendBorrower" : "orchards.rating.legendOwner"), kommentar: t("orchards.rating.comment") };
  return (
    <form method="post" action={action ?? `/streuobst/ausleihen/${loan.id}/bewertung`} class="kp-narrow" novalidate>
      <ErrorSummary form={form} t={t} labels={labels} />
      <CsrfField token={ctx.csrfToken} />
      <RadioGroup name="sterne" label={labels.sterne} form={form} options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t("orchards.rating.starsOf", { n: String(n) }) }))} required />
      <TextArea name="kommentar" label={labels.kommentar} hint={t("orchards.rating.commentHint")} form={form} rows={3} maxLength={COMMENT_MAX} optional />
      <Button>{submit ?? t("orchards.rating.submit")}</Button>
    </form>
  );
}

type LoanRating = LoanPageState["ratings"][number];

/** One rating on the loan page: stars, comment, the answer; the author edits it (first RATING_EDIT_DAYS), the rated person answers once, others report it. */
function RatingEntry({ ctx, loan, r, s }: { ctx: ViewContext; loan: LoanDetail; r: LoanRating; s: LoanPageState }) {
  const { t } = ctx;
  if (r.hidden_at) return <p class="kern-body"><em>{t("orchards.rating.hidden")}</em></p>;
  const me = ctx.user?.id;
  const editUntil = new Date(r.created_at.getTime() + RATING_EDIT_DAYS * 86_400_000);
  const replyField = `erwiderung-${r.id}`;
  const replyForm = s.ratingForms?.[`reply-${r.id}`] ?? { values: {}, errors: {} };
  return (
    <>
      <p class="kern-body">
        {t("orchards.rating.starsOf", { n: String(r.stars) })}
        {r.edited_at && ` (${t("orchards.rating.edited", { date: formatDay(r.edited_at) })})`}
        {r.comment && <span class="kp-message__body"><br />{r.comment}</span>}
      </p>
      {r.reply && <p class="kern-body kp-message__body">{t("orchards.rating.replyShown", { reply: r.reply })}</p>}
      {me && me === r.rater_id && Date.now() < editUntil.getTime() && (
        <>
          <h4 class="kern-heading-small">{t("orchards.rating.editTitle")}</h4>
          <p class="kern-body">{t("orchards.rating.editHint", { date: formatDay(editUntil) })}</p>
          <RatingForm ctx={ctx} loan={loan} role={r.rater_role} form={s.ratingForms?.[`edit-${r.id}`] ?? { values: { sterne: String(r.stars), kommentar: r.comment }, errors: {} }} action={`/streuobst/bewertungen/${r.id}/aendern`} submit={t("orchards.rating.editSubmit")} />
        </>
      )}
      {me && me === r.ratee_id && !r.reply && (
        <form method="post" action={`/streuobst/bewertungen/${r.id}/antwort`} class="kp-narrow" novalidate>
          <ErrorSummary form={replyForm} t={t} labels={{ [replyField]: t("orchards.rating.reply") }} />
          <CsrfField token={ctx.csrfToken} />
          <TextArea name={replyField} label={t("orchards.rating.reply")} hint={t("orchards.rating.replyHint")} form={replyForm} rows={3} maxLength={REPLY_MAX} />
          <Button>{t("orchards.rating.replySubmit")}</Button>
        </form>
      )}
      {me && me !== r.rater_id && (
        <p class="kern-body">
          <a class="kern-link" href={`/streuobst/bewertungen/${r.id}/melden`}>{t("orchards.rating.report")}</a>
        </p>
      )}
    </>
  );
}

export function LoanPage({ ctx, loan, s }: { ctx: ViewContext; loan: LoanDetail; s: LoanPageState }) {
  const { t } = ctx;
  const step = (name: "pickup" | "return", c: Checklist | null, at: Date | null, open: boolean) => (
    <>
      <h2 class="kern-heading-medium" id={name === "pickup" ? "abholung" : "rueckgabe"}>{t(`orchards.checklist.${name}`)}</h2>
      {c ? (
        <>
          <ChecklistView ctx={ctx} c={c} at={at} step={name} depositCents={loan.deposit_cents} />
          <ChecklistAnswerView ctx={ctx} loan={loan} stage={name} s={s} />
        </>
      ) : open && s.records ? <ChecklistForm ctx={ctx} loan={loan} step={name} form={s.forms[name]} /> : <p class="kern-body">{t("orchards.checklist.notYet")}</p>}
    </>
  );
  return (
    <>
      <PageHeading preline={t("orchards.items.title")}>{t("orchards.loanPage.title", { item: loan.item_name })}</PageHeading>
      {s.notice && <Alert kind="success" title={s.notice} />}
      {s.warning && <Alert kind="warning" title={s.warning} />}
      <DescriptionList
        rows={[
          [t("orchards.loanPage.item"), <a class="kern-link" href={itemUrl(loan.item_id)}>{loan.item_name}</a>],
          [t("orchards.loanPage.days"), days(ctx, loan)],
          [t("orchards.loanPage.status"), t(`orchards.loan.status.${loan.status}`)],
          [t("orchards.loanPage.owner"), loan.publisher],
          [t("orchards.loanPage.borrower"), loan.borrower_name],
          [t("orchards.item.deposit"), loan.deposit_cents > 0 ? formatEuro(loan.deposit_cents, ctx.locale) : t("orchards.item.noDeposit")],
        ]}
      />
      <p class="kern-body">{t("orchards.checklist.ownerRecords")}</p>
      {step("pickup", loan.pickup_checklist, loan.picked_up_at, loan.status === "confirmed")}
      {step("return", loan.return_checklist, loan.returned_at, loan.status === "picked_up")}
      {loan.overdue_outcome && loan.overdue_closed_at && <p class="kern-body">{t(loan.overdue_outcome === "returned" ? "orchards.overdue.closedReturned" : "orchards.overdue.closedLost", { date: formatDay(loan.overdue_closed_at) })}</p>}
      <p class="kern-body">
        <a class="kern-link" href={`/streuobst/ausleihen/${loan.id}/fotos`}>{t("orchards.loanPhotos.link", { n: s.photoCount ?? 0 })}</a>
      </p>
      <h2 class="kern-heading-medium" id="bewertung">{t("orchards.rating.title")}</h2>
      {loan.status !== "returned" ? (
        <p class="kern-body">{t("orchards.rating.afterReturn")}</p>
      ) : (
        <>
          {(["borrower", "owner"] as const).map((role) => {
            const r = s.ratings.find((x) => x.rater_role === role);
            return (
              <>
                <h3 class="kern-heading-small">{t(role === "borrower" ? "orchards.rating.byBorrower" : "orchards.rating.byOwner")}</h3>
                {r ? (
                  <RatingEntry ctx={ctx} loan={loan} r={r} s={s} />
                ) : s.ratesAs === role ? (
                  <RatingForm ctx={ctx} loan={loan} role={role} form={s.forms.rating} />
                ) : (
                  <p class="kern-body">{t("orchards.rating.none")}</p>
                )}
              </>
            );
          })}
        </>
      )}
    </>
  );
}

/** The item page's ratings: borrowers' average and count, their latest comments (no names). */
export function ItemRatings({ ctx, r }: { ctx: ViewContext; r: RatingSummary & { comments: Array<{ id: string; rater_id: string | null; stars: number; comment: string; reply: string | null }> } }) {
  const { t } = ctx;
  return (
    <>
      <h2 class="kern-heading-medium" id="bewertungen">{t("orchards.rating.itemHeading")}</h2>
      <p class="kern-body">{ratingText(ctx, r)}</p>
      {r.comments.length > 0 && (
        <ul class="kern-list">
          {r.comments.map((c) => (
            <li>
              {t("orchards.rating.starsOf", { n: String(c.stars) })}: <span class="kp-message__body">{c.comment}</span>
              {c.reply && <span class="kp-message__body"><br />{t("orchards.rating.replyShown", { reply: c.reply })}</span>}
              {ctx.user && ctx.user.id !== c.rater_id && (
                <>
                  {" "}
                  <a class="kern-link" href={`/streuobst/bewertungen/${c.id}/melden`}>{t("orchards.rating.report")}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
