/**
 * The live handoff on screen (ADR 0076): the offer and the case in the person's chat (/assistent, section
 * #live; without JavaScript the "Neue Antworten abrufen" link reloads, with it public/assistant-live.js polls
 * the JSON endpoint and appends to the aria-live list), the staff's live queue and case page.
 */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, TextArea, type FormState } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import type { LiveState } from "../queries.js";
import type { TranscriptLine } from "../db.js";

export interface LiveMessageView {
  seq: number;
  author: "person" | "staff";
  text: string;
}

export interface LiveView {
  id: string;
  reference: string;
  state: LiveState;
  messages: LiveMessageView[];
  /** A member of staff opened the case after the person's last message (ADR 0083). */
  read?: boolean;
}

/** Shown under an answer that offers a person: "write with staff now" while on duty, else the call back. */
export function LiveOffer({ ctx, onDuty, hours }: { ctx: ViewContext; onDuty: boolean; hours: string }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="live-angebot" class="kp-assistant-live-offer">
      <h2 class="kern-heading-medium" id="live-angebot">
        {t("assistant.live.offer.title")}
      </h2>
      {onDuty ? (
        <>
          <p class="kern-body">{t("assistant.live.offer.lead", { hours })}</p>
          <form method="post" action="/assistent/live">
            <CsrfField token={ctx.csrfToken} />
            <Button>{t("assistant.live.offer.button")}</Button>
          </form>
        </>
      ) : (
        <>
          <p class="kern-body">{t("assistant.live.offer.offDuty", { hours })}</p>
          <LinkLine href="/assistent/anfrage">{t("assistant.live.callback")}</LinkLine>
        </>
      )}
    </section>
  );
}

const liveOpen = (s: LiveState) => s === "waiting" || s === "claimed";

/** One live message (the chat page, the widget – ids "live-3" / "kp-widget-live-3" – and the staff's case page);
 * public/assistant-live.js builds the same item for polled messages. */
export function LiveMessageItem({ m, ctx, who, idPrefix = "live-" }: { m: LiveMessageView; ctx: ViewContext; who: "person" | "staff"; idPrefix?: string }) {
  const label = m.author === "staff" ? ctx.t("assistant.live.staff") : who === "person" ? ctx.t("assistant.you") : ctx.t("assistant.staff.live.person");
  return (
    <li class={`kp-assistant-turn kp-assistant-live-message kp-assistant-live-message--${m.author}`} id={`${idPrefix}${m.seq}`} data-seq={m.seq}>
      <p class="kern-body kp-pre">
        <strong>{label}:</strong> {m.text}
      </p>
    </li>
  );
}

/** "Ihre Nachricht wurde gelesen." (ADR 0083), empty until then: the page and the widget. */
export function LiveReadLine({ ctx, id, read }: { ctx: ViewContext; id: string; read: boolean | undefined }) {
  return (
    <p class="kern-body kern-body--small" id={id} aria-live="polite">
      {read ? ctx.t("assistant.live.read") : ""}
    </p>
  );
}

