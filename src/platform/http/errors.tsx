import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HttpProblem, registerProblemSchema, schemaFieldErrors, sendProblem, wantsProblem } from "./problem.js";

function errorPage(reply: FastifyReply, req: FastifyRequest, status: number, titleKey: string, body: string, extra?: string) {
  const t = req.t;
  return reply.page(
    t(titleKey),
    () => (
      <>
        <h1 class="kern-heading-large">{t(titleKey)}</h1>
        <p class="kern-body">{body}</p>
        {extra && <p class="kern-body kern-body--small">{extra}</p>}
        <p class="kern-body">
          <a class="kern-link" href="/">
            {t("error.back")}
          </a>
        </p>
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
