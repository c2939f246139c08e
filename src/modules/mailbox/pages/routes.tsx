import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireLogin, requireStaff } from "../../../platform/auth/guards.js";
import { verifyCapability } from "../../../platform/auth/capabilities.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm } from "../../../platform/forms.js";
import { triggerJob } from "../../../platform/jobs/index.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { contentDisposition, DEFAULT_ACCEPT, fileStoreFor, formatBytes, findFile, refusalMessage, sendStoredFile, storeUpload, uploadClientKey } from "../../../platform/files/index.js";
import { listSubmissionFiles, STATUS_CAPABILITY, submissionDocument } from "../../applications/index.js";
import { CaseRefusedError, caseHrefFor, caseInfo, caseInfoByReferenceAlongside, staffAccess, type CaseInfo } from "../caseLink.js";
import { counterHitStatement, enforceLimit, hitCounter, routeLimitKey } from "../../../platform/http/rateLimitStore.js";
import { getCaseDocument, listCaseDocuments, staffCaseHistory } from "../../cases/index.js";
import { applicantAnswerSender, staffMessageSender, threadReadMarker, type OutgoingFile } from "../commands/messageSender.js";
import { authorizeMailbox, canReadDocument, isApplicant } from "../policies.js";
import { findFileVersion, findSubmissionRef, listCaseFile, listThread, type SubmissionRef } from "../queries.js";
import { ApplicantMailboxPage, CaseFilePage, StaffMailboxPage, StatusPage, type HistoryEntry, type UploadLimits } from "./views.js";

/** Per address; counted by the status route itself (in its one statement for the receipt code's JSON, ADR 0061). */
const STATUS_LIMIT = { max: 30, timeWindowMs: 60_000 };
const STATUS_ROUTE = "/antraege/status/:reference";
const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const BODY_MAX = 5000;
/** Upload policy of the mailbox: PDF and images, recognised by content. */
const ACCEPT = DEFAULT_ACCEPT;
const ACCEPT_ATTR = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";


/** Status page (HTML or JSON), mailbox for applicants and staff, case file with downloads. */
/** The status link's JSON document. */
const statusJson = (reference: string, info: CaseInfo) => ({ reference, status: info.status, timeline: info.timeline.map((e) => ({ at: e.at.toISOString(), status: e.status, text: e.text })) });

