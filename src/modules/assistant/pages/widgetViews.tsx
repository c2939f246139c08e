/**
 * The chat widget's content (public/assistant-widget.js puts it into a <dialog> on every page): the same
 * conversation as /assistent and a form posting to the same endpoint. Ids are prefixed "kp-widget-" so
 * they never clash with the page underneath.
 */
import type { ViewContext } from "../../../platform/views/context.js";
import { CsrfField, describedByOf, FieldFrame, type FormState } from "../../../platform/views/components.js";
import { TurnItem, type ChatLive, type TurnView } from "./views.js";
import { LinkLine } from "../../../platform/views/components.js";
import { LiveMessageItem, LiveReadLine } from "./liveViews.js";

const FIELD = "kp-widget-nachricht";

/** The widget's one message field (the assistant's question or a live message): same id, so one focus rule. */
function MessageForm({ ctx, action, label, value, error, maxLength, submit }: { ctx: ViewContext; action: string; label: string; value: string | undefined; error: string | undefined; maxLength: number; submit: string }) {
  return (
    <form method="post" action={action} class="kp-assistant-form" novalidate data-widget-form="">
      <CsrfField token={ctx.csrfToken} />
      <FieldFrame name={FIELD} label={label} error={error}>
        <input
          type="text"
          class={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
          id={FIELD}
          name="nachricht"
          value={value ?? ""}
          autocomplete="off"
          required
          aria-required="true"
          aria-invalid={error ? "true" : undefined}
          aria-describedby={describedByOf(FIELD, undefined, error)}
          maxLength={maxLength}
        />
      </FieldFrame>
      <button type="submit" class="kern-btn kern-btn--primary">
        <span class="kern-label">{submit}</span>
      </button>
    </form>
  );
}

/** An open live case in the widget (ADR 0076): its messages (polled by public/assistant-live.js, which public/assistant-widget.js loads), the read receipt and the message field. */
function WidgetLive({ ctx, live }: { ctx: ViewContext; live: NonNullable<ChatLive["live"]> & { form: FormState; claimMinutes: number } }) {
  const { t } = ctx;
  const last = live.messages[live.messages.length - 1]?.seq ?? 0;
  const error = live.form.errors.nachricht;
  return (
    <>
      <h3 class="kern-heading-small">{t("assistant.live.title", { reference: live.reference })}</h3>
      <p class="kern-body" id="kp-widget-live-status" role="status">
        {live.state === "waiting" ? t("assistant.live.waiting", { minutes: live.claimMinutes }) : t("assistant.live.claimed")}
      </p>
      <ol class="kern-list kp-assistant-turns kp-assistant-widget__turns" aria-live="polite" aria-label={t("assistant.live.messages")} id="kp-widget-live" tabIndex={0} data-live-poll={`/assistent/live/${live.id}/nachrichten`} data-live-after={String(last)} data-live-state={live.state}>
        {live.messages.map((m) => (
          <LiveMessageItem m={m} ctx={ctx} who="person" idPrefix="kp-widget-live-" />
        ))}
      </ol>
      <LiveReadLine ctx={ctx} id="kp-widget-live-gelesen" read={live.read} />
      <MessageForm ctx={ctx} action={`/assistent/live/${live.id}/nachricht`} label={t("assistant.live.input")} value={live.form.values.nachricht} error={error} maxLength={2000} submit={t("assistant.live.send")} />
      <p class="kern-body kern-body--small">
        <a class="kern-link" href="/assistent#live">
          {t("assistant.widget.page")}
        </a>
      </p>
    </>
  );
}

export function WidgetFragment({ ctx, turns, form, live }: { ctx: ViewContext; turns: TurnView[]; form: FormState; live?: ChatLive }) {
  const { t } = ctx;
  const error = form.errors.nachricht;
  const open = live?.live && (live.live.state === "waiting" || live.live.state === "claimed") ? live.live : undefined;
  if (open && live)
    return (
      <div class="kp-assistant-widget" data-widget-mode={`live-${open.id}`}>
        <div class="kp-assistant-widget__head">
          <h2 class="kern-heading-small" id="kp-widget-title">
            {t("assistant.title")}
          </h2>
          <button type="button" class="kern-btn kern-btn--secondary kp-assistant-widget__close" data-widget-close="">
            <span class="kern-label">{t("assistant.widget.close")}</span>
          </button>
        </div>
        <WidgetLive ctx={ctx} live={{ ...open, form: live.form, claimMinutes: live.claimMinutes }} />
      </div>
    );
  const ended = live?.live && !open ? live.live : undefined;
  const offer = live?.offer;
  return (
    <div class="kp-assistant-widget" data-widget-mode={`chat${offer ? "-offer" : ""}${ended ? `-${ended.id}-${ended.state}` : ""}`}>
      <div class="kp-assistant-widget__head">
        <h2 class="kern-heading-small" id="kp-widget-title">
          {t("assistant.title")}
        </h2>
        <button type="button" class="kern-btn kern-btn--secondary kp-assistant-widget__close" data-widget-close="">
          <span class="kern-label">{t("assistant.widget.close")}</span>
        </button>
      </div>
      <p class="kern-body kern-body--small">{t("assistant.privacy")}</p>
      <ol class="kern-list kp-assistant-turns kp-assistant-widget__turns" aria-live="polite" aria-label={t("assistant.conversation")} id="kp-widget-verlauf" tabIndex={0}>
        {turns.length === 0 && (
          <li class="kp-assistant-turn kp-assistant-turn--assistant" id="kp-widget-turn-0">
            <p class="kern-body">
              <strong>{t("assistant.bot")}:</strong> {t("assistant.greeting")}
            </p>
          </li>
        )}
        {turns.map((turn) => (
          <TurnItem turn={turn} ctx={ctx} idPrefix="kp-widget-turn-" />
        ))}
      </ol>
      {ended && (
        <>
          <p class="kern-body" role="status">
            {t(`assistant.live.${ended.state}`)}
          </p>
          {ended.state === "expired" && <LinkLine href="/assistent/anfrage">{t("assistant.live.callback")}</LinkLine>}
        </>
      )}
      {offer &&
        (offer.onDuty ? (
          <form method="post" action="/assistent/live" data-widget-form="">
            <CsrfField token={ctx.csrfToken} />
            <p class="kern-body">{t("assistant.live.offer.lead", { hours: offer.hours })}</p>
            <button type="submit" class="kern-btn kern-btn--secondary">
              <span class="kern-label">{t("assistant.live.offer.button")}</span>
            </button>
          </form>
        ) : (
          <p class="kern-body">{t("assistant.live.offer.offDuty", { hours: offer.hours })}</p>
        ))}
      <MessageForm ctx={ctx} action="/assistent" label={t("assistant.input.label")} value={form.values.nachricht} error={error} maxLength={500} submit={t("assistant.send")} />
      <p class="kern-body kern-body--small">
        <a class="kern-link" href="/assistent">
          {t("assistant.widget.page")}
        </a>{" "}
        ·{" "}
        <a class="kern-link" href="/assistent/anfrage">
          {t("assistant.link.handoff")}
        </a>
      </p>
    </div>
  );
}
