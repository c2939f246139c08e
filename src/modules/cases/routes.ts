import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SessionUser } from "../../platform/auth/session.js";
import type { CommandContext } from "../../platform/commands.js";
import { caseApprover, caseTransitioner, type TransitionResult } from "./commands/caseTransitioner.js";
import { caseAssigner, statementGiver, type WorkResult } from "./commands/caseWork.js";
import { authorize } from "./policies.js";
import { decodeCursor, encodeCursor, presentCase, presentCaseListItem } from "./presenters.js";
import { caseFigures, getCaseForStaff, listInbox, today } from "./queries.js";
import { processDefinition } from "./registry.js";
import {
  ApprovalBody, AssignmentBody, CaseIdParams, CaseResponse, FiguresResponse, InboxQuery, InboxResponse, OkResponse, StatementBody, StatementParams, TransitionBody, TransitionResponse,
} from "./schemas.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { refuseCrossSiteJson } from "../../platform/http/sameOrigin.js";

const tags = ["Vorgänge"];

/**
 * Staff API authentication: the session cookie of a staff account. Changing requests must be JSON
 * (a cross-site form cannot send that without a CORS preflight, which is never granted) and, when the
 * browser names an origin, come from our own — so the cookie cannot be abused cross-site although the
 * API is exempt from the form CSRF token.
 */
export function staffApiGuard(publicUrl: string) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user) return sendProblem(reply, 401, "Anmeldung erforderlich");
    const refused = refuseCrossSiteJson(req, reply, publicUrl);
    if (refused) return refused;
    if (req.user.kind !== "staff") return sendProblem(reply, 403, "Nur für Beschäftigte");
  };
}

export const commandContext = (req: FastifyRequest): CommandContext & { user: SessionUser } => ({ actor: req.actor(), db: req.server.deps.db, requestId: req.id, user: req.user! });

/** Maps a command result to HTTP: 403/404/409/422 with a German message. */
export function sendResultProblem(reply: FastifyReply, r: Exclude<TransitionResult | WorkResult, { kind: "ok" } | { kind: "approval_requested" }>) {
  switch (r.kind) {
    case "not_found":
      return sendProblem(reply, 404, "Vorgang nicht gefunden");
    case "forbidden":
      return sendProblem(reply, 403, r.message);
    case "illegal":
      return sendProblem(reply, 409, r.message, { type: "illegal-transition", extensions: "allowed" in r ? { allowed: r.allowed } : {} });
    case "stale":
      return sendProblem(reply, 409, r.message, { type: "stale-version", extensions: { currentVersion: r.currentVersion } });
    case "invalid":
      return sendProblem(reply, 422, r.message);
  }
}

