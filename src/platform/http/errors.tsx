import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { LinkLine } from "../views/components.js";
import { HttpProblem, registerProblemSchema, schemaFieldErrors, sendProblem, wantsProblem } from "./problem.js";
import { isDatabaseUnavailable } from "../db/index.js";

/** Seconds a client should wait before retrying after the database was unreachable. */
const UNAVAILABLE_RETRY_SECONDS = 5;

function errorPage(reply: FastifyReply, req: FastifyRequest, status: number, titleKey: string, body: string, extra?: string) {
  const t = req.t;
  return reply.page(
    t(titleKey),
    () => (
      <>
        <h1 class="kern-heading-large">{t(titleKey)}</h1>
        <p class="kern-body">{body}</p>
        {extra && <p class="kern-body kern-body--small">{extra}</p>}
        <LinkLine href="/">{t("error.back")}</LinkLine>
      </>
    ),
    { status, noindex: true },
  );
}

/** Friendly error pages and JSON errors; details only to the log, with the request id. */
export function registerErrorHandling(app: FastifyInstance) {
  registerProblemSchema(app);
  app.setNotFoundHandler((req, reply) => {
    if (wantsProblem(req)) return sendProblem(reply, 404, `Keine Ressource unter ${req.method} ${req.url.split("?")[0]}`);
    return errorPage(reply, req, 404, "error.notFound.title", req.t("error.notFound.body"));
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    // A lost or refused database connection is an outage of this node, not a bug in the request:
    // 503 with Retry-After, so clients and the proxy try again (another node, or this one once /ready is back).
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err: { message: err.message, code: err.code } }, "database unavailable");
      reply.header("Retry-After", String(UNAVAILABLE_RETRY_SECONDS));
      if (wantsProblem(req)) return sendProblem(reply, 503, "Der Dienst ist vorübergehend nicht erreichbar. Bitte später erneut versuchen.", { type: "unavailable" });
      return errorPage(reply, req, 503, "error.unavailable.title", req.t("error.unavailable.body"), req.t("error.requestId", { id: req.id }));
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    const csrf = typeof err.code === "string" && err.code.startsWith("FST_CSRF");
    if (status >= 500) req.log.error({ err }, "request failed");
    else req.log.info({ code: err.code, status }, "request rejected");

    if (wantsProblem(req)) {
      if (err.validation) {
        const where = err.validationContext ?? "request";
        return sendProblem(reply, 400, `Ungültige Angaben (${where}).`, { type: "validation", errors: schemaFieldErrors(err) });
      }
      if (err instanceof HttpProblem) return sendProblem(reply, status, err.message, err.problem);
      if (status >= 500) return sendProblem(reply, status, `Interner Fehler. Bitte nennen Sie bei Rückfragen die Kennung ${req.id}.`);
      return sendProblem(reply, status, err.message);
    }
    if (csrf) {
      return errorPage(reply, req, 403, "error.csrf.title", req.t("error.csrf.body"));
    }
    if (status === 429) {
      const seconds = Number(reply.getHeader("retry-after") ?? 60);
      return errorPage(reply, req, 429, "error.tooMany.title", req.t("error.tooMany.body", { seconds }));
    }
    if (status === 403) return errorPage(reply, req, 403, "error.forbidden.title", req.t("error.forbidden.body"));
    if (status === 404) return errorPage(reply, req, 404, "error.notFound.title", req.t("error.notFound.body"));
    if (status < 500) return errorPage(reply, req, status, "error.title", err.message);
    return errorPage(reply, req, 500, "error.title", req.t("error.body"), req.t("error.requestId", { id: req.id }));
  });
}
