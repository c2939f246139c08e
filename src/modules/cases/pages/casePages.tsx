/** Staff pages: /verwaltung/vorgaenge (inbox), /verwaltung/vorgaenge/:id (case), figures; forms post, redirect, or re-render with errors. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ForbiddenError, requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { caseApprover, caseTransitioner, type TransitionResult } from "../commands/caseTransitioner.js";
import { draftNoticePdf, type CaseRow } from "../commands/engine.js";
import { caseAssigner, commentAdder, statementGiver, STATEMENT_RESULTS, type StatementResult, type WorkResult } from "../commands/caseWork.js";
import { CITIZEN_STATUSES, type CitizenStatus } from "../definition.js";
import { authorize } from "../policies.js";
import { decodeCursor, encodeCursor, presentCase, presentCaseListItem } from "../presenters.js";
import { caseFigures, getCaseDocument, getCaseForStaff, inboxServices, isUuid, listInbox, today, type InboxFilter } from "../queries.js";
import { processDefinition } from "../registry.js";
import { describeCaseEvent, namesInEvents } from "../history.js";
import { commandContext } from "../routes.js";
import { BASE, CasePage, FiguresPage, InboxPage, type CasePageState } from "./views.js";
import { StaffTaskGroups, type StaffTaskGroup } from "./staffTasks.js";
import { userDisplayName } from "../../accounts/index.js";
import { orgUnitsByIds } from "../../responsibility/index.js";
import { sortGerman } from "../../../platform/i18n/format.js";

type Params = { id: string };
const SCOPES = ["department", "mine", "participation"] as const;

export async function casePages(app: FastifyInstance) {
  const { db } = app.deps;
  const staff = { preHandler: requireStaff };

  app.get<{ Querystring: Record<string, string | undefined> }>(BASE, staff, async (req, reply) => {
    const q = req.query;
    const scope = (SCOPES as readonly string[]).includes(q.ansicht ?? "") ? (q.ansicht as InboxFilter["scope"]) : "department";
    const filter: InboxFilter = {
      scope,
      status: CITIZEN_STATUSES.includes(q.status as CitizenStatus) ? (q.status as CitizenStatus) : undefined,
      service: q.service && /^[a-z0-9-]{1,64}$/.test(q.service) ? q.service : undefined,
      overdue: q.overdue === "1",
      reference: q.reference && /^[A-Za-z0-9-]{1,40}$/.test(q.reference.trim()) ? q.reference.trim().toUpperCase() : undefined,
      after: decodeCursor(q.nach),
      limit: 50,
    };
    const user = req.user!;
    if (q.stelle && user.orgUnitIds.includes(q.stelle)) filter.unitId = q.stelle;
    const [rows, services, units] = await Promise.all([
      listInbox(db, user, filter),
      inboxServices(db, user.orgUnitIds),
      user.orgUnitIds.length > 1 ? orgUnitsByIds(db, user.orgUnitIds).then((units) => sortGerman(units, (u) => u.name).map((u) => ({ id: u.id, name: u.name }))) : Promise.resolve([]),
    ]);
    const items = await Promise.all(rows.map(async (r) => presentCaseListItem(r, await processDefinition(db, r.process_id, r.process_version).catch(() => undefined))));
    const next = rows.length === filter.limit ? encodeCursor(rows[rows.length - 1]!) : null;
    const query = new URLSearchParams(Object.entries({ ansicht: scope, stelle: filter.unitId, status: filter.status, service: filter.service, reference: filter.reference, overdue: filter.overdue ? "1" : undefined }).filter((e): e is [string, string] => !!e[1])).toString();
    // Other modules' open tasks (consents to give …) on the first page, through the module contract.
    const groups: StaffTaskGroup[] = filter.after ? [] : (await Promise.all(app.registry.staffTasks.map(async (src) => ({ label: src.label, tasks: await src.list({ db, user, t: req.t }) })))).filter((g) => g.tasks.length > 0);
    return reply.page(req.t("cases.inbox.title"), (ctx) => <InboxPage ctx={ctx} filter={filter} items={items} next={next} services={services} units={units} query={query} tasks={<StaffTaskGroups ctx={ctx} groups={groups} />} />, { noindex: true });
  });

  app.get(`${BASE}/kennzahlen`, staff, async (req, reply) => {
    const figures = await caseFigures(db);
    return reply.page(req.t("cases.figures.title"), (ctx) => <FiguresPage ctx={ctx} figures={figures} />, { noindex: true });
  });

  const DONE: Record<string, string> = { transition: "cases.done.transition", proposed: "cases.done.proposed", approved: "cases.done.approved", rejected: "cases.done.rejected", assigned: "cases.done.assigned", comment: "cases.done.comment", statement: "cases.done.statement" };

  /** Renders the case page (after an authorization check), optionally with a failed form or a notice. */
  async function renderCase(req: FastifyRequest, reply: FastifyReply, id: string, state: CasePageState = {}, status = 200) {
    const s = await getCaseForStaff(db, id);
    if (!s) return reply.page(req.t("cases.notFound"), () => <p class="kern-body">{req.t("cases.notFound")}</p>, { status: 404, noindex: true });
    const user = req.user!;
    authorize(user, "read", { ...s.case, participantUnitIds: s.participantUnitIds });
    const def = await processDefinition(db, s.case.process_id, s.case.process_version);
    const view = presentCase(s, def, user, today());
    const pendingBy = s.case.pending_approval?.proposedBy;
    const pendingByName = await userDisplayName(db, pendingBy);
    const names = await namesInEvents(db, s.events);
    const history = s.events.map((e) => describeCaseEvent(e, def, req.t, names));
    // Other modules' panels (the E-Akte's file …), after the read check above.
    const panels = (await Promise.all(app.registry.casePanels.map((p) => p.render({ db, caseId: s.case.id, user, t: req.t, locale: req.locale })))).filter((p) => p !== null);
    return reply.page(`${view.reference} – ${view.service}`, (ctx) => <CasePage ctx={ctx} view={view} def={def} members={s.members} userId={user.id} userUnits={user.orgUnitIds} state={state} comments={s.comments} pendingByName={pendingByName} pendingText={s.case.pending_approval?.text ?? null} history={history} panels={panels} />, { status, noindex: true });
  }

  app.get<{ Params: Params; Querystring: { erledigt?: string; schritt?: string } }>(`${BASE}/:id`, staff, async (req, reply) => {
    if (!isUuid(req.params.id)) return renderCase(req, reply, "00000000-0000-0000-0000-000000000000");
    const done = req.query.erledigt && DONE[req.query.erledigt];
    let label = "";
    if (done && req.query.schritt) {
      const s = await db.selectFrom("cases").select(["process_id", "process_version"]).where("id", "=", req.params.id).executeTakeFirst();
      if (s) label = (await processDefinition(db, s.process_id, s.process_version)).transitions.find((t) => t.event === req.query.schritt)?.label ?? "";
    }
    return renderCase(req, reply, req.params.id, done ? { notice: { kind: "success", text: req.t(done, { label }) } } : {});
  });

  /** Maps a failed command to the page: 403/404 as such, 409 with the explanation, 422 with the field error; the typed text is kept. */
  function failed(req: FastifyRequest, reply: FastifyReply, id: string, r: Exclude<TransitionResult | WorkResult, { kind: "ok" } | { kind: "approval_requested" }>, form: string, values: Record<string, string>, field: string) {
    switch (r.kind) {
      case "not_found":
        return renderCase(req, reply, id);
      case "forbidden":
        throw new ForbiddenError(r.message);
      case "illegal":
      case "stale":
        return renderCase(req, reply, id, { notice: { kind: "danger", text: r.message }, failed: { form, state: { values, errors: {} } } }, 409);
      case "invalid":
        return renderCase(req, reply, id, { failed: { form, state: { values, errors: { [field]: r.message } } } }, 422);
    }
  }

  const version = (v: string) => (/^\d{1,9}$/.test(v) ? Number(v) : -1);

  app.post<{ Params: Params }>(`${BASE}/:id/schritt`, staff, async (req, reply) => {
    const id = req.params.id;
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const event = typeof raw.event === "string" ? raw.event.slice(0, 64) : "";
    const field = `text-${event}`;
    const text = readForm(raw, [field])[field] ?? "";
    const v = readForm(raw, ["version"]);
    if (!isUuid(id)) return renderCase(req, reply, "00000000-0000-0000-0000-000000000000");
    // Departments chosen with checkboxes (the form marks that it had the choice, so none ticked means none).
    const chosen = raw["beteiligung-auswahl"] === "1" ? [raw.beteiligt].flat().filter((k): k is string => typeof k === "string").slice(0, 50) : undefined;
    const r = await caseTransitioner(commandContext(req), { caseId: id, event, version: version(v.version), text: text || undefined, user: req.user!, ...(chosen ? { participants: chosen } : {}) });
    if (r.kind === "ok") return reply.redirect(`${BASE}/${id}?erledigt=transition&schritt=${encodeURIComponent(event)}`, 303);
    if (r.kind === "approval_requested") return reply.redirect(`${BASE}/${id}?erledigt=proposed&schritt=${encodeURIComponent(event)}`, 303);
    return failed(req, reply, id, r, event, { [field]: text, ...(chosen ? { beteiligt: chosen.join(" ") } : {}) }, r.kind === "invalid" && r.field === "participants" ? "beteiligt" : field);
  });

  app.post<{ Params: Params }>(`${BASE}/:id/freigabe`, staff, async (req, reply) => {
    const id = req.params.id;
    const f = readForm(req.body, ["version", "decision", "note"]);
    if (!isUuid(id)) return renderCase(req, reply, "00000000-0000-0000-0000-000000000000");
    const decision = f.decision === "reject" ? "reject" : "approve";
    const r = await caseApprover(commandContext(req), { caseId: id, version: version(f.version), decision, note: f.note || undefined, user: req.user! });
    if (r.kind === "ok" || r.kind === "approval_requested") return reply.redirect(`${BASE}/${id}?erledigt=${decision === "approve" ? "approved" : "rejected"}`, 303);
    return failed(req, reply, id, r, "approval", { note: f.note }, "note");
  });

  app.post<{ Params: Params }>(`${BASE}/:id/zuweisung`, staff, async (req, reply) => {
    const id = req.params.id;
    const f = readForm(req.body, ["version", "assignee"]);
    if (!isUuid(id)) return renderCase(req, reply, "00000000-0000-0000-0000-000000000000");
    if (f.assignee && !isUuid(f.assignee)) return failed(req, reply, id, { kind: "invalid", message: "Bitte wählen Sie eine Person der zuständigen Stelle." }, "assign", f, "assignee");
    const r = await caseAssigner(commandContext(req), { caseId: id, version: version(f.version), assigneeId: f.assignee || null, user: req.user! });
    if (r.kind === "ok") return reply.redirect(`${BASE}/${id}?erledigt=assigned`, 303);
    return failed(req, reply, id, r, "assign", f, "assignee");
  });

  app.post<{ Params: Params }>(`${BASE}/:id/kommentar`, staff, async (req, reply) => {
    const id = req.params.id;
    const f = readForm(req.body, ["body"]);
    if (!isUuid(id)) return renderCase(req, reply, "00000000-0000-0000-0000-000000000000");
    const r = await commentAdder(commandContext(req), { caseId: id, body: f.body, user: req.user! });
    if (r.kind === "ok") return reply.redirect(`${BASE}/${id}?erledigt=comment#comments-heading`, 303);
    return failed(req, reply, id, r, "comment", f, "body");
  });

  app.post<{ Params: Params & { pid: string } }>(`${BASE}/:id/beteiligung/:pid`, staff, async (req, reply) => {
    const { id, pid } = req.params;
    if (!isUuid(id) || !isUuid(pid)) return renderCase(req, reply, "00000000-0000-0000-0000-000000000000");
    const resultField = `result-${pid}`;
    const statementField = `statement-${pid}`;
    const f = readForm(req.body, [resultField, statementField]);
    const result = f[resultField] as StatementResult;
    const form = `statement:${pid}`;
    if (!STATEMENT_RESULTS.includes(result)) {
      // Authorization first: only then tell what is missing.
      const s = await getCaseForStaff(db, id);
      if (s) authorize(req.user, "read", { ...s.case, participantUnitIds: s.participantUnitIds });
      return renderCase(req, reply, id, { failed: { form, state: { values: f, errors: { [resultField]: "Bitte wählen Sie ein Ergebnis." } } } }, 422);
    }
    const r = await statementGiver(commandContext(req), { caseId: id, participationId: pid, result, statement: f[statementField] ?? "", user: req.user! });
    if (r.kind === "ok") return reply.redirect(`${BASE}/${id}?erledigt=statement`, 303);
    if (r.kind === "invalid") return renderCase(req, reply, id, { failed: { form, state: { values: f, errors: { [r.field === "result" ? resultField : statementField]: r.message } } } }, 422);
    return failed(req, reply, id, r, form, f, statementField);
  });

  async function readableCase(req: FastifyRequest, id: string) {
    const s = await getCaseForStaff(db, id);
    if (!s) return undefined;
    authorize(req.user, "read", { ...s.case, participantUnitIds: s.participantUnitIds });
    return s;
  }

  app.get<{ Params: Params & { docId: string } }>(`${BASE}/:id/dokumente/:docId`, staff, async (req, reply) => {
    const s = await readableCase(req, req.params.id);
    const doc = s && (await getCaseDocument(db, s.case.id, req.params.docId));
    if (!doc) return reply.page(req.t("cases.notFound"), () => <p class="kern-body">{req.t("cases.notFound")}</p>, { status: 404, noindex: true });
    return reply.type(doc.mediaType).header("Content-Disposition", `inline; filename="${doc.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`).header("Cache-Control", "no-store").send(doc.content);
  });

  /** The notice a pending four-eyes decision would issue, as a draft for the approver (nothing stored). */
  app.get<{ Params: Params }>(`${BASE}/:id/bescheid-entwurf.pdf`, staff, async (req, reply) => {
    const s = isUuid(req.params.id) ? await readableCase(req, req.params.id) : undefined;
    const pdf = s && (await draftNoticePdf(db, s.case as unknown as CaseRow, await processDefinition(db, s.case.process_id, s.case.process_version)));
    if (!s || !pdf) return reply.page(req.t("cases.notFound"), () => <p class="kern-body">{req.t("cases.notFound")}</p>, { status: 404, noindex: true });
    return reply.type("application/pdf").header("Content-Disposition", `inline; filename="Entwurf-${s.case.reference}.pdf"`).header("Cache-Control", "no-store").send(pdf);
  });

  // GET ${BASE}/:id/antrag.pdf|json (the submission's own documents) are served by the applications module.
}