/** The person's live case in the chat page. */
export function LiveSection({ ctx, live, form, claimMinutes, retentionDays }: { ctx: ViewContext; live: LiveView; form: FormState; claimMinutes: number; retentionDays: number }) {
  const { t } = ctx;
  const open = liveOpen(live.state);
  const last = live.messages[live.messages.length - 1]?.seq ?? 0;
  return (
    <section aria-labelledby="live" class="kp-assistant-live" data-live-poll={open ? `/assistent/live/${live.id}/nachrichten` : undefined} data-live-after={String(last)} data-live-state={live.state} data-live-page="">
      <h2 class="kern-heading-medium" id="live">
        {t("assistant.live.title", { reference: live.reference })}
      </h2>
      <p class="kern-body" id="live-status" role="status">
        {live.state === "waiting" && t("assistant.live.waiting", { minutes: claimMinutes })}
        {live.state === "claimed" && t("assistant.live.claimed")}
        {live.state === "expired" && t("assistant.live.expired")}
        {live.state === "closed" && t("assistant.live.closed")}
      </p>
      {live.state === "expired" && <LinkLine href="/assistent/anfrage">{t("assistant.live.callback")}</LinkLine>}
      <ol class="kern-list kp-assistant-turns" aria-live="polite" aria-label={t("assistant.live.messages")} id="live-verlauf">
        {live.messages.map((m) => (
          <LiveMessageItem m={m} ctx={ctx} who="person" />
        ))}
      </ol>
      {open && (
        // Read receipt without typing indicator: staff opened the case after the person's last message. The
        // script (public/assistant-live.js) fills and empties it from the JSON endpoint's "readText".
        <LiveReadLine ctx={ctx} id="live-gelesen" read={live.read} />
      )}
      {open && (
        <>
          <form method="post" action={`/assistent/live/${live.id}/nachricht`} class="kp-assistant-form" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextArea name="nachricht" label={t("assistant.live.input")} form={form} maxLength={2000} rows={3} />
            <Button>{t("assistant.live.send")}</Button>
          </form>
          <p class="kern-body">
            <a class="kern-link" href="/assistent?neu=1#live" data-live-refresh="">
              {t("assistant.live.refresh")}
            </a>
          </p>
          <form method="post" action={`/assistent/live/${live.id}/beenden`}>
            <CsrfField token={ctx.csrfToken} />
            <Button variant="secondary">{t("assistant.live.end")}</Button>
          </form>
          <p class="kern-body kern-body--small">{t("assistant.live.privacy", { days: retentionDays })}</p>
          <script src="/assets/assistant-live.js" defer></script>
        </>
      )}
    </section>
  );
}

export interface LiveQueueRow {
  id: string;
  reference: string;
  state: LiveState;
  claimed_by: string | null;
  created_at: Date;
}

const stateLabel = (ctx: ViewContext, r: { state: LiveState; claimed_by: string | null }) =>
  ctx.t(r.state === "claimed" && r.claimed_by === ctx.user?.id ? "assistant.staff.live.state.claimedByYou" : `assistant.staff.live.state.${r.state}`);

/**
 * The live queue above the call back questions in /verwaltung/assistent. Without JavaScript "Aktualisieren"
 * reloads the page; with it public/assistant-queue.js replaces the list every 10 s from
 * /verwaltung/assistent/live-faelle (rendered by LiveQueueList, the same view) and announces new waiting
 * cases in the status line. A div, not a section: the table's scroll region already is a landmark with the
 * same name (axe landmark-unique).
 */
export function LiveQueueSection({ ctx, rows }: { ctx: ViewContext; rows: LiveQueueRow[] }) {
  const { t } = ctx;
  const waiting = rows.filter((r) => r.state === "waiting").map((r) => r.id);
  return (
    <div class="kp-assistant-live-queue" data-queue-poll="/verwaltung/assistent/live-faelle" data-queue-waiting={waiting.join(" ")}>
      <h2 class="kern-heading-medium" id="live-gespraeche">
        {t("assistant.staff.live.title")}
      </h2>
      <p class="kern-body" id="live-neu" role="status"></p>
      <div id="live-liste">
        <LiveQueueList ctx={ctx} rows={rows} />
      </div>
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/assistent" data-queue-refresh="">
          {t("assistant.staff.live.reload")}
        </a>
      </p>
      <script src="/assets/assistant-queue.js" defer></script>
    </div>
  );
}

