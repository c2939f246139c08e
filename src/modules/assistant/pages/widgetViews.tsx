/**
 * The chat widget's content (public/assistant-widget.js puts it into a <dialog> on every page): the same
 * conversation as /assistent and a form posting to the same endpoint. Ids are prefixed "kp-widget-" so
 * they never clash with the page underneath.
 */
import type { ViewContext } from "../../../platform/views/context.js";
import { CsrfField, describedByOf, FieldFrame, type FormState } from "../../../platform/views/components.js";
import { TurnItem, type TurnView } from "./views.js";

const FIELD = "kp-widget-nachricht";

export function WidgetFragment({ ctx, turns, form }: { ctx: ViewContext; turns: TurnView[]; form: FormState }) {
  const { t } = ctx;
  const error = form.errors.nachricht;
  return (
    <div class="kp-assistant-widget">
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
      <form method="post" action="/assistent" class="kp-assistant-form" novalidate data-widget-form="">
        <CsrfField token={ctx.csrfToken} />
        <FieldFrame name={FIELD} label={t("assistant.input.label")} error={error}>
          <input
            type="text"
            class={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
            id={FIELD}
            name="nachricht"
            value={form.values.nachricht ?? ""}
            autocomplete="off"
            required
            aria-required="true"
            aria-invalid={error ? "true" : undefined}
            aria-describedby={describedByOf(FIELD, undefined, error)}
            maxLength={500}
          />
        </FieldFrame>
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">{t("assistant.send")}</span>
        </button>
      </form>
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
