/** After submitting: the confirmation page and the printable receipt (HTML; the PDF is receipt.ts). */
import type { ViewContext } from "../../../platform/views/context.js";
import { PageHeading } from "../../../platform/views/components.js";
import { formatEuro } from "../../../platform/i18n/format.js";
import type { Answers, CalculationResult, FormDefinition } from "../../forms/index.js";
import { feeLabel } from "../presenters.js";
import { AttachmentList } from "./fileField.js";
import { AnswerSummary, Calculation } from "./views.js";

export function ConfirmationPage({ ctx, def, reference, receiptHref, receiptPdfHref, statusHref, email }: { ctx: ViewContext; def: FormDefinition; reference: string; receiptHref: string; receiptPdfHref: string; statusHref: string; email?: string }) {
  return (
    <div class="kern-stack kp-narrow">
      <div class="kern-alert kern-alert--success" role="status">
        <div class="kern-alert__header">
          <span class="kern-icon kern-icon--success" aria-hidden="true"></span>
          <h1 class="kern-title">{ctx.t("applications.confirmation.title")}</h1>
        </div>
        <div class="kern-alert__body">
          <p class="kern-body">
            {ctx.t("applications.confirmation.reference")} <strong class="kp-reference">{reference}</strong>
          </p>
        </div>
      </div>
      <p class="kern-body">{ctx.t("applications.confirmation.received", { title: def.title })}</p>
      {email && <p class="kern-body">{ctx.t("applications.confirmation.mail", { email })}</p>}
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={receiptHref}>
            {ctx.t("applications.confirmation.receipt")}
          </a>
        </li>
        <li>
          <a class="kern-link" href={receiptPdfHref}>
            {ctx.t("applications.confirmation.receiptPdf")}
          </a>
        </li>
        <li>
          <a class="kern-link" href={statusHref}>
            {ctx.t("applications.confirmation.status")}
          </a>
        </li>
      </ul>
      <p class="kern-body kern-body--small">{ctx.t("applications.confirmation.keep")}</p>
    </div>
  );
}

export function ReceiptPage({ ctx, def, sub, calc }: { ctx: ViewContext; def: FormDefinition; sub: { reference: string; submitted_at: Date; answers: Answers; answers_hash: string; fee_cents: number }; calc?: CalculationResult }) {
  return (
    <div class="kern-stack kp-receipt">
      <PageHeading preline={ctx.t("applications.receipt.preline")}>{def.title}</PageHeading>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{ctx.t("applications.receipt.reference")}</dt>
          <dd class="kern-description-list-item__value">{sub.reference}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{ctx.t("applications.receipt.receivedAt")}</dt>
          <dd class="kern-description-list-item__value">{ctx.t("applications.receipt.time", { when: sub.submitted_at.toLocaleString(ctx.locale === "en" ? "en-GB" : "de-DE", { timeZone: "Europe/Berlin", dateStyle: "long", timeStyle: "short" }) })}</dd>
        </div>
        {sub.fee_cents > 0 && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{feeLabel(def, ctx.t)}</dt>
            <dd class="kern-description-list-item__value">{formatEuro(sub.fee_cents)}</dd>
          </div>
        )}
      </dl>
      <AnswerSummary def={def} answers={sub.answers} t={ctx.t} />
      <AttachmentList def={def} answers={sub.answers} t={ctx.t} />
      {calc && <Calculation calc={calc} />}
      <p class="kern-body kern-body--small">
        {ctx.t("applications.receipt.hash")} <code class="kp-hash">{sub.answers_hash}</code>
      </p>
      <p class="kern-body kern-body--small">{ctx.t("applications.receipt.print")}</p>
    </div>
  );
}

