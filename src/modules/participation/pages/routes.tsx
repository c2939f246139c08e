import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm, rules, validate } from "../../../platform/forms.js";
import { findFile, fileStoreFor, refusalMessage, sanitizeFileName, sendStoredFile, storeUpload, uploadClientKey } from "../../../platform/files/index.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { triggerJob } from "../../../platform/jobs/index.js";
import { translatorFor } from "../../../platform/i18n/index.js";
import { berlinToUtc, addDays, berlinDate, isDate } from "../../../platform/time/berlin.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { findMunicipality, listMunicipalities, servedKreise } from "../../geo/index.js";
import { authorityKey, orgUnitsByKeys } from "../../responsibility/index.js";
import { statementAccessRecorder, statementAttachmentRecorder, statementViewRecorder } from "../commands/considerationRecorder.js";
import { agencyInviter, agencyMailRef } from "../commands/agencyWork.js";
import { weighingRecorder } from "../commands/weighing.js";
import { parseCoordinate, pointInArea } from "../agencies.js";
import { participationAgencyMessages } from "../agencyMessages.js";
import { AgencySection, agencyInviteLabels } from "./agencyViews.js";
import { readWeighForm } from "./agencyRoutes.js";
import { invitedListedAgencyIds, listAgencyList, listedAgencyLabel, listInvitations, weighingPublishedAt } from "../queries.js";
import { documentAdder } from "../commands/documentAdder.js";
import { procedureCreator } from "../commands/procedureCreator.js";
import { statementSubmitter } from "../commands/statementSubmitter.js";
import { PHASE_KINDS, PROCEDURE_KINDS, type PhaseKind, type ProcedureKind } from "../db.js";
import { participationMessages } from "../messages.js";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, ATTACHMENTS_MAX } from "../attachments.js";
import { authorizeManage, canCreateFor, canManageProcedure } from "../policies.js";
import { agencyInvitationMail, csvSafe, endParts, periodText, receiptMail } from "../presenters.js";
import { findDocument, findProcedure, findStatement, statementAttachments, listProcedures, listStatements, openPhase, statementCounts, type ProcedureDetail } from "../queries.js";
import { NewProcedurePage, ProcedureListPage, ProcedurePage, ReceiptPage, StaffListPage, StaffProcedurePage, StatementFormPage, StatementPage } from "./views.js";
import { toCsv } from "../../../platform/csv.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { planStorer } from "../commands/planStorer.js";
import { findPlan, findPlanDocument, findPlanWarnings } from "../queries.js";
import type { XPlanProblem } from "../xplan/validate.js";
import { allowTileImages, checkPlanUpload } from "./planUpload.js";
import { PLAN_MAX_BYTES, PlanSection, PlanUploadSection } from "./planViews.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const mailText = translatorFor(participationMessages);
const agencyMailT = translatorFor(participationMessages, participationAgencyMessages)("de");
const BODY_MAX = 20_000;

