/** The fee on the confirmation, status and receipt pages: paid, or open with the pay button. */
import type { Translate } from "../../../platform/i18n/index.js";
import { formatEuro } from "../../../platform/i18n/format.js";
import { Alert, Button, CsrfField, PageHeading } from "../../../platform/views/components.js";
import type { ViewContext } from "../../../platform/views/context.js";
import type { submissionPayment } from "../queries.js";

/** Fee box on confirmation and status pages: paid, or open with the pay button. */
export function PaymentBox({ ctx, payment, reference, code, what }: { ctx: ViewContext; payment: NonNullable<Awaited<ReturnType<typeof submissionPayment>>>; reference: string; code: string; what: string }) {
  if (payment.status === "PAYED") return <Alert kind="success" title={ctx.t("applications.payment.paid", { what, amount: formatEuro(payment.amountCents) })} />;
  return (
    <div class="kern-stack">
      <Alert kind="warning" title={ctx.t("applications.payment.open", { what, amount: formatEuro(payment.amountCents) })}>
        <p class="kern-body">{ctx.t("applications.payment.openText")}</p>
      </Alert>
      <form method="post" action={`/antraege/eingang/${reference}/bezahlen`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="code" value={code} />
        <Button>{ctx.t("applications.payment.pay", { what })}</Button>
      </form>
    </div>
  );
}

/** Shown instead of the confirmation while a "pay before" submission waits for its payment. */
export function PendingPaymentPage({ ctx, payment, reference, code, notice, what }: { ctx: ViewContext; payment: NonNullable<Awaited<ReturnType<typeof submissionPayment>>>; reference: string; code: string; notice?: string; what: string }) {
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading>{ctx.t("applications.payment.pendingTitle")}</PageHeading>
      {notice && <Alert kind="danger" title={notice} />}
      <p class="kern-body">{ctx.t("applications.payment.pendingText", { reference, amount: formatEuro(payment.amountCents) })}</p>
      <PaymentBox ctx={ctx} payment={payment} reference={reference} code={code} what={what} />
    </div>
  );
}

/** Receipt line (HTML and PDF). */
export const paymentLine = (t: Translate, p: NonNullable<Awaited<ReturnType<typeof submissionPayment>>>, what: string) =>
  t(p.status === "PAYED" ? "applications.payment.paid" : "applications.payment.open", { what, amount: formatEuro(p.amountCents) });