/** JSON API of the cases (staff). */
export async function caseRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const preHandler = staffApiGuard(config.publicUrl);
  const problems = { 401: Problem, 403: Problem, 404: Problem, 409: Problem, 415: Problem, 422: Problem };

  app.get<{ Querystring: InboxQuery }>(
    "/api/v1/cases",
    { preHandler, schema: { tags, summary: "Posteingang: Vorgänge meiner Stellen, mir zugewiesene oder zur Beteiligung", description: "Neueste zuerst, seitenweise (Cursor `next`). Nur Vorgänge, die die angemeldete Person sehen darf.", querystring: InboxQuery, response: { 200: InboxResponse, 400: Problem, 401: Problem, 403: Problem } } },
    async (req, reply) => {
      const q = req.query;
      const after = decodeCursor(q.after);
      if (q.after && !after) return sendProblem(reply, 400, "Ungültiger Cursor");
      const limit = q.limit ?? 50;
      const rows = await listInbox(db, req.user!, { scope: q.scope ?? "department", unitId: q.unit, status: q.status, service: q.service, overdue: q.overdue, reference: q.reference, after, limit });
      const items = await Promise.all(rows.map(async (r) => presentCaseListItem(r, await processDefinition(db, r.process_id, r.process_version).catch(() => undefined))));
      return { items, next: rows.length === limit ? encodeCursor(rows[rows.length - 1]!) : null };
    },
  );

  app.get(
    "/api/v1/cases/figures",
    { preHandler, schema: { tags, summary: "Kennzahlen: Vorgänge nach Status, Leistung und Stelle; Median der Bearbeitungszeit je Leistung", response: { 200: FiguresResponse, 401: Problem, 403: Problem } } },
    async () => {
      const f = await caseFigures(db);
      return {
        byStatus: f.byStatus,
        byService: f.byService.map((s) => ({ service: s.service, formId: s.form_id, count: s.count, open: s.open, decided: s.decided, medianDays: s.median_days })),
        byDepartment: f.byDepartment.map((d) => ({ department: d.department, unitId: d.unit_id, count: d.count, open: d.open, overdue: d.overdue })),
      };
    },
  );

  app.get<{ Params: CaseIdParams }>(
    "/api/v1/cases/:id",
    { preHandler, schema: { tags, summary: "Ein Vorgang mit Zeitstrahl, Beteiligungen, Dokumenten, möglichen Schritten und Rechten", params: CaseIdParams, response: { 200: CaseResponse, 401: Problem, 403: Problem, 404: Problem } } },
    async (req, reply) => {
      const s = await getCaseForStaff(db, req.params.id);
      if (!s) return sendProblem(reply, 404, "Vorgang nicht gefunden");
      authorize(req.user, "read", { ...s.case, participantUnitIds: s.participantUnitIds });
      const def = await processDefinition(db, s.case.process_id, s.case.process_version);
      return presentCase(s, def, req.user!, today());
    },
  );

  app.post<{ Params: CaseIdParams; Body: TransitionBody }>(
    "/api/v1/cases/:id/transitions",
    {
      preHandler,
      schema: {
        tags,
        summary: "Einen Schritt des Verfahrens ausführen",
        description: "Prüft das Verfahren (nicht erlaubter Schritt → 409 `urn:kreisportal:problem:illegal-transition` mit Erklärung und `allowed`), die Berechtigung und die Version (veraltet → 409 `urn:kreisportal:problem:stale-version` mit `currentVersion`, nichts wird geschrieben). Schritte mit Vier-Augen-Prinzip werden vorgeschlagen (202) und mit POST …/approval von einer zweiten Person freigegeben.",
        params: CaseIdParams, body: TransitionBody,
        response: { 200: TransitionResponse, 202: TransitionResponse, ...problems },
      },
    },
    async (req, reply) => {
      const r = await caseTransitioner(commandContext(req), { caseId: req.params.id, event: req.body.event, version: req.body.version, text: req.body.text, user: req.user! });
      if (r.kind === "ok") return { id: r.caseId, state: r.state, version: r.version, approvalRequested: false, ...(r.documentId ? { documentId: r.documentId } : {}) };
      if (r.kind === "approval_requested") return reply.code(202).send({ id: r.caseId, state: r.state, version: r.version, approvalRequested: true });
      return sendResultProblem(reply, r);
    },
  );

  app.post<{ Params: CaseIdParams; Body: ApprovalBody }>(
    "/api/v1/cases/:id/approval",
    { preHandler, schema: { tags, summary: "Vier-Augen-Prinzip: vorgeschlagenen Schritt freigeben oder zurückweisen", description: "Nur eine zweite Person der zuständigen Stelle, nicht wer vorgeschlagen hat (403).", params: CaseIdParams, body: ApprovalBody, response: { 200: TransitionResponse, ...problems } } },
    async (req, reply) => {
      const r = await caseApprover(commandContext(req), { caseId: req.params.id, version: req.body.version, decision: req.body.decision, note: req.body.note, user: req.user! });
      if (r.kind === "ok") return { id: r.caseId, state: r.state, version: r.version, approvalRequested: false, ...(r.documentId ? { documentId: r.documentId } : {}) };
      if (r.kind === "approval_requested") return reply.code(202).send({ id: r.caseId, state: r.state, version: r.version, approvalRequested: true });
      return sendResultProblem(reply, r);
    },
  );

  app.post<{ Params: CaseIdParams; Body: AssignmentBody }>(
    "/api/v1/cases/:id/assignment",
    { preHandler, schema: { tags, summary: "Vorgang übernehmen, zuweisen oder freigeben", params: CaseIdParams, body: AssignmentBody, response: { 200: OkResponse, ...problems } } },
    async (req, reply) => {
      const r = await caseAssigner(commandContext(req), { caseId: req.params.id, version: req.body.version, assigneeId: req.body.assigneeId, user: req.user! });
      if (r.kind === "ok") return { ok: true, version: r.version };
      return sendResultProblem(reply, r);
    },
  );

  app.post<{ Params: StatementParams; Body: StatementBody }>(
    "/api/v1/cases/:id/participations/:participationId/statement",
    { preHandler, schema: { tags, summary: "Stellungnahme der beteiligten Stelle abgeben", description: "Nur Beschäftigte der beteiligten Stelle; einmal (danach 409).", params: StatementParams, body: StatementBody, response: { 200: OkResponse, ...problems } } },
    async (req, reply) => {
      const r = await statementGiver(commandContext(req), { caseId: req.params.id, participationId: req.params.participationId, result: req.body.result, statement: req.body.statement ?? "", user: req.user! });
      if (r.kind === "ok") return { ok: true };
      return sendResultProblem(reply, r);
    },
  );
}