/** The live queue's list (the page and the JSON endpoint the queue's script polls). */
export function LiveQueueList({ ctx, rows }: { ctx: ViewContext; rows: LiveQueueRow[] }) {
  const { t } = ctx;
  return (
    <>
      {rows.length === 0 ? (
        <p class="kern-body">{t("assistant.staff.live.empty")}</p>
      ) : (
        <DataTable
          caption={t("assistant.staff.live.title")}
          head={[t("assistant.staff.reference"), t("assistant.staff.received"), t("assistant.staff.status")]}
          rows={rows.map((r) => [
            <a class="kern-link" href={`/verwaltung/assistent/live/${r.id}`}>
              {r.reference}
            </a>,
            formatDateTime(r.created_at, ctx.locale),
            stateLabel(ctx, r),
          ])}
        />
      )}
    </>
  );
}

export interface LiveDetail extends LiveQueueRow {
  transcript: TranscriptLine[];
  messages: LiveMessageView[];
}

/** A live case for staff: transcript, messages, claim, answer, end. */
export function LiveDetailPage({ ctx, c, form, notice, error }: { ctx: ViewContext; c: LiveDetail; form: FormState; notice?: string; error?: string }) {
  const { t } = ctx;
  const mine = c.state === "claimed" && c.claimed_by === ctx.user?.id;
  return (
    <>
      <PageHeading preline={t("assistant.staff.title")}>{t("assistant.staff.live.detail", { reference: c.reference })}</PageHeading>
      <ErrorSummary form={form} t={t} labels={{ antwort: t("assistant.staff.live.answer") }} />
      {notice && <Alert kind="success" title={notice} />}
      {error && <Alert kind="warning" title={error} />}
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("assistant.staff.received")}</dt>
          <dd class="kern-description-list-item__value">{formatDateTime(c.created_at, ctx.locale)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("assistant.staff.status")}</dt>
          <dd class="kern-description-list-item__value">{stateLabel(ctx, c)}</dd>
        </div>
      </dl>
      {c.state === "expired" && <p class="kern-body">{t("assistant.staff.live.expiredNote")}</p>}
      <h2 class="kern-heading-medium">{t("assistant.staff.transcript")}</h2>
      {c.transcript.length === 0 ? (
        <p class="kern-body">{t("assistant.staff.noTranscript")}</p>
      ) : (
        <ol class="kern-list">
          {c.transcript.map((l) => (
            <li>
              <strong>{l.role === "user" ? t("assistant.staff.live.person") : t("assistant.bot")}:</strong> {l.text}
            </li>
          ))}
        </ol>
      )}
      <h2 class="kern-heading-medium" id="nachrichten">
        {t("assistant.live.messages")}
      </h2>
      {c.messages.length === 0 ? (
        <p class="kern-body">{t("assistant.live.noMessages")}</p>
      ) : (
        <ol class="kern-list kp-assistant-turns">
          {c.messages.map((m) => (
            <LiveMessageItem m={m} ctx={ctx} who="staff" />
          ))}
        </ol>
      )}
      {c.state === "waiting" && (
        <form method="post" action={`/verwaltung/assistent/live/${c.id}/annehmen`}>
          <CsrfField token={ctx.csrfToken} />
          <Button>{t("assistant.staff.live.claim")}</Button>
        </form>
      )}
      {mine && (
        <>
          <form method="post" action={`/verwaltung/assistent/live/${c.id}/antwort`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextArea name="antwort" label={t("assistant.staff.live.answer")} hint={t("assistant.staff.live.answerHint")} form={form} maxLength={2000} rows={4} />
            <Button>{t("assistant.staff.live.send")}</Button>
          </form>
          <form method="post" action={`/verwaltung/assistent/live/${c.id}/beenden`}>
            <CsrfField token={ctx.csrfToken} />
            <Button variant="secondary">{t("assistant.staff.live.end")}</Button>
          </form>
        </>
      )}
      {liveOpen(c.state) && <LinkLine href={`/verwaltung/assistent/live/${c.id}#nachrichten`}>{t("assistant.staff.live.refresh")}</LinkLine>}
      <LinkLine href="/verwaltung/assistent">{t("assistant.staff.title")}</LinkLine>
    </>
  );
}