/** Public pages (/beteiligung…) and the staff side (/verwaltung/beteiligung…). */
export async function participationPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const tileUrl = config.roadworks.tileUrl;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });

  /** AGS → short name of the served municipalities, and the list for selects (geo caches the list: master data). */
  async function places() {
    const list = (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name, ars: m.ars }));
    return { list, names: new Map(list.map((m) => [m.ags, m.name])) };
  }

  /** One municipality's short name (one row, not the whole list). */
  const municipalityName = async (ags: string) => (await findMunicipality(db, ags))?.short_name ?? ags;

  const receiptCode = (reference: string) => createHmac("sha256", config.sessionSecret).update(`participation-receipt:${reference}`).digest("base64url").slice(0, 22);
  const validCode = (reference: string, code: unknown) => {
    if (typeof code !== "string") return false;
    const a = Buffer.from(receiptCode(reference));
    const b = Buffer.from(code);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  // ---- Public side.
  app.get<{ Querystring: { gemeinde?: string } }>("/beteiligung", async (req, reply) => {
    const { list, names } = await places();
    const ags = typeof req.query.gemeinde === "string" && names.has(req.query.gemeinde) ? req.query.gemeinde : "";
    const procedures = await listProcedures(db, ags ? { ags } : {});
    const withProcedures = list.filter((m) => procedures.some((p) => p.ags === m.ags) || m.ags === ags);
    return reply.page(req.t("participation.list.title"), (ctx) => <ProcedureListPage ctx={ctx} procedures={procedures} names={names} places={ags ? withProcedures : list.filter((m) => procedures.some((p) => p.ags === m.ags))} ags={ags} now={new Date()} />);
  });

  async function loadPublic(req: FastifyRequest<{ Params: { slug: string } }>) {
    const p = await findProcedure(db, { slug: req.params.slug });
    const municipality = p ? await municipalityName(p.ags) : "";
    return { p, municipality };
  }

  app.get<{ Params: { slug: string } }>("/beteiligung/:slug", async (req, reply) => {
    const { p, municipality } = await loadPublic(req);
    if (!p) return reply.callNotFound();
    const manageHref = canManageProcedure(req.user, p) ? `/verwaltung/beteiligung/${p.id}` : undefined;
    const [plan, publishedAt] = await Promise.all([findPlan(db, p.id), weighingPublishedAt(db, p.id)]);
    if (plan?.area) allowTileImages(reply, tileUrl);
    const resultHref = publishedAt ? `/beteiligung/${p.slug}/abwaegung` : undefined;
    return reply.page(p.title, (ctx) => <ProcedurePage ctx={ctx} p={p} municipality={municipality} now={new Date()} manageHref={manageHref} resultHref={resultHref} plan={plan && <PlanSection ctx={ctx} p={p} plan={plan} tileUrl={tileUrl} />} />);
  });

  app.get<{ Params: { slug: string } }>("/beteiligung/:slug/plan.gml", async (req, reply) => {
    const p = await findProcedure(db, { slug: req.params.slug });
    const gml = p && (await findPlanDocument(db, p.id));
    if (!p || !gml) return reply.callNotFound();
    return reply
      .type("application/gml+xml; charset=utf-8")
      .header("Content-Disposition", `attachment; filename="xplan-${p.slug}.gml"`)
      .header("X-Content-Type-Options", "nosniff")
      .header("Content-Security-Policy", "default-src 'none'; sandbox")
      .send(gml);
  });

  app.get<{ Params: { slug: string; id: string } }>("/beteiligung/:slug/unterlagen/:id", async (req, reply) => {
    const p = await findProcedure(db, { slug: req.params.slug });
    const doc = p && (await findDocument(db, p.id, req.params.id));
    const file = doc && (await findFile(db, doc.file_id));
    if (!file) return reply.callNotFound();
    return sendStoredFile(reply, file, fileStoreFor(config.files));
  });

  const renderForm = async (req: FastifyRequest, reply: FastifyReply, p: ProcedureDetail, municipality: string, form: FormState, status = 200) => {
    const now = new Date();
    const hasPlan = !!(await findPlan(db, p.id))?.area;
    const phase = openPhase(p.phases, now);
    // Outside the period: the procedure page with the German explanation (end time stated), no form.
    if (!phase) return reply.page(p.title, (ctx) => <ProcedurePage ctx={ctx} p={p} municipality={municipality} now={now} />, { status: status === 200 ? 200 : 409 });
    if (hasPlan) allowTileImages(reply, tileUrl);
    return reply.page(req.t("participation.form.title", { title: p.title }), (ctx) => <StatementFormPage ctx={ctx} p={p} phase={phase} form={form} hasPlan={hasPlan} tileUrl={tileUrl} />, { status });
  };

  app.get<{ Params: { slug: string }; Querystring: { unterlage?: string; stelle?: string } }>("/beteiligung/:slug/stellungnahme", async (req, reply) => {
    const { p, municipality } = await loadPublic(req);
    if (!p) return reply.callNotFound();
    // Prefilled place from the PDF viewer (click-to-place): a document of this procedure, page/paragraph ≤ 200 characters.
    const { unterlage, stelle } = req.query;
    return renderForm(req, reply, p, municipality, emptyForm({ unterlage: p.documents.some((d) => d.id === unterlage) ? unterlage! : "", stelle: typeof stelle === "string" ? stelle.slice(0, 200) : "" }));
  });

  app.post<{ Params: { slug: string } }>("/beteiligung/:slug/stellungnahme", { config: writeLimit }, async (req, reply) => {
    const { p, municipality } = await loadPublic(req);
    if (!p) return reply.callNotFound();
    const values = readForm(req.body, ["text", "name", "strasse", "plz", "ort", "email", "unterlage", "stelle", "breite", "laenge"] as const);
    const anonymous = !req.user;
    const req_ = (key: string) => (anonymous ? [rules.required(key)] : []);
    const form = validate(
      values,
      {
        text: [rules.required("participation.error.bodyShort"), rules.minLength(10), rules.maxLength(BODY_MAX)],
        name: [...req_("participation.error.name"), rules.maxLength(200)],
        strasse: [...req_("participation.error.street"), rules.maxLength(200)],
        plz: [...req_("participation.error.postcode"), (v, t) => (v !== "" && !/^[0-9]{5}$/.test(v) ? t("participation.error.postcode") : undefined)],
        ort: [...req_("participation.error.city"), rules.maxLength(100)],
        email: [rules.email(), rules.maxLength(254)],
        stelle: [rules.maxLength(200)],
      },
      req.t,
    );
    const place = await readPlace(req, p, values, form);
    if (form.errors.text === req.t("validation.minLength", { n: 10 })) form.errors.text = req.t("participation.error.bodyShort");
    if (anonymous && values.name.length > 0 && values.name.length < 2) form.errors.name = req.t("participation.error.name");
    const files = (req.uploads ?? []).filter((f) => f.field === "anlagen");
    if (files.length > ATTACHMENTS_MAX) form.errors.anlagen = req.t("participation.attachments.error.count", { n: ATTACHMENTS_MAX });
    const phase = openPhase(p.phases, new Date());
    if (!phase) return renderForm(req, reply, p, municipality, form, 409);
    if (Object.keys(form.errors).length) {
      // A browser never keeps chosen files; say so at the field (the typed text is kept).
      if (files.length && !form.errors.anlagen) form.errors.anlagen = req.t("participation.attachments.error.again");
      return renderForm(req, reply, p, municipality, form, 422);
    }
    // Each attachment through the platform file service (type by content, size, quota, scanner); unlinked ones are purged.
    const fileIds: string[] = [];
    for (const f of files) {
      const stored = await storeUpload(ctxOf(req), config, f, { accept: ATTACHMENT_TYPES, maxBytes: ATTACHMENT_MAX_BYTES, uploaderId: req.user?.id ?? null, purpose: "participation-statement", retainUntil: new Date(Date.now() + 86_400_000), client: uploadClientKey(req.actor(), req.ip) });
      if (!stored.ok) {
        form.errors.anlagen = req.t("participation.attachments.error.file", { name: sanitizeFileName(f.fileName), reason: refusalMessage(req.t, stored.reason, { accept: ATTACHMENT_TYPES, maxBytes: Math.min(ATTACHMENT_MAX_BYTES, config.files.maxBytes), maxRequestBytes: config.files.maxRequestBytes }) });
        return renderForm(req, reply, p, municipality, form, stored.reason === "quota" ? 429 : 422);
      }
      fileIds.push(stored.file.id);
    }
    const name = anonymous ? values.name : req.user!.displayName.slice(0, 200).padEnd(2, " ");
    const email = values.email || null;
    const locale = req.locale;
    const result = await statementSubmitter(ctxOf(req), {
      procedureId: p.id,
      phaseId: phase.id,
      userId: req.user?.id ?? null,
      name,
      street: values.strasse,
      postcode: values.plz,
      city: values.ort,
      email,
      body: values.text,
      locale,
      place,
      fileIds,
      receipt: (reference, at) => receiptMail(mailText(locale), locale, { reference, at, name, title: p.title, municipality, body: values.text, url: `${config.publicUrl}/beteiligung/${p.slug}` }),
    });
    // The database refused it: the period ended between the check above and the insert.
    if (!result.ok) return renderForm(req, reply, p, municipality, form, 409);
    if (email) await deliverQueuedMails(db, app.deps.mailer, { refs: [result.reference] }).catch((err: unknown) => req.log.warn({ err }, "participation receipt mail deferred"));
    return reply.redirect(`/beteiligung/${p.slug}/eingang/${result.reference}?code=${receiptCode(result.reference)}${email ? "&mail=1" : ""}`, 303);
  });

  app.get<{ Params: { slug: string; reference: string }; Querystring: { code?: string; mail?: string } }>("/beteiligung/:slug/eingang/:reference", async (req, reply) => {
    const { p } = await loadPublic(req);
    const s = p && validCode(req.params.reference, req.query.code) ? await findStatement(db, req.params.reference) : undefined;
    if (!p || !s || s.procedureId !== p.id) return reply.callNotFound();
    return reply.page(req.t("participation.receipt.title"), (ctx) => <ReceiptPage ctx={ctx} p={p} reference={s.reference} at={s.submittedAt} mailed={req.query.mail === "1"} />, { noindex: true });
  });

  /**
   * The optional place of a statement: a document of this procedure with page/paragraph as text, and/or a map
   * point (WGS84 decimal degrees) inside the plan's area. Errors go to `form.errors`.
   */
  async function readPlace(req: FastifyRequest, p: ProcedureDetail, values: Record<"unterlage" | "stelle" | "breite" | "laenge", string>, form: FormState) {
    const documentId = values.unterlage === "" ? null : values.unterlage;
    if (documentId && !p.documents.some((d) => d.id === documentId)) form.errors.unterlage = req.t("participation.place.error.document");
    let lat: number | null = null;
    let lon: number | null = null;
    if (values.breite !== "" || values.laenge !== "") {
      const a = parseCoordinate(values.breite, 90);
      const b = parseCoordinate(values.laenge, 180);
      const plan = await findPlan(db, p.id);
      if (!plan?.area) form.errors.breite = req.t("participation.place.error.noPlan");
      else if (a === undefined || b === undefined) form.errors[a === undefined ? "breite" : "laenge"] = req.t("participation.place.error.coordinate");
      else if (!pointInArea(plan.area, a, b)) form.errors.breite = req.t("participation.place.error.outside");
      else [lat, lon] = [a, b];
    }
    return { documentId: form.errors.unterlage ? null : documentId, text: values.stelle.trim() === "" ? null : values.stelle.trim(), lat, lon };
  }

  // ---- Staff side.
  /** The municipalities the user may create procedures for (their org units; administrators all). */
  async function creatablePlaces(req: FastifyRequest) {
    const { list } = await places();
    const units = await orgUnitsByKeys(db, list.map((m) => authorityKey(m.ags)));
    const unitOf = new Map(units.map((u) => [u.key, u.id]));
    return list.flatMap((m) => {
      const unitId = unitOf.get(authorityKey(m.ags));
      return unitId && canCreateFor(req.user, unitId) ? [{ ...m, unitId }] : [];
    });
  }

  app.get<{ Querystring: { angelegt?: string } }>("/verwaltung/beteiligung", { preHandler: requireStaff }, async (req, reply) => {
    const user = req.user!;
    const procedures = await listProcedures(db, user.isAdmin ? {} : { orgUnitIds: user.orgUnitIds });
    const [counts, { names }, creatable] = await Promise.all([statementCounts(db, procedures.map((p) => p.id)), places(), creatablePlaces(req)]);
    return reply.page(req.t("participation.staff.title"), (ctx) => <StaffListPage ctx={ctx} procedures={procedures} counts={counts} names={names} canCreate={creatable.length > 0} now={new Date()} />, { noindex: true });
  });

  app.get("/verwaltung/beteiligung/neu", { preHandler: requireStaff }, async (req, reply) => {
    const list = await creatablePlaces(req);
    return reply.page(req.t("participation.staff.newTitle"), (ctx) => <NewProcedurePage ctx={ctx} form={emptyForm({ phase: "display" })} places={list} />, { noindex: true });
  });

  app.post("/verwaltung/beteiligung/neu", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const list = await creatablePlaces(req);
    const values = readForm(req.body, ["titel", "art", "gemeinde", "beschreibung", "phase", "von", "bis", "bekanntmachung"] as const);
    const form = validate(values, { titel: [rules.required(), rules.minLength(3), rules.maxLength(200)], beschreibung: [rules.maxLength(20000)], bekanntmachung: [rules.maxLength(10000)] }, req.t);
    if (!PROCEDURE_KINDS.includes(values.art as ProcedureKind)) form.errors.art = req.t("participation.staff.error.choice");
    if (!PHASE_KINDS.includes(values.phase as PhaseKind)) form.errors.phase = req.t("participation.staff.error.choice");
    const place = list.find((m) => m.ags === values.gemeinde);
    if (!place) form.errors.gemeinde = req.t("participation.staff.error.municipality");
    const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    for (const f of ["von", "bis"] as const) if (!isDate(values[f])) form.errors[f] = req.t("participation.staff.error.date");
    if (!form.errors.von && !form.errors.bis && values.bis < values.von) form.errors.bis = req.t("participation.staff.error.order");
    if (Object.keys(form.errors).length || !place) return reply.page(req.t("participation.staff.newTitle"), (ctx) => <NewProcedurePage ctx={ctx} form={form} places={list} />, { status: 422, noindex: true });
    const created = await procedureCreator(ctxOf(req), {
      kind: values.art as ProcedureKind,
      title: values.titel,
      description: values.beschreibung,
      ags: place.ags,
      ars: place.ars,
      orgUnitId: place.unitId,
      phases: [{ kind: values.phase as PhaseKind, startsAt: berlinToUtc(values.von, 0), endsAt: berlinToUtc(addDays(values.bis, 1), 0), announcement: values.bekanntmachung }],
    });
    return reply.redirect(`/verwaltung/beteiligung/${created.id}?angelegt=1`, 303);
  });

  async function loadStaff(req: FastifyRequest<{ Params: { id: string } }>) {
    const p = await findProcedure(db, { id: req.params.id });
    authorizeManage(req.user, p);
    const municipality = await municipalityName(p.ags);
    return { p, municipality };
  }

  /** Active master-list agencies not invited to this procedure yet (ADR 0064). */
  const offeredAgencies = async (procedureId: string) => {
    const [active, invited] = await Promise.all([listAgencyList(db, { activeOnly: true }), invitedListedAgencyIds(db, procedureId)]);
    return active.filter((a) => !invited.has(a.id));
  };

  const renderStaffProcedure = async (req: FastifyRequest, reply: FastifyReply, p: ProcedureDetail, municipality: string, form: FormState, status = 200, notice?: string, problems?: XPlanProblem[], agencyForm: FormState = emptyForm()) => {
    const [statements, plan, warnings, invitations, listed] = await Promise.all([listStatements(db, p.id), findPlan(db, p.id), findPlanWarnings(db, p.id), listInvitations(db, p.id), offeredAgencies(p.id)]);
    const planSlot = (ctx: ViewContext) => <PlanUploadSection ctx={ctx} p={p} plan={plan} warnings={warnings} error={form.errors.xplan} problems={problems} />;
    const agencySlot = (ctx: ViewContext) => <AgencySection ctx={ctx} p={p} invitations={invitations} form={agencyForm} now={new Date()} listed={listed} />;
    const allForms: FormState = { values: { ...agencyForm.values, ...form.values }, errors: { ...form.errors, ...agencyForm.errors } };
    const labels = agencyInviteLabels(req.t);
    return reply.page(req.t("participation.staff.procedure", { title: p.title }), (ctx) => <StaffProcedurePage ctx={ctx} p={p} municipality={municipality} statements={statements} form={allForms} extraLabels={labels} notice={notice} now={new Date()} plan={planSlot(ctx)} agencies={agencySlot(ctx)} />, { status, noindex: true });
  };

  app.get<{ Params: { id: string }; Querystring: { angelegt?: string; hochgeladen?: string; plan?: string; eingeladen?: string; bearbeitet?: string; erneut?: string } }>("/verwaltung/beteiligung/:id", { preHandler: requireStaff }, async (req, reply) => {
    const { p, municipality } = await loadStaff(req);
    const q = req.query;
    const edited = q.bearbeitet === "1" ? req.t("participation.edit.saved") : q.bearbeitet === "0" ? req.t("participation.edit.unchanged") : q.erneut === "1" ? (q.eingeladen && /^\d{1,4}$/.test(q.eingeladen) ? req.t("participation.redisplay.agenciesInvited", { n: q.eingeladen }) : req.t("participation.redisplay.started")) : undefined;
    const notice = edited !== undefined ? edited : q.angelegt === "1" ? req.t("participation.staff.created") : q.hochgeladen === "1" ? req.t("participation.staff.uploaded") : q.plan === "1" ? req.t("participation.plan.uploaded") : q.eingeladen === "1" ? req.t("participation.agency.invited") : q.eingeladen !== undefined && /^[0-9]{1,3}$/.test(q.eingeladen) ? req.t("participation.agencyList.invited", { n: q.eingeladen }) : undefined;
    return renderStaffProcedure(req, reply, p, municipality, emptyForm(), 200, notice);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/unterlagen", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const { p, municipality } = await loadStaff(req);
    const values = readForm(req.body, ["titel"] as const);
    const form = validate(values, { titel: [rules.required(), rules.maxLength(200)] }, req.t);
    const upload = (req.uploads ?? []).find((f) => f.field === "datei");
    if (!upload) form.errors.datei = req.t("participation.staff.uploadMissing");
    if (Object.keys(form.errors).length || !upload) return renderStaffProcedure(req, reply, p, municipality, form, 422);
    const accept = ["application/pdf"] as const;
    const stored = await storeUpload(ctxOf(req), config, upload, { accept, uploaderId: req.user!.id, purpose: "participation-document", retainUntil: new Date(Date.now() + 86_400_000), client: uploadClientKey(req.actor(), req.ip) });
    if (!stored.ok) {
      form.errors.datei = refusalMessage(req.t, stored.reason, { accept, maxBytes: config.files.maxBytes, maxRequestBytes: config.files.maxRequestBytes });
      return renderStaffProcedure(req, reply, p, municipality, form, stored.reason === "quota" ? 429 : 422);
    }
    // The text per page for readers without JavaScript is read by the job (OCR for scanned pages), not in this request.
    await documentAdder(ctxOf(req), { procedureId: p.id, fileId: stored.file.id, title: values.titel, addedBy: req.user!.id });
    await triggerJob(app, "participation-document-text", { requestId: req.id }).catch(() => undefined);
    return reply.redirect(`/verwaltung/beteiligung/${p.id}?hochgeladen=1`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/plan", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const { p, municipality } = await loadStaff(req);
    const form = emptyForm();
    const checked = await checkPlanUpload(req.t, (req.uploads ?? []).find((f) => f.field === "xplan"), Math.min(PLAN_MAX_BYTES, config.files.maxBytes));
    if (!checked.ok) {
      form.errors.xplan = checked.error;
      return renderStaffProcedure(req, reply, p, municipality, form, 422, undefined, checked.problems);
    }
    await planStorer(ctxOf(req), { procedureId: p.id, gml: checked.gml, plan: checked.plan, warnings: checked.warnings, uploadedBy: req.user!.id });
    return reply.redirect(`/verwaltung/beteiligung/${p.id}?plan=1`, 303);
  });

  // ---- Staff: invite agencies (TÖB, § 4 BauGB) by token link: picked from the county's list (ADR 0064) and/or one typed.
  app.post<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/toeb", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const { p, municipality } = await loadStaff(req);
    const values = readForm(req.body, ["behoerde", "toeb_email", "frist"] as const);
    const raw = (req.body as Record<string, unknown> | undefined)?.traeger;
    const pickedIds = [...new Set((Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === "string" && x !== ""))];
    const offered = await offeredAgencies(p.id);
    // The typed agency is checked when something is typed or nothing is picked.
    const oneOff = values.behoerde !== "" || values.toeb_email !== "" || pickedIds.length === 0;
    const nameMissing = offered.length > 0 ? "participation.agencyList.error.pick" : "participation.agency.error.name";
    const form = validate({ ...values, traeger: pickedIds.join(" ") }, oneOff ? { behoerde: [rules.required(nameMissing), rules.minLength(2), rules.maxLength(200)], toeb_email: [rules.required(), rules.email(), rules.maxLength(254)] } : {}, req.t);
    if (!isDate(values.frist) || values.frist < berlinDate(new Date())) form.errors.frist = req.t("participation.agency.error.lastDay");
    const picked = pickedIds.map((id) => offered.find((a) => a.id === id));
    if (picked.some((a) => !a)) form.errors.traeger = req.t("participation.agencyList.error.picked");
    if (Object.keys(form.errors).length) return renderStaffProcedure(req, reply, p, municipality, emptyForm(), 422, undefined, undefined, form);
    const mail = agencyInvitationMail(agencyMailT, { title: p.title, municipality, county: app.deps.county.name, publicUrl: config.publicUrl });
    const invitees = [...picked.map((a) => ({ agencyId: a!.id, agencyName: listedAgencyLabel(a!), email: a!.email })), ...(oneOff ? [{ agencyId: null, agencyName: values.behoerde, email: values.toeb_email }] : [])];
    const refs: string[] = [];
    for (const x of invitees) {
      try {
        const result = await agencyInviter(ctxOf(req), { procedureId: p.id, ...x, lastDay: values.frist, graceDays: config.participation.agencyGraceDays, invitedBy: req.user!.id, mail });
        refs.push(agencyMailRef(result.id));
      } catch (err) {
        // A listed agency invited meanwhile (double submit): the unique index refused the second invitation.
        if ((err as { code?: string }).code !== "23505") throw err;
      }
    }
    await deliverQueuedMails(db, app.deps.mailer, { refs }).catch((err: unknown) => req.log.warn({ err }, "agency invitation mail deferred"));
    return reply.redirect(`/verwaltung/beteiligung/${p.id}?eingeladen=${refs.length}#toeb-heading`, 303);
  });

  app.get<{ Params: { id: string } }>("/verwaltung/beteiligung/:id/stellungnahmen.csv", { preHandler: requireStaff }, async (req, reply) => {
    const { p } = await loadStaff(req);
    const rows = await listStatements(db, p.id);
    await statementAccessRecorder(ctxOf(req), { procedureId: p.id, action: "exported", count: rows.length });
    const t = req.t;
    const csv = toCsv(
      [t("participation.staff.col.reference"), t("participation.staff.col.submitted"), t("participation.staff.col.phase"), t("participation.staff.col.author"), t("participation.staff.col.address"), t("participation.staff.col.email"), t("participation.staff.col.account"), t("participation.staff.col.body"), t("participation.staff.col.decision"), t("participation.staff.col.consideration"), t("participation.staff.col.considered")],
      rows.map((s) =>
        [
          s.reference,
          s.submittedAt.toISOString(),
          t("participation.staff.phaseGroup", { phase: t(`participation.phase.${s.phaseKind}`), period: periodText(t, s.phase) }),
          s.name,
          [s.street, [s.postcode, s.city].filter(Boolean).join(" ")].filter(Boolean).join(", "),
          s.email ?? "",
          t(s.userId ? "participation.staff.withAccount" : "participation.staff.withoutAccount"),
          s.body,
          t(`participation.decision.${s.decision ?? "none"}`),
          s.consideration ?? "",
          s.consideredAt?.toISOString() ?? "",
        ].map(csvSafe),
      ),
    );
    return reply
      .type("text/csv; charset=utf-8")
      .header("Content-Disposition", `attachment; filename="stellungnahmen-${p.slug}.csv"`)
      .header("Cache-Control", "no-store")
      .send(`\uFEFF${csv}`);
  });

  async function loadStatement(req: FastifyRequest<{ Params: { id: string; reference: string } }>) {
    const { p } = await loadStaff(req);
    const s = await findStatement(db, req.params.reference);
    if (!s || s.procedureId !== p.id) return { p, s: undefined };
    return { p, s };
  }

  app.get<{ Params: { id: string; reference: string }; Querystring: { gespeichert?: string } }>("/verwaltung/beteiligung/:id/stellungnahmen/:reference", { preHandler: requireStaff }, async (req, reply) => {
    const { p, s } = await loadStatement(req);
    if (!s) return reply.callNotFound();
    await statementViewRecorder(ctxOf(req), { statementId: s.id, reference: s.reference, procedureId: p.id });
    const form = emptyForm({ thema: s.topic ?? "", entscheidung: s.decision ?? "", begruendung: s.consideration ?? "" });
    const [published, files] = await Promise.all([weighingPublishedAt(db, p.id).then((x) => x !== null), statementAttachments(db, [s.id])]);
    return reply.page(req.t("participation.staff.statement", { reference: s.reference }), (ctx) => <StatementPage ctx={ctx} p={p} s={s} form={form} saved={req.query.gespeichert === "1"} published={published} attachments={files.get(s.id)} />, { noindex: true });
  });

  // An attachment of a statement, for the procedure's staff only (always a download; opening it is audited).
  app.get<{ Params: { id: string; reference: string; file: string } }>("/verwaltung/beteiligung/:id/stellungnahmen/:reference/anlagen/:file", { preHandler: requireStaff }, async (req, reply) => {
    const { p, s } = await loadStatement(req);
    const attachment = s && (await statementAttachments(db, [s.id])).get(s.id)?.find((f) => f.fileId === req.params.file);
    const file = attachment && (await findFile(db, attachment.fileId));
    if (!s || !file) return reply.callNotFound();
    await statementAttachmentRecorder(ctxOf(req), { statementId: s.id, procedureId: p.id, fileId: file.id });
    return sendStoredFile(reply, file, fileStoreFor(config.files));
  });

  app.post<{ Params: { id: string; reference: string } }>("/verwaltung/beteiligung/:id/stellungnahmen/:reference", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const { p, s } = await loadStatement(req);
    if (!s) return reply.callNotFound();
    const { form, topic, decision } = readWeighForm(req.body, req.t);
    const files = await statementAttachments(db, [s.id]);
    const page = (status: number, published: boolean) => reply.page(req.t("participation.staff.statement", { reference: s.reference }), (ctx) => <StatementPage ctx={ctx} p={p} s={s} form={form} saved={false} published={published} attachments={files.get(s.id)} />, { status, noindex: true });
    if ((await weighingPublishedAt(db, p.id)) !== null) return page(409, true);
    if (Object.keys(form.errors).length) return page(422, false);
    const result = await weighingRecorder(ctxOf(req), { procedureId: p.id, item: { kind: "statement", id: s.id }, topic, decision, consideration: form.values.begruendung!, staffId: req.user!.id });
    if (!result.ok) return page(409, true);
    return reply.redirect(`/verwaltung/beteiligung/${p.id}/stellungnahmen/${s.reference}?gespeichert=1`, 303);
  });
}
