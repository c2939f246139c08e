/**
 * JSON API of the citizen side: the token holder's own applications and their status (scope applications:read).
 * Served here, next to "Meine Anträge", because the status is the mailbox's view of the case (issue 11: applications
 * never imports the mailbox).
 */
import type { FastifyInstance } from "fastify";
import { requireApiToken } from "../../platform/auth/apiTokens.js";
import { findOwnSubmission, listOwnApplications, statusUrlFor } from "../applications/index.js";
import { applicantOverview, statusOfSubmission } from "./overview.js";
import { ApplicationListResponse, ApplicationParams, ApplicationResponse } from "./schemas.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";

const tags = ["Anträge"];
const security = [{ bearerAuth: [] }];

export async function mailboxRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  // ---- The token holder's own applications (scope applications:read).
  const readLimit = { rateLimit: { max: 120, timeWindow: 60_000 } };
  const readAuth = requireApiToken("applications:read");
  const tokenErrors = { 400: Problem, 401: Problem, 403: Problem };

  app.get(
    "/api/v1/applications",
    { config: readLimit, preHandler: readAuth, schema: { tags, security, summary: "Meine Anträge (persönliches API-Token)", description: "Die eingereichten Anträge des Kontos, dem das Token gehört, neueste zuerst, mit ihrem Stand.", response: { 200: ApplicationListResponse, ...tokenErrors } } },
    async (req) => {
      const userId = req.apiPrincipal!.userId;
      const own = await listOwnApplications(db, userId);
      const cases = await applicantOverview(db, userId);
      return { items: own.submissions.map((s) => ({ reference: s.reference, formId: s.form_id, title: s.title, submittedAt: new Date(s.submitted_at).toISOString(), status: cases.get(s.reference)?.status ?? "received" })) };
    },
  );

  app.get<{ Params: ApplicationParams }>(
    "/api/v1/applications/:reference",
    { config: readLimit, preHandler: readAuth, schema: { tags, security, summary: "Stand eines eigenen Antrags (persönliches API-Token)", description: "Nur Anträge des Kontos, dem das Token gehört; fremde und unbekannte Aktenzeichen → 404.", params: ApplicationParams, response: { 200: ApplicationResponse, ...tokenErrors, 404: Problem } } },
    async (req, reply) => {
      const sub = await findOwnSubmission(db, req.actor(), req.params.reference);
      // Someone else's application looks exactly like an unknown reference, so references cannot be probed.
      if (!sub) return sendProblem(reply, 404, "Kein eigener Antrag mit diesem Aktenzeichen.");
      const info = await statusOfSubmission(db, sub.id, req.locale);
      return {
        reference: sub.reference,
        formId: sub.formId,
        title: sub.title,
        submittedAt: sub.submittedAt.toISOString(),
        status: info?.status ?? "received",
        timeline: (info?.timeline ?? []).map((e) => ({ at: e.at.toISOString(), status: e.status, text: e.text })),
        statusUrl: await statusUrlFor(db, config, sub.id, sub.reference),
      };
    },
  );
}
