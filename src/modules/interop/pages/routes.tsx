/**
 * Staff pages of the interop module: the XBau messages of a case (linked from the case page) with download
 * and the check errors, and the county-wide log of FIT-Connect-shaped deliveries with "try again".
 */
import type { FastifyInstance } from "fastify";
import { ForbiddenError, requireStaff } from "../../../platform/auth/guards.js";
import { contentDisposition } from "../../../platform/files/http.js";
import { getCaseSummary, staffCaseAccess } from "../../cases/index.js";
import { deliveryRetrier } from "../commands/deliveryQueuer.js";
import { MAX_DELIVERY_ATTEMPTS } from "../fitconnect/deliver.js";
import { authorizeDeliveries } from "../policies.js";
import { findXBauMessage, listDeliveries, listXBauMessages } from "../queries.js";
import { DeliveriesPage, XBauPage } from "./views.js";

const formLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };

export async function interopPages(app: FastifyInstance) {
  const { db } = app.deps;

  /** The case after the cases policy "read" (403), or undefined (404). */
  async function readableCase(user: Parameters<typeof staffCaseAccess>[1], caseId: string) {
    const summary = await getCaseSummary(db, caseId);
    if (!summary) return undefined;
    if (!(await staffCaseAccess(db, user, caseId)).read) throw new ForbiddenError("Kein Zugriff auf diesen Vorgang");
    return summary;
  }

  app.get<{ Params: { id: string } }>("/verwaltung/vorgaenge/:id/xbau", { preHandler: requireStaff }, async (req, reply) => {
    const c = await readableCase(req.user!, req.params.id);
    if (!c) return reply.callNotFound();
    const rows = (await listXBauMessages(db, c.id)).map((r) => ({ id: r.id, type: r.message_type, status: r.status, errors: r.errors, createdAt: r.created_at }));
    return reply.page(req.t("interop.xbau.title"), (ctx) => <XBauPage ctx={ctx} caseId={c.id} reference={c.reference} rows={rows} />, { noindex: true });
  });

  app.get<{ Params: { id: string; messageId: string } }>("/verwaltung/vorgaenge/:id/xbau/:messageId", { preHandler: requireStaff }, async (req, reply) => {
    const c = await readableCase(req.user!, req.params.id);
    const m = c && (await findXBauMessage(db, c.id, req.params.messageId));
    if (!c || !m) return reply.callNotFound();
    return reply
      .header("Content-Type", "application/xml; charset=utf-8")
      .header("Content-Disposition", contentDisposition(`${c.reference}-xbau-${m.message_type}${m.status === "invalid" ? "-FEHLERHAFT" : ""}.xml`))
      .send(m.xml);
  });

  app.get<{ Querystring: { ok?: string } }>("/verwaltung/zustellungen", { preHandler: requireStaff }, async (req, reply) => {
    authorizeDeliveries(req.user);
    const rows = (await listDeliveries(db)).map((r) => ({ id: r.id, reference: r.reference, destination: r.destination, status: r.status, attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at }));
    return reply.page(req.t("interop.deliveries.title"), (ctx) => <DeliveriesPage ctx={ctx} rows={rows} maxAttempts={MAX_DELIVERY_ATTEMPTS} notice={req.query.ok === "1"} />, { noindex: true });
  });

  app.post<{ Params: { id: string } }>("/verwaltung/zustellungen/:id/erneut", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    authorizeDeliveries(req.user);
    if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) return reply.callNotFound();
    const ok = await db.transaction().execute((tx) => deliveryRetrier(tx, { type: "staff", id: req.user!.id }, req.params.id));
    return reply.redirect(ok ? "/verwaltung/zustellungen?ok=1" : "/verwaltung/zustellungen", 303);
  });
}
