import type { FastifyInstance } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readableCaseSubmission } from "../../cases/index.js";
import { submissionDocument } from "../documents.js";

/**
 * The submission's own documents on the staff case page (`/verwaltung/vorgaenge/:id/antrag.pdf|json`). Served here,
 * not by the cases module: applications opens cases, so cases never imports applications (issue 11, no cycle).
 */
export async function caseDocumentRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  for (const kind of ["pdf", "json"] as const) {
    app.get<{ Params: { id: string } }>(`/verwaltung/vorgaenge/:id/antrag.${kind}`, { preHandler: requireStaff }, async (req, reply) => {
      const submissionId = await readableCaseSubmission(db, req.user, req.params.id);
      const doc = submissionId ? await submissionDocument(db, submissionId, kind, app.deps.county.name) : undefined;
      if (!doc) return reply.page(req.t("cases.notFound"), () => <p class="kern-body">{req.t("cases.notFound")}</p>, { status: 404, noindex: true });
      return reply.type(doc.contentType).header("Content-Disposition", `inline; filename="${doc.filename}"`).header("Cache-Control", "no-store").send(doc.body);
    });
  }
}
