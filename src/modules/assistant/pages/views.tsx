import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, PageHeading, TextArea, TextField, type FormState, LinkLine } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import type { ReplyLink, TranscriptLine } from "../db.js";
import { LiveOffer, LiveQueueSection, LiveSection, type LiveQueueRow, type LiveView } from "./liveViews.js";

/** The live handoff's part of the chat page (ADR 0076). */
export interface ChatLive {
  /** The conversation's newest live case. */
  live?: LiveView;
  /** Offer a person (the last reply was a handoff offer, "don't know" or a menu, and no case is open). */
  offer?: { onDuty: boolean; hours: string };
  form: FormState;
  claimMinutes: number;
  retentionDays: number;
}

export interface TurnView {
  seq: number;
  role: "user" | "assistant";
  text: string;
  links: ReplyLink[];
}

export interface HandoffView {
  reference: string;
  status: "open" | "answered";
  answer: string | null;
}

function Links({ links, ctx }: { links: ReplyLink[]; ctx: ViewContext }) {
  if (links.length === 0) return null;
  return (
    <ul class="kern-list kp-assistant-links" aria-label={ctx.t("assistant.links")}>
      {links.map((l) => (
        <li>
          <a class="kern-link" href={l.url} data-kind={l.kind}>
            {l.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** One turn of the conversation (the page and the widget; ids "turn-3" or "kp-widget-turn-3"). */
export function TurnItem({ turn, ctx, idPrefix }: { turn: TurnView; ctx: ViewContext; idPrefix: string }) {
  return (
    <li class={`kp-assistant-turn kp-assistant-turn--${turn.role}`} id={`${idPrefix}${turn.seq}`}>
      <p class="kern-body">
        <strong>{turn.role === "user" ? ctx.t("assistant.you") : ctx.t("assistant.bot")}:</strong> {turn.text}
      </p>
      {turn.role === "assistant" && <Links links={turn.links} ctx={ctx} />}
    </li>
  );
}

/** The chat as a plain page: the conversation so far, then the form that posts the next message. */
export function ChatPage({ ctx, turns, handoffs, form, live }: { ctx: ViewContext; turns: TurnView[]; handoffs: HandoffView[]; form: FormState; live?: ChatLive }) {
  const { t } = ctx;
  const liveOpen = live?.live?.state === "waiting" || live?.live?.state === "claimed";
  return (
    <>
      <PageHeading>{t("assistant.title")}</PageHeading>
      <ErrorSummary form={form} t={t} labels={{ nachricht: t("assistant.input.label") }} />
      <p class="kern-body">{t("assistant.lead")}</p>
      <p class="kern-body kern-body--small">{t("assistant.privacy")}</p>
      <section aria-labelledby="verlauf" class="kp-assistant">
        <h2 class="kern-heading-medium" id="verlauf">
          {t("assistant.conversation")}
        </h2>
        <ol class="kern-list kp-assistant-turns" aria-live="polite" id="assistent-verlauf">
          {turns.length === 0 && (
            <li class="kp-assistant-turn kp-assistant-turn--assistant">
              <p class="kern-body">
                <strong>{t("assistant.bot")}:</strong> {t("assistant.greeting")}
              </p>
            </li>
          )}
          {turns.map((turn) => (
            <TurnItem turn={turn} ctx={ctx} idPrefix="turn-" />
          ))}
        </ol>
      </section>
      {handoffs.length > 0 && (
        <section aria-labelledby="anfragen">
          <h2 class="kern-heading-medium" id="anfragen">
            {t("assistant.handoffs.title")}
          </h2>
          {handoffs.map((h) =>
            h.status === "answered" ? (
              <div class="kp-assistant-answer">
                <p class="kern-body">
                  <strong>{t("assistant.handoffs.answered", { reference: h.reference })}</strong>
                </p>
                <p class="kern-body kp-pre">{h.answer}</p>
              </div>
            ) : (
              <p class="kern-body">{t("assistant.handoffs.open", { reference: h.reference })}</p>
            ),
          )}
        </section>
      )}
      {live?.live && <LiveSection ctx={ctx} live={live.live} form={live.form} claimMinutes={live.claimMinutes} retentionDays={live.retentionDays} />}
      {live?.offer && !liveOpen && <LiveOffer ctx={ctx} onDuty={live.offer.onDuty} hours={live.offer.hours} />}
      {!liveOpen && (
        <form method="post" action="/assistent" class="kp-assistant-form" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextField name="nachricht" label={t("assistant.input.label")} hint={t("assistant.input.hint")} form={form} required autocomplete="off" maxLength={500} />
          <Button>{t("assistant.send")}</Button>
        </form>
      )}
      {turns.length > 0 && !liveOpen && (
        <form method="post" action="/assistent/neu">
          <CsrfField token={ctx.csrfToken} />
          <Button variant="secondary">{t("assistant.restart")}</Button>
        </form>
      )}
      <LinkLine href="/assistent/anfrage">{t("assistant.link.handoff")}</LinkLine>
    </>
  );
}

/** The handoff form: question, contact (e-mail or phone), whether to send the transcript. */
export function HandoffPage({ ctx, form, hasConversation }: { ctx: ViewContext; form: FormState; hasConversation: boolean }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{t("assistant.handoff.title")}</PageHeading>
      <ErrorSummary
        form={form}
        t={t}
        labels={{ frage: t("assistant.handoff.question"), name: t("assistant.handoff.name"), email: t("assistant.handoff.email"), telefon: t("assistant.handoff.phone") }}
      />
      <p class="kern-body">{t("assistant.handoff.lead")}</p>
      <form method="post" action="/assistent/anfrage" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextArea name="frage" label={t("assistant.handoff.question")} form={form} maxLength={2000} rows={5} />
        <TextField name="name" label={t("assistant.handoff.name")} form={form} autocomplete="name" maxLength={200} />
        <TextField name="email" type="email" label={t("assistant.handoff.email")} hint={t("assistant.handoff.emailHint")} form={form} autocomplete="email" maxLength={254} />
        <TextField name="telefon" type="tel" label={t("assistant.handoff.phone")} form={form} autocomplete="tel" maxLength={40} />
        {hasConversation && (
          <div class="kern-form-check">
            <input class="kern-form-check__checkbox" type="checkbox" id="verlauf" name="verlauf" value="1" checked={form.values.verlauf === "1"} />
            <label class="kern-label" for="verlauf">
              {t("assistant.handoff.transcript")}
            </label>
          </div>
        )}
        <Button>{t("assistant.handoff.submit")}</Button>
      </form>
    </>
  );
}

export function HandoffDonePage({ ctx, reference }: { ctx: ViewContext; reference: string }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{t("assistant.handoff.done.title")}</PageHeading>
      <Alert kind="success" title={t("assistant.handoff.done.title")}>
        <p class="kern-body">{t("assistant.handoff.done.body", { reference })}</p>
      </Alert>
      <LinkLine href="/assistent">{t("assistant.handoff.back")}</LinkLine>
    </>
  );
}

export interface QueueRow {
  id: string;
  reference: string;
  question: string;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  status: "open" | "answered";
  created_at: Date;
}

const contactOf = (r: { contact_name: string | null; contact_email: string | null; contact_phone: string | null }) => [r.contact_name, r.contact_email, r.contact_phone].filter(Boolean).join(", ");

export function QueuePage({ ctx, rows, liveRows }: { ctx: ViewContext; rows: QueueRow[]; liveRows: LiveQueueRow[] }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{t("assistant.staff.title")}</PageHeading>
      <LiveQueueSection ctx={ctx} rows={liveRows} />
      <h2 class="kern-heading-medium">{t("assistant.staff.callbacks")}</h2>
      {rows.length === 0 ? (
        <p class="kern-body">{t("assistant.staff.empty")}</p>
      ) : (
        <DataTable
          caption={t("assistant.staff.title")}
          head={[t("assistant.staff.reference"), t("assistant.staff.received"), t("assistant.staff.question"), t("assistant.staff.contact"), t("assistant.staff.status")]}
          rows={rows.map((r) => [
            <a class="kern-link" href={`/verwaltung/assistent/${r.id}`}>
              {r.reference}
            </a>,
            formatDateTime(r.created_at, ctx.locale),
            r.question.length > 120 ? `${r.question.slice(0, 117)}…` : r.question,
            contactOf(r),
            t(`assistant.staff.status.${r.status}`),
          ])}
        />
      )}
    </>
  );
}

export interface HandoffDetail extends QueueRow {
  transcript: TranscriptLine[];
  answer: string | null;
  answered_at: Date | null;
}

export function HandoffDetailPage({ ctx, h, form, sent }: { ctx: ViewContext; h: HandoffDetail; form: FormState; sent: boolean }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading preline={t("assistant.staff.title")}>{t("assistant.staff.detail", { reference: h.reference })}</PageHeading>
      <ErrorSummary form={form} t={t} labels={{ antwort: t("assistant.staff.answer") }} />
      {sent && <Alert kind="success" title={t("assistant.staff.sent")} />}
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("assistant.staff.received")}</dt>
          <dd class="kern-description-list-item__value">{formatDateTime(h.created_at, ctx.locale)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("assistant.staff.contact")}</dt>
          <dd class="kern-description-list-item__value">{contactOf(h)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("assistant.staff.question")}</dt>
          <dd class="kern-description-list-item__value kp-pre">{h.question}</dd>
        </div>
      </dl>
      <h2 class="kern-heading-medium">{t("assistant.staff.transcript")}</h2>
      {h.transcript.length === 0 ? (
        <p class="kern-body">{t("assistant.staff.noTranscript")}</p>
      ) : (
        <ol class="kern-list">
          {h.transcript.map((l) => (
            <li>
              <strong>{l.role === "user" ? t("assistant.you") : t("assistant.bot")}:</strong> {l.text}
            </li>
          ))}
        </ol>
      )}
      {h.status === "answered" ? (
        <>
          <h2 class="kern-heading-medium">{t("assistant.staff.answer")}</h2>
          <p class="kern-body">{t("assistant.staff.answered", { at: formatDateTime(h.answered_at!, ctx.locale) })}</p>
          <p class="kern-body kp-pre">{h.answer}</p>
        </>
      ) : (
        <form method="post" action={`/verwaltung/assistent/${h.id}`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          {!h.contact_email && <Alert kind="info" title={t("assistant.staff.callOnly")} />}
          <TextArea name="antwort" label={t("assistant.staff.answer")} hint={t("assistant.staff.answerHint")} form={form} maxLength={4000} rows={6} />
          <Button>{t("assistant.staff.send")}</Button>
        </form>
      )}
      <LinkLine href="/verwaltung/assistent">{t("assistant.staff.title")}</LinkLine>
    </>
  );
}
