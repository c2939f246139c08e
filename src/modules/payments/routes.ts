import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { bearerCredential, matchesSharedSecret, sendBearerChallenge } from "../../platform/auth/apiTokens.js";
import { openItemImporter } from "./commands/openItemImporter.js";
import { checkOpenItem, normaliseKassenzeichen } from "./openItems.js";
import { presentOpenItem } from "./presenters.js";
import type { PaymentProvider } from "./providers/types.js";
import { findOpenItem, findTransaction } from "./queries.js";
import { ImportResponse, NotificationResponse, OpenItemBatchBody, OpenItemBody, OpenItemParams, OpenItemResponse } from "./schemas.js";
import { receiveNotification } from "./service.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";

const tags = ["Zahlungen"];
const security = [{ bearerAuth: [] }];

/** JSON API: provider notifications; open items (fines) for the specialist software, with a bearer token. */
export async function paymentRoutes(app: FastifyInstance, provider: PaymentProvider | undefined) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest) => ({ actor: { type: "system" as const, id: null }, db, requestId: req.id });

  // The notification's signature covers the raw bytes, so this scope keeps the body as text.
  await app.register(async (scope) => {
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    scope.post(
      "/api/v1/payments/notifications",
      {
        // Generous: a provider sends from few addresses, and bursts (month end) must not be refused.
        config: { rateLimit: { max: 6000, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: "Statusmeldung des Bezahldienstes (server-to-server, signiert)",
          description: "Headers `X-Payment-Timestamp` (Unix-Sekunden) and `X-Payment-Signature: v1=<hex HMAC-SHA256(PAYMENT_SECRET, timestamp + '.' + body)>`. Older than 5 minutes, forged or malformed → rejected and audit-logged; the same notificationId twice changes nothing.",
          response: { 200: NotificationResponse, 400: Problem, 401: Problem, 404: Problem, 503: Problem },
        },
      },
      async (req, reply) => {
        if (!provider) return sendProblem(reply, 503, "Kein Bezahldienst konfiguriert.");
        const r = await receiveNotification(ctxOf(req), provider, req.headers, typeof req.body === "string" ? req.body : "");
        if (r.status >= 400) return sendProblem(reply, r.status, `Meldung nicht angenommen: ${r.body.result}`, { type: `notification-${r.body.result.replace(/_/g, "-")}`, extensions: { result: r.body.result } });
        return reply.code(r.status).send(r.body);
      },
    );
  });

  const token = config.payments.apiToken;
  const authorized = (req: FastifyRequest, reply: FastifyReply): boolean => {
    const credential = bearerCredential(req);
    if (matchesSharedSecret(credential, token)) return true;
    void sendBearerChallenge(reply, 401, {
      error: token && credential !== undefined ? "invalid_token" : undefined,
      message: token ? "Gültiges API-Token (Authorization: Bearer …) erforderlich." : "Die Schnittstelle ist nicht eingerichtet (PAYMENT_API_TOKEN).",
    });
    return false;
  };
  const apiLimit = { rateLimit: { max: 300, timeWindow: 60_000 } };

  app.get<{ Params: OpenItemParams }>(
    "/api/v1/payments/open-items/:kassenzeichen",
    { config: apiLimit, schema: { tags, security, summary: "Offener Posten (Bußgeld) mit Zahlstatus", params: OpenItemParams, response: { 200: OpenItemResponse, 401: Problem, 404: Problem } } },
    async (req, reply) => {
      if (!authorized(req, reply)) return reply;
      const item = await findOpenItem(db, normaliseKassenzeichen(req.params.kassenzeichen));
      if (!item) return sendProblem(reply, 404, "Kein offener Posten mit diesem Kassenzeichen.");
      const paid = item.paid_transaction_id ? await findTransaction(db, item.paid_transaction_id) : undefined;
      return presentOpenItem(item, paid?.paid_at ?? null);
    },
  );

  app.put<{ Params: OpenItemParams; Body: OpenItemBody }>(
    "/api/v1/payments/open-items/:kassenzeichen",
    {
      config: apiLimit,
      schema: { tags, security, summary: "Offenen Posten anlegen oder ändern", description: "Idempotent. A paid item cannot be changed (409).", params: OpenItemParams, body: OpenItemBody, response: { 200: OpenItemResponse, 201: OpenItemResponse, 401: Problem, 409: Problem, 422: Problem } },
    },
    async (req, reply) => {
      if (!authorized(req, reply)) return reply;
      const b = req.body;
      const c = checkOpenItem({ kassenzeichen: req.params.kassenzeichen, plate: b.plate, amount: b.amountCents, dueDate: b.dueDate, description: b.description });
      if ("errors" in c) return sendProblem(reply, 422, c.errors.join(" "), { errors: c.errors.map((message) => ({ path: "/", message })) });
      const r = await openItemImporter(ctxOf(req), { items: [c.item], source: "api" });
      if (!r.ok) return sendProblem(reply, 409, r.errors[0]!.message);
      const item = (await findOpenItem(db, c.item.kassenzeichen))!;
      return reply.code(r.created ? 201 : 200).send(presentOpenItem(item, null));
    },
  );

  app.post<{ Body: OpenItemBatchBody }>(
    "/api/v1/payments/open-items",
    {
      config: apiLimit,
      schema: { tags, security, summary: "Mehrere offene Posten anlegen oder ändern (alles oder nichts)", body: OpenItemBatchBody, response: { 200: ImportResponse, 401: Problem, 422: Problem } },
    },
    async (req, reply) => {
      if (!authorized(req, reply)) return reply;
      // Field errors point at the item (`/items/3`) and name its Kassenzeichen in the message.
      const errors: Array<{ path: string; message: string }> = [];
      const items = [];
      const seen = new Map<string, number>();
      for (const [i, b] of req.body.items.entries()) {
        const c = checkOpenItem({ kassenzeichen: b.kassenzeichen, plate: b.plate, amount: b.amountCents, dueDate: b.dueDate, description: b.description });
        const at = (message: string) => ({ path: `/items/${i}`, message: `${b.kassenzeichen}: ${message}` });
        if ("errors" in c) errors.push(...c.errors.map(at));
        else if (seen.has(c.item.kassenzeichen)) errors.push(at("Kassenzeichen doppelt in dieser Anfrage."));
        else {
          seen.set(c.item.kassenzeichen, i);
          items.push(c.item);
        }
      }
      if (errors.length) return sendProblem(reply, 422, "Die Posten wurden nicht übernommen (siehe errors).", { errors });
      const r = await openItemImporter(ctxOf(req), { items, source: "api" });
      if (!r.ok) {
        const failed = r.errors.map((e) => ({ path: `/items/${seen.get(e.kassenzeichen) ?? ""}`, message: `${e.kassenzeichen}: ${e.message}` }));
        return sendProblem(reply, 422, "Die Posten wurden nicht übernommen (siehe errors).", { errors: failed });
      }
      return { created: r.created, updated: r.updated, unchanged: r.unchanged };
    },
  );
}