export async function mailboxPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const limits: UploadLimits = { maxText: formatBytes(config.files.maxBytes), maxFiles: Math.min(5, config.files.maxFiles), accept: ACCEPT_ATTR };
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const statusRead = caseInfoByReferenceAlongside(db, (key) => counterHitStatement(key, STATUS_LIMIT.timeWindowMs));
  const kick = (req: FastifyRequest) => triggerJob(app, "mailbox-notify", { requestId: req.id }).catch((err: unknown) => app.log.warn({ err }, "mailbox-notify not queued"));

  /** The submission and what the signed-in staff member may do with its case (cases policy). */
  async function load(req: FastifyRequest<{ Params: { reference: string } }>) {
    const sub = await findSubmissionRef(db, req.params.reference);
    const access = sub && req.user?.kind === "staff" ? await staffAccess(db, req.user, sub) : { read: false, write: false };
    return { sub, staffAccess: access.read, staffWrite: access.write };
  }

  // ---- Status for whoever holds the receipt's code (or the applicant's account): page, or JSON on Accept.
  app.get<{ Params: { reference: string }; Querystring: { code?: string } }>(STATUS_ROUTE, async (req, reply) => {
    const code = typeof req.query.code === "string" ? req.query.code : undefined;
    const wantsJson = (req.headers.accept ?? "").includes("application/json");
    const limitKey = routeLimitKey("GET", STATUS_ROUTE, req.ip);
    // The receipt code's JSON (the most frequent request, issue 13): the per-address counter, the case and its
    // timeline in one statement, the code checked against the case's submission without the database; everything
    // else (signed-in applicants, no case yet, a wrong code) takes the full path, counted once all the same.
    if (wantsJson && code && !req.user) {
      const { alongside, found } = await statusRead(req.params.reference, limitKey, req.t);
      enforceLimit(reply, { count: Number(alongside.count), ttlMs: Number(alongside.ttl_ms) }, STATUS_LIMIT.max);
      if (found && (await verifyCapability(db, config.sessionSecret, STATUS_CAPABILITY, found.submissionId, code))) {
        reply.header("Cache-Control", "no-store").header("Vary", "Accept");
        return reply.send(statusJson(req.params.reference, found.info));
      }
    } else {
      // As @fastify/rate-limit with skipOnError: a counter that cannot be written does not take the page down.
      const hit = await hitCounter(db, limitKey, STATUS_LIMIT.timeWindowMs).catch((err: unknown) => (req.log.warn({ err }, "status limit not counted"), undefined));
      if (hit) enforceLimit(reply, hit, STATUS_LIMIT.max);
    }
    const sub = await findSubmissionRef(db, req.params.reference);
    // A wrong code looks exactly like an unknown reference (404), so references cannot be probed.
    if (!sub || !(isApplicant(req.user, sub) || (await verifyCapability(db, config.sessionSecret, STATUS_CAPABILITY, sub.id, code)))) return reply.callNotFound();
    const info = await caseInfo(db, sub, req.t);
    reply.header("Cache-Control", "no-store").header("Vary", "Accept");
    if (wantsJson) return reply.send(statusJson(sub.reference, info));
    return reply.page(req.t("mailbox.status.title", { reference: sub.reference }), (ctx) => <StatusPage ctx={ctx} sub={sub} info={info} mailboxHref={isApplicant(req.user, sub) ? `/postfach/${sub.reference}` : undefined} />, { noindex: true });
  });

  // ---- The applicant's mailbox.
  const renderApplicant = async (req: FastifyRequest, reply: FastifyReply, sub: SubmissionRef, form: FormState, status = 200, sent = false) => {
    const info = await caseInfo(db, sub, req.t);
    const messages = await listThread(db, sub.id);
    return reply.page(req.t("mailbox.thread.title", { reference: sub.reference }), (ctx) => <ApplicantMailboxPage ctx={ctx} sub={sub} info={info} messages={messages} form={form} sent={sent} limits={limits} />, { status, noindex: true });
  };

  app.get<{ Params: { reference: string }; Querystring: { gesendet?: string } }>("/postfach/:reference", { preHandler: requireLogin }, async (req, reply) => {
    const { sub, staffAccess } = await load(req);
    if (req.user?.kind === "staff" && sub && staffAccess) return reply.redirect(`/verwaltung/postfach/${sub.reference}`, 303);
    authorizeMailbox(req.user, "read", sub, false);
    const page = await renderApplicant(req, reply, sub, emptyForm(), 200, req.query.gesendet === "1");
    // Marked after rendering, so this visit still shows what was new.
    await threadReadMarker(ctxOf(req), { submissionId: sub.id, direction: "to_applicant" });
    return page;
  });

  /** Checks and stores the uploads of a request; errors go to the field "dateien". */
  async function storeUploads(req: FastifyRequest, form: FormState, documentName: string, purpose: string): Promise<OutgoingFile[] | undefined> {
    const uploads = req.uploads ?? [];
    if (uploads.length > limits.maxFiles) {
      form.errors.dateien = req.t("mailbox.error.tooMany", { n: limits.maxFiles });
      return undefined;
    }
    const out: OutgoingFile[] = [];
    for (const [i, upload] of uploads.entries()) {
      // Held for a day until the message commits (then the case file holds it); refused ones leave nothing.
      const stored = await storeUpload(ctxOf(req), config, upload, { accept: ACCEPT, uploaderId: req.user?.id ?? null, purpose, retainUntil: new Date(Date.now() + 86_400_000), client: uploadClientKey(req.actor(), req.ip) });
      if (!stored.ok) {
        form.errors.dateien = `${upload.fileName.slice(0, 80)}: ${refusalMessage(req.t, stored.reason, { accept: ACCEPT, maxBytes: config.files.maxBytes, maxRequestBytes: config.files.maxRequestBytes })}`;
        return undefined;
      }
      const name = documentName ? (uploads.length > 1 ? `${documentName} (${i + 1})` : documentName) : stored.file.name;
      out.push({ file: { id: stored.file.id, filename: stored.file.name, contentType: stored.file.mediaType, size: stored.file.size, sha256: stored.file.sha256 }, documentName: name });
    }
    return out;
  }

  app.post<{ Params: { reference: string } }>("/postfach/:reference", { preHandler: requireLogin, config: writeLimit }, async (req, reply) => {
    const { sub } = await load(req);
    authorizeMailbox(req.user, "answer", sub, false);
    const values = readForm(req.body, ["nachricht", "bezeichnung"] as const);
    const form: FormState = { values, errors: {} };
    const info = await caseInfo(db, sub, req.t);
    if (info.status === "closed") form.errors.nachricht = req.t("mailbox.error.closed");
    if (values.nachricht.length > BODY_MAX) form.errors.nachricht = req.t("validation.maxLength", { n: BODY_MAX });
    if (values.bezeichnung.length > 200) form.errors.bezeichnung = req.t("mailbox.error.documentName");
    if (!values.nachricht && (req.uploads ?? []).length === 0 && !form.errors.nachricht) form.errors.nachricht = req.t("mailbox.error.body");
    const files = Object.keys(form.errors).length ? undefined : await storeUploads(req, form, values.bezeichnung, "case-message");
    if (!files) return renderApplicant(req, reply, sub, form, 422);
    await applicantAnswerSender(ctxOf(req), { submission: sub, body: values.nachricht, files, subject: req.t("mailbox.kind.answer") });
    return reply.redirect(`/postfach/${sub.reference}?gesendet=1`, 303);
  });

  // ---- Staff side of the thread (the case page links here).
  const renderStaff = async (req: FastifyRequest, reply: FastifyReply, sub: SubmissionRef, form: FormState, status = 200, sent = false, canSend = true) => {
    const info = await caseInfo(db, sub, req.t);
    const messages = await listThread(db, sub.id);
    const caseHref = await caseHrefFor(db, sub);
    return reply.page(req.t("mailbox.staff.title", { reference: sub.reference }), (ctx) => <StaffMailboxPage ctx={ctx} sub={sub} info={info} messages={messages} form={form} sent={sent} limits={limits} caseHref={caseHref} canSend={canSend} />, { status, noindex: true });
  };

  app.get<{ Params: { reference: string }; Querystring: { gesendet?: string } }>("/verwaltung/postfach/:reference", { preHandler: requireStaff }, async (req, reply) => {
    const { sub, staffAccess, staffWrite } = await load(req);
    authorizeMailbox(req.user, "read", sub, staffAccess);
    const page = await renderStaff(req, reply, sub, emptyForm({ art: "message" }), 200, req.query.gesendet === "1", staffWrite);
    // Read markers belong to the department that answers (the owning one), not to participants looking in.
    if (!staffWrite) return page;
    await threadReadMarker(ctxOf(req), { submissionId: sub.id, direction: "from_applicant" });
    return page;
  });

  app.post<{ Params: { reference: string } }>("/verwaltung/postfach/:reference", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const { sub, staffWrite } = await load(req);
    authorizeMailbox(req.user, "send", sub, staffWrite);
    const values = readForm(req.body, ["art", "betreff", "nachricht"] as const);
    const form: FormState = { values, errors: {} };
    if (values.art !== "message" && values.art !== "document_request") form.errors.art = req.t("mailbox.error.kind");
    if (!values.betreff) form.errors.betreff = req.t("mailbox.error.subject");
    else if (values.betreff.length > 200) form.errors.betreff = req.t("validation.maxLength", { n: 200 });
    if (!values.nachricht) form.errors.nachricht = req.t("validation.required");
    else if (values.nachricht.length > BODY_MAX) form.errors.nachricht = req.t("validation.maxLength", { n: BODY_MAX });
    const files = Object.keys(form.errors).length ? undefined : await storeUploads(req, form, "", "case-message");
    if (!files) return renderStaff(req, reply, sub, form, 422);
    try {
      await staffMessageSender(ctxOf(req), { submission: sub, user: req.user!, kind: values.art as "message" | "document_request", subject: values.betreff, body: values.nachricht, files });
    } catch (err) {
      if (!(err instanceof CaseRefusedError)) throw err;
      form.errors.art = err.message;
      return renderStaff(req, reply, sub, form, 409);
    }
    await kick(req);
    return reply.redirect(`/verwaltung/postfach/${sub.reference}?gesendet=1`, 303);
  });

  // ---- Case file: one list of every document with versions; downloads for those allowed.
  app.get<{ Params: { reference: string } }>("/akte/:reference", { preHandler: requireLogin }, async (req, reply) => {
    const { sub, staffAccess } = await load(req);
    authorizeMailbox(req.user, "readFile", sub, staffAccess);
    const staff = req.user!.kind === "staff";
    const t = req.t;
    const docs = await listCaseFile(db, sub.id, { includeInternal: staff });
    const info = await caseInfo(db, sub, t);
    const submissionDocs = (["pdf", "json"] as const).map((kind) => ({
      id: `antrag-${kind}`,
      role: "submission" as const,
      name: t(kind === "pdf" ? "mailbox.doc.receipt" : "mailbox.doc.json"),
      visibility: "applicant" as const,
      createdAt: sub.submittedAt,
      versions: [{ version: 1, fileId: null, caseDocumentId: null, filename: `${sub.reference}.${kind}`, contentType: kind === "pdf" ? "application/pdf" : "application/json", sizeBytes: 0, sha256: null, addedByType: "user", addedByName: null, addedAt: sub.submittedAt, viaMessage: false }],
      href: () => `/akte/${sub.reference}/antrag.${kind}`,
    }));
    // Documents the case engine keeps itself (statements, other) and that are not mirrored into the file yet.
    const mirrored = new Set(docs.flatMap((d) => d.versions.map((v) => v.caseDocumentId).filter(Boolean)));
    const engineDocs = info.caseId
      ? (await listCaseDocuments(db, info.caseId, { citizenVisibleOnly: !staff }))
          .filter((d) => !mirrored.has(d.id))
          .map((d) => ({
            id: d.id,
            role: (d.kind === "notice" ? "notice" : d.kind === "statement" ? "statement" : "other") as "notice" | "statement" | "other",
            name: d.title,
            visibility: (d.citizenVisible ? "applicant" : "internal") as "applicant" | "internal",
            createdAt: d.createdAt,
            // A statement's `version` is its number in the case (in its title), not a revision: each is version 1 of itself.
            versions: [{ version: d.kind === "statement" ? 1 : d.version, fileId: null, caseDocumentId: d.id, filename: d.filename, contentType: d.mediaType, sizeBytes: 0, sha256: d.sha256, addedByType: d.createdBy ? "staff" : "system", addedByName: null, addedAt: d.createdAt, viaMessage: false }],
            href: () => `/akte/${sub.reference}/vorgang/${d.id}`,
          }))
      : [];
    // Files uploaded with the application form (e.g. plans of a building permit).
    const submissionFiles = (await listSubmissionFiles(db, sub.id)).map((f) => ({
      id: `antrag-datei-${f.fileId}`,
      role: "submission" as const,
      name: `${t("mailbox.doc.upload")}: ${f.label}`,
      visibility: "applicant" as const,
      createdAt: sub.submittedAt,
      versions: [{ version: 1, fileId: f.fileId, caseDocumentId: null, filename: f.file.name, contentType: f.file.mediaType, sizeBytes: f.file.size, sha256: f.file.sha256, addedByType: "user", addedByName: null, addedAt: sub.submittedAt, viaMessage: false }],
      href: () => `/akte/${sub.reference}/antrag-datei/${f.fileId}`,
    }));
    const documents = [...submissionDocs, ...submissionFiles, ...docs.map((d) => ({ ...d, href: (v: number) => `/akte/${sub.reference}/dokumente/${d.id}/${v}` })), ...engineDocs];
    const messages = await listThread(db, sub.id);
    const who = (type: string, name: string | null) => name ?? t(type === "system" ? "mailbox.file.system" : type === "staff" ? "mailbox.file.staff" : "mailbox.file.applicant");
    // Who did what: the case's events (staff: every entry with names; applicant: their timeline), messages and filed documents.
    const caseHistory: HistoryEntry[] = info.caseId
      ? staff
        ? (await staffCaseHistory(db, info.caseId, t)).map((e) => ({ at: e.at, who: who(e.actorType, e.actorName), what: e.what }))
        : info.timeline.map((e) => ({ at: e.at, who: t(`mailbox.status.${e.status}`), what: e.text }))
      : [{ at: sub.submittedAt, who: t("mailbox.file.applicant"), what: t("mailbox.event.submitted") }];
    const history: HistoryEntry[] = [
      ...caseHistory,
      ...messages.map((m) => ({ at: m.createdAt, who: m.direction === "from_applicant" ? t("mailbox.file.applicant") : (m.authorName ?? t("mailbox.file.system")), what: t("mailbox.event.message", { kind: t(`mailbox.kind.${m.kind}`) }) })),
      ...docs.flatMap((d) => d.versions.map((v) => ({ at: v.addedAt, who: who(v.addedByType, v.addedByName), what: t("mailbox.event.document", { name: d.name, version: v.version }) }))),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    return reply.page(t("mailbox.file.title", { reference: sub.reference }), (ctx) => <CaseFilePage ctx={ctx} sub={sub} documents={documents} history={history} staff={staff} />, { noindex: true });
  });

  /** Sends bytes the case engine keeps (notices) as a download with the same safety headers as stored files. */
  const sendCaseDocument = async (reply: FastifyReply, caseId: string, documentId: string, filename: string) => {
    const doc = await getCaseDocument(db, caseId, documentId);
    if (!doc) return reply.callNotFound();
    return reply
      .type(doc.mediaType)
      .header("Content-Disposition", contentDisposition(filename))
      .header("X-Content-Type-Options", "nosniff")
      .header("Content-Security-Policy", "default-src 'none'; sandbox")
      .header("Cache-Control", "private, no-store")
      .send(doc.content);
  };

  app.get<{ Params: { reference: string; fileId: string } }>("/akte/:reference/antrag-datei/:fileId", { preHandler: requireLogin }, async (req, reply) => {
    const { sub, staffAccess } = await load(req);
    authorizeMailbox(req.user, "readFile", sub, staffAccess);
    // Only a file linked to this very submission (never any file id someone guesses).
    const linked = (await listSubmissionFiles(db, sub.id)).find((f) => f.fileId === req.params.fileId);
    const file = linked ? await findFile(db, linked.fileId) : undefined;
    if (!file) return reply.callNotFound();
    return sendStoredFile(reply, file, fileStoreFor(config.files));
  });

  app.get<{ Params: { reference: string; documentId: string } }>("/akte/:reference/vorgang/:documentId", { preHandler: requireLogin }, async (req, reply) => {
    const { sub, staffAccess } = await load(req);
    authorizeMailbox(req.user, "readFile", sub, staffAccess);
    const info = await caseInfo(db, sub, req.t);
    if (!info.caseId) return reply.callNotFound();
    const doc = (await listCaseDocuments(db, info.caseId, { citizenVisibleOnly: req.user!.kind !== "staff" })).find((d) => d.id === req.params.documentId);
    if (!doc) return reply.callNotFound();
    return sendCaseDocument(reply, info.caseId, doc.id, doc.filename);
  });

  app.get<{ Params: { reference: string; kind: string } }>("/akte/:reference/antrag.:kind", { preHandler: requireLogin }, async (req, reply) => {
    const { sub, staffAccess } = await load(req);
    authorizeMailbox(req.user, "readFile", sub, staffAccess);
    if (req.params.kind !== "pdf" && req.params.kind !== "json") return reply.callNotFound();
    const doc = await submissionDocument(db, sub.id, req.params.kind, app.deps.county.name);
    if (!doc) return reply.callNotFound();
    return reply
      .type(doc.contentType)
      .header("Content-Disposition", `attachment; filename="${doc.filename}"`)
      .header("X-Content-Type-Options", "nosniff")
      .header("Cache-Control", "private, no-store")
      .send(doc.body);
  });

  app.get<{ Params: { reference: string; documentId: string; version: string } }>("/akte/:reference/dokumente/:documentId/:version", { preHandler: requireLogin }, async (req, reply) => {
    const { sub, staffAccess } = await load(req);
    authorizeMailbox(req.user, "readFile", sub, staffAccess);
    const v = await findFileVersion(db, sub.id, req.params.documentId, Number(req.params.version));
    if (!v) return reply.callNotFound();
    if (!canReadDocument(req.user, sub, v.visibility, staffAccess)) return reply.callNotFound();
    if (v.case_document_id) return v.case_id ? sendCaseDocument(reply, v.case_id, v.case_document_id, v.filename) : reply.callNotFound();
    const file = v.file_id ? await findFile(db, v.file_id) : undefined;
    if (!file) return reply.callNotFound();
    return sendStoredFile(reply, { ...file, original_name: v.filename }, fileStoreFor(config.files));
  });

}
