import type { PaymentSubjectType } from "./db.js";
import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { paymentMessages } from "./messages.js";
import { paymentPages } from "./pages/routes.js";
import { createPaymentProvider } from "./providers.js";
import { startSandboxServer } from "./providers/sandbox/server.js";
import { mountSandbox, SANDBOX_PATH } from "./providers/sandbox/mount.js";
import type { PaymentProvider } from "./providers/types.js";
import { orgUnitKeys, paymentOfSubject } from "./queries.js";
import { canManagePayments } from "./policies.js";
import { paymentRoutes } from "./routes.js";
import { reconcileStale } from "./service.js";
import { paymentStarter, type PaymentStarterProps, type PaymentStarterResult } from "./commands/paymentStarter.js";
import type { CommandContext } from "../../platform/commands.js";
import "./db.js";

export type { PaidTransaction, PaymentSubjectHandler } from "./subjects.js";
export { PaymentProviderError } from "./providers/types.js";
export type { PaymentStatus } from "./providers/xbezahldienste/protocol.js";
export { startSandboxServer } from "./providers/sandbox/server.js";
export { handoverPath } from "./pages/routes.js";
export { seedDemoOpenItems, DEMO_OPEN_ITEMS } from "./demoData.js";

declare module "../../platform/http/types.js" {
  interface AppServices {
    /** The payment provider of this app (undefined: online payment is off); set by the payments plugin. */
    paymentProvider?: PaymentProvider;
  }
}

/** The provider an app uses, or undefined when online payment is off (production without PAYMENT_PROVIDER). */
export const paymentProvider = (app: FastifyInstance) => app.services.paymentProvider;

/** Starts paying for a subject (application fee) and says where to send the citizen; at most one live payment per subject. */
export async function startPayment(app: FastifyInstance, ctx: CommandContext, props: Omit<PaymentStarterProps, "publicUrl" | "notifyUrl">): Promise<PaymentStarterResult | { kind: "unavailable" }> {
  const provider = app.services.paymentProvider;
  const { config } = app.deps;
  if (!provider) return { kind: "unavailable" };
  return paymentStarter({ ...ctx, paymentSubjects: app.registry.paymentSubjects }, provider, { ...props, publicUrl: config.publicUrl, notifyUrl: config.payments.notifyUrl });
}

/** LeiKa keys of the traffic fines services (Strafen und Bußgelder im Straßenverkehr, and its Festsetzung). */
const FINE_SERVICES = /^99108031\d{6}$/;

/** For the service page: the "pay online" link of a service (fines), else undefined. */
export const paymentLinkFor = (leikaKey: string): string | undefined => (FINE_SERVICES.test(leikaKey) ? "/bussgeld-bezahlen" : undefined);

/** Payment status of a subject for confirmation, receipt and status pages: the booked or open one, else the latest attempt. */
export async function paymentStatusOf(db: Db, type: PaymentSubjectType, subjectId: string): Promise<{ status: "INITIAL" | "PAYED" | "CANCELED" | "FAILED"; amountCents: number; paidAt: Date | null; transactionId: string } | undefined> {
  const row = await paymentOfSubject(db, type, subjectId);
  return row ? { status: row.status, amountCents: row.amount_cents, paidAt: row.paid_at, transactionId: row.id } : undefined;
}

/** Payments: provider port (XBezahldienste), sandbox in demo mode, notifications, fines by Kassenzeichen, reconciliation. */
async function paymentsPlugin(app: FastifyInstance) {
  const { config } = app.deps;
  const s = config.payments;
  let provider: PaymentProvider | undefined;
  if (s.provider) {
    let url = s.url;
    if (!url && s.provider === "sandbox") {
      // Demo mode without a configured service: run the sandbox beside the portal (like the demo mail outbox).
      // Browsers reach its pay pages under the portal's own origin (mount.ts), so a demo opened from another machine can pay.
      const sandbox = await startSandboxServer({ secret: s.secret, publicUrl: `${config.publicUrl}${SANDBOX_PATH}`, log: (m) => app.log.warn(m) });
      mountSandbox(app, sandbox.url);
      url = sandbox.url;
      app.addHook("onClose", () => sandbox.close());
      app.log.info(`sandbox payment service (no real money) on ${url}`);
    }
    provider = createPaymentProvider({ provider: s.provider, url, secret: s.secret, originatorId: s.originatorId, endpointId: s.endpointId }, config.env);
  }
  app.services.paymentProvider = provider;
  await paymentRoutes(app, provider);
  await paymentPages(app, provider);
}

/** The payments module (src/platform/modules.ts). */
export const paymentsModule = defineModule({
  name: "payments",
  messages: [paymentMessages],
  nav: [
    {
      label: "nav.payments",
      href: "/verwaltung/zahlungen",
      audience: "staff",
      order: 97,
      show: async (user, { db, config }) => canManagePayments(user, await orgUnitKeys(db, user.orgUnitIds), config.payments.staffUnits, [config.countyKey, ...config.partnerKeys]),
    },
  ],
  jobs: [
    {
      name: "payments-reconcile",
      cron: "*/15 * * * *",
      async handler({ db, config, app }) {
        const provider = app.services.paymentProvider;
        if (provider) await reconcileStale({ ...systemContext(db), paymentSubjects: app.registry.paymentSubjects }, provider, config.payments.staleHours);
      },
    },
  ],
  plugin: paymentsPlugin,
});

/** Figures (issue 22): online payments per month (count and amount). */
export { monthlyOnlinePayments } from "./queries.js";
