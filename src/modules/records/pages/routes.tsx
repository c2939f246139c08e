import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm, rules, validate } from "../../../platform/forms.js";
import { contentDisposition } from "../../../platform/files/index.js";
import { toCsv } from "../../../platform/csv.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { caseIdByReference } from "../../cases/index.js";
import { listStaff } from "../../accounts/index.js";
import { clearingAssigner, documentAdder, isClosedRefusal, recordRead, scanDefectMarker, scanReleaser, scanRescanner } from "../commands/documents.js";
import { retentionOverrider } from "../commands/filing.js";
import { confidentialitySetter, documentConfidentialityRaiser, isConfidentialityLevel, type ConfidentialityLevel } from "../commands/confidentiality.js";
import { DocumentConfidentialityPage } from "./confidentiality.js";
import { DISPOSALS, type Disposal } from "../db.js";
import { disposalApprover, fileCloser } from "../commands/disposal.js";
import { scanIntake } from "../commands/intake.js";
import { archiveAnswerImporter } from "../commands/archiveAnswer.js";
import { coverSheetPdf } from "../coverSheet.js";
import { scanProtocolPdf } from "../scanProtocol.js";
import { mayReadDocument, authorizeRecord, recordAccess } from "../policies.js";
import { type SearchHit, clearingContent, defectiveScans, disposalList, findDisposal, findFile, listDocuments, openClearing, unreleasedScans, planTree, recentFiles, searchDocuments, blobStream, versionBlob } from "../queries.js";
import { SCAN_MEDIA_TYPES, sniffScan } from "../scan.js";
import { queueOcr, unitName, uploadBytes, uploadContent, xdomeaExport } from "../service.js";
import { ClearingPage, DefectPage, DisposalPage, FilePage, PlanPage, RecordsHomePage, ReleasePage, ScanPage, type DefectiveScan, type Notice } from "./views.js";
import type { PlanNode } from "../queries.js";

const writeLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };

/** Why a quality check (release or defect) was refused, in the user's words. */
const CHECK_REFUSAL = { own: "records.release.own", released: "records.release.already", defective: "records.release.alreadyDefective", not_scan: "records.release.notScan", closed: "records.release.closed" } as const;
const staff = { preHandler: requireStaff };

/** Staff pages of the E-Akte under /verwaltung/akten. */
export async function recordsPages(app: FastifyInstance) {
  const { db } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const staffName = async (id: string | null) => (id ? ((await listStaff(db)).find((u) => u.id === id)?.display_name ?? id) : "System");

  app.get<{ Querystring: { q?: string } }>("/verwaltung/akten", staff, async (req, reply) => {
    const user = req.user!;
    const q = typeof req.query.q === "string" ? req.query.q.trim() : undefined;
    const form = emptyForm({ q: q ?? "" });
    let hits: SearchHit[] | undefined;
    if (q !== undefined) {
      if (q.length < 2 || q.length > 200) form.errors.q = req.t("records.search.error");
      else {
        const found = await searchDocuments(db, { q, unitIds: user.orgUnitIds, limit: 20 });
        // The cases policy decides per hit (the unit filter in SQL only narrows).
        hits = [];
        for (const h of found) if (mayReadDocument(await recordAccess(db, user, h.caseId), { confidentiality: h.raised ? "raised" : null })) hits.push(h);
        await recordRead(ctxOf(req), { objectType: "records_file", objectId: hits[0]?.fileId ?? "search", what: `search:${hits.length}` });
      }
    }
    const recent = await recentFiles(db, user.orgUnitIds);
    const clearingCount = (await openClearing(db, user.orgUnitIds)).length;
    const releaseCount = (await unreleasedScans(db, user.orgUnitIds)).length;
    return reply.page(req.t("records.home.title"), (ctx) => <RecordsHomePage ctx={ctx} form={form} hits={hits} recent={recent} clearingCount={clearingCount} releaseCount={releaseCount} />, { noindex: true, status: form.errors.q ? 422 : 200 });
  });

  // ---- The filing plan: read by every staff member (it is the office's public order of files), counts per user's units.
  app.get("/verwaltung/akten/aktenplan", staff, async (req, reply) => {
    const roots = await planTree(db, req.user!.orgUnitIds);
    return reply.page(req.t("records.plan.title"), (ctx) => <PlanPage ctx={ctx} roots={roots} />, { noindex: true });
  });

  app.get("/verwaltung/akten/aktenplan.csv", staff, async (req, reply) => {
    const rows: Array<Array<string | number | null>> = [];
    const walk = (nodes: PlanNode[]) => {
      for (const n of nodes) {
        rows.push([n.code, n.parentCode, n.title, n.retentionYears, n.disposal, n.processIds.join(" ")]);
        walk(n.children);
      }
    };
    walk(await planTree(db, []));
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", contentDisposition("aktenplan.csv"))
      .send(toCsv(["code", "parent", "title", "retention_years", "disposal", "process_ids"], rows));
  });

  async function loadFile(req: FastifyRequest<{ Params: { id: string } }>, need: "read" | "write") {
    const file = await findFile(db, req.params.id);
    await authorizeRecord(db, req.user, file?.case_id, need);
    return file!;
  }

  const renderFile = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, form: FormState, status = 200, notice?: { kind: "success" | "danger" | "info"; text: string }, overrideForm?: FormState, confForm?: FormState, closeError?: string) => {
    const file = await loadFile(req, "read");
    const canWrite = (await recordAccess(db, req.user, file.case_id)).write;
    // Documents raised above the file's confidentiality level: the owning department only (policies.ts).
    const docs = await listDocuments(db, file.id, { raised: canWrite });
    await recordRead(ctxOf(req), { objectType: "records_file", objectId: file.id, what: "file" });
    const unit = await unitName(db, file.owner_unit_id);
    return reply.page(req.t("records.file.title", { number: file.file_number }), (ctx) => <FilePage ctx={ctx} file={file} unitName={unit} docs={docs} canWrite={canWrite} form={form} overrideForm={overrideForm} confForm={confForm} notice={notice} closeError={closeError} />, { status, noindex: true });
  };

  app.get<{ Params: { id: string }; Querystring: { ok?: string } }>("/verwaltung/akten/:id", staff, async (req, reply) => {
    const ok = req.query.ok;
    const notice = ok === "abgelegt" ? { kind: "success" as const, text: req.t("records.upload.done") } : ok === "zda" ? { kind: "success" as const, text: req.t("records.close.done") } : ok === "frist" ? { kind: "success" as const, text: req.t("records.override.done") } : ok === "vertraulichkeit" ? { kind: "success" as const, text: req.t("records.confidentiality.done") } : ok === "freigegeben" ? { kind: "success" as const, text: req.t("records.release.done") } : ok === "mangelhaft" ? { kind: "success" as const, text: req.t("records.defect.done") } : ok === "dokumentvertraulichkeit" ? { kind: "success" as const, text: req.t("records.docConfidentiality.done") } : undefined;
    return renderFile(req, reply, emptyForm(), 200, notice);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/:id/dokumente", { ...staff, config: writeLimit }, async (req, reply) => {
    const file = await loadFile(req, "write");
    const values = readForm(req.body, ["titel"] as const);
    const form = validate(values, { titel: [rules.required(), rules.maxLength(200)] }, req.t);
    const upload = (req.uploads ?? []).find((f) => f.field === "datei" && f.size > 0);
    if (!upload) form.errors.datei = req.t("records.upload.missing");
    else if (upload.truncated) form.errors.datei = req.t("records.upload.tooBig");
    else if (!sniffScan(upload.head)) form.errors.datei = req.t("records.upload.type");
    if (Object.keys(form.errors).length || !upload) return renderFile(req, reply, form, 422);
    const content = uploadContent(upload);
    const added = await documentAdder(ctxOf(req), { caseId: file.case_id, title: values.titel, filename: upload.fileName.slice(0, 200) || "dokument", mediaType: SCAN_MEDIA_TYPES[sniffScan(upload.head)!], content, source: "upload", userId: req.user!.id });
    if (!added.ok) return renderFile(req, reply, form, 409, { kind: "danger", text: req.t("records.upload.closed") });
    await queueOcr(app, req.id);
    return reply.redirect(`/verwaltung/akten/${file.id}?ok=abgelegt`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/:id/aufbewahrung", { ...staff, config: writeLimit }, async (req, reply) => {
    const file = await loadFile(req, "write");
    const values = readForm(req.body, ["jahre", "art", "begruendung"] as const);
    const form = validate(values, { begruendung: [rules.required("records.override.reasonMissing"), rules.maxLength(1000)] }, req.t);
    if (!/^\d{1,3}$/.test(values.jahre) || Number(values.jahre) > 200) form.errors.jahre = req.t("records.override.yearsInvalid");
    if (!DISPOSALS.includes(values.art as Disposal)) form.errors.art = req.t("records.override.disposalMissing");
    if (Object.keys(form.errors).length) return renderFile(req, reply, emptyForm(), 422, undefined, form);
    if (file.status !== "open") return renderFile(req, reply, emptyForm(), 409, { kind: "danger", text: req.t("records.upload.closed") });
    try {
      await retentionOverrider(ctxOf(req), { fileId: file.id, retentionYears: Number(values.jahre), disposal: values.art as Disposal, reason: values.begruendung });
    } catch (err) {
      if (!isClosedRefusal(err)) throw err;
      return renderFile(req, reply, emptyForm(), 409, { kind: "danger", text: req.t("records.upload.closed") });
    }
    return reply.redirect(`/verwaltung/akten/${file.id}?ok=frist`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/:id/vertraulichkeit", { ...staff, config: writeLimit }, async (req, reply) => {
    const file = await loadFile(req, "write");
    const values = readForm(req.body, ["stufe", "stufengrund"] as const);
    const form = validate(values, { stufengrund: [rules.required("records.confidentiality.reasonMissing"), rules.maxLength(1000)] }, req.t);
    if (!isConfidentialityLevel(values.stufe)) form.errors.stufe = req.t("records.confidentiality.levelMissing");
    if (Object.keys(form.errors).length) return renderFile(req, reply, emptyForm(), 422, undefined, undefined, form);
    if (file.status !== "open") return renderFile(req, reply, emptyForm(), 409, { kind: "danger", text: req.t("records.upload.closed") });
    try {
      await confidentialitySetter(ctxOf(req), { fileId: file.id, level: values.stufe as ConfidentialityLevel, reason: values.stufengrund });
    } catch (err) {
      if (!isClosedRefusal(err)) throw err;
      return renderFile(req, reply, emptyForm(), 409, { kind: "danger", text: req.t("records.upload.closed") });
    }
    return reply.redirect(`/verwaltung/akten/${file.id}?ok=vertraulichkeit`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/:id/abschliessen", { ...staff, config: writeLimit }, async (req, reply) => {
    const file = await loadFile(req, "write");
    const result = await fileCloser(ctxOf(req), { fileId: file.id, userId: req.user!.id });
    if (!result.ok && result.reason === "unreleased") {
      // Next to the close button, with what is missing and where to do it.
      const parts = [...(result.pending ? [req.t("records.close.pendingCount", { n: result.pending })] : []), ...(result.defective ? [req.t("records.close.defectiveCount", { n: result.defective })] : [])];
      return renderFile(req, reply, emptyForm(), 409, undefined, undefined, undefined, req.t("records.close.refusedUnreleased", { details: parts.join(", ") }));
    }
    if (!result.ok) return renderFile(req, reply, emptyForm(), 409, { kind: "danger", text: req.t(result.reason === "ocr_pending" ? "records.close.ocrPending" : "records.upload.closed") });
    return reply.redirect(`/verwaltung/akten/${file.id}?ok=zda`, 303);
  });

  app.get<{ Params: { id: string } }>("/verwaltung/akten/:id/deckblatt.pdf", staff, async (req, reply) => {
    const file = await loadFile(req, "read");
    const pdf = await coverSheetPdf({ reference: file.reference, fileNumber: file.file_number, title: file.title, unit: await unitName(db, file.owner_unit_id) });
    return reply.type("application/pdf").header("content-disposition", contentDisposition(`deckblatt-${file.reference}.pdf`)).header("cache-control", "no-store").send(pdf);
  });

  app.get<{ Params: { id: string } }>("/verwaltung/akten/:id/scanprotokoll.pdf", staff, async (req, reply) => {
    const file = await loadFile(req, "read");
    await recordRead(ctxOf(req), { objectType: "records_file", objectId: file.id, what: "scan-protocol" });
    // Scans raised above the file's level: listed for the owning department, only counted for a participating one.
    const raised = (await recordAccess(db, req.user, file.case_id)).write;
    const pdf = await scanProtocolPdf(db, { fileId: file.id, fileNumber: file.file_number, title: file.title, issuer: await unitName(db, file.owner_unit_id), userName: staffName, raised });
    return reply.type("application/pdf").header("content-disposition", contentDisposition(`scanprotokoll-${file.reference}.pdf`)).header("cache-control", "no-store").send(pdf);
  });

  app.get<{ Params: { id: string; doc: string; version: string } }>("/verwaltung/akten/:id/dokumente/:doc/:version", staff, async (req, reply) => {
    const file = await loadFile(req, "read");
    const v = /^\d{1,5}$/.test(req.params.version) && /^[0-9a-f-]{36}$/i.test(req.params.doc) ? await versionBlob(db, req.params.doc, Number(req.params.version)) : undefined;
    const docs = v ? await listDocuments(db, file.id, { raised: (await recordAccess(db, req.user, file.case_id)).write }) : [];
    if (!v || !docs.some((d) => d.id === req.params.doc)) return reply.callNotFound();
    await recordRead(ctxOf(req), { objectType: "records_document", objectId: req.params.doc, what: `version:${req.params.version}` });
    // Streamed in pieces of 256 KiB from the large object (never the whole file in memory).
    return reply.type(v.media_type).header("content-length", v.blob.size).header("content-disposition", contentDisposition(v.filename)).header("cache-control", "no-store").header("x-content-sha256", v.sha256).send(blobStream(db, v.blob));
  });

  // ---- Four-eyes release of a scan batch (ADR 0077): a member of the owning department other than the scanner.
  app.post<{ Params: { id: string; doc: string } }>("/verwaltung/akten/:id/dokumente/:doc/freigabe", { ...staff, config: writeLimit }, async (req, reply) => {
    const file = await loadFile(req, "write");
    const docs = /^[0-9a-f-]{36}$/i.test(req.params.doc) ? await listDocuments(db, file.id, { raised: true }) : [];
    if (!docs.some((d) => d.id === req.params.doc)) return reply.callNotFound();
    const r = await scanReleaser(ctxOf(req), { documentId: req.params.doc, userId: req.user!.id });
    if (!r.ok) return renderFile(req, reply, emptyForm(), r.reason === "own" ? 403 : 409, { kind: "danger", text: req.t(CHECK_REFUSAL[r.reason]) });
    return reply.redirect(`/verwaltung/akten/${file.id}?ok=freigegeben#dok-${req.params.doc}`, 303);
  });

  const renderRelease = async (req: FastifyRequest, reply: FastifyReply, form = emptyForm(), notices: Notice[] = [], status = 200) => {
    const rows = await unreleasedScans(db, req.user!.orgUnitIds);
    const items = await Promise.all(rows.map(async (r) => ({ ...r, scannedByName: await staffName(r.scanned_by), own: r.scanned_by === req.user!.id })));
    return reply.page(req.t("records.release.title"), (ctx) => <ReleasePage ctx={ctx} items={items} form={form} notices={notices} />, { noindex: true, status });
  };
  app.get("/verwaltung/akten/qualitaetspruefung", staff, async (req, reply) => renderRelease(req, reply));

  // Bulk release: each ticked scan by the same command as a single release, each in its own transaction (a refused
  // scan – the user's own, or one checked meanwhile – does not undo the others); refusals are listed by title.
  // "Alle freigeben" (no JavaScript needed): every scan the page listed (hidden `listed`, so a scan that arrived after the
  // page was shown is not released unseen) that the user may release; the user's own scans are left for someone else.
  app.post("/verwaltung/akten/qualitaetspruefung", { ...staff, config: writeLimit }, async (req, reply) => {
    const body = (req.body as Record<string, unknown> | undefined) ?? {};
    const ids = (raw: unknown) => [...new Set((Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string" && /^[0-9a-f-]{36}$/i.test(v)))].slice(0, 200);
    const all = body.alle === "1";
    const waiting = new Map((await unreleasedScans(db, req.user!.orgUnitIds)).map((r) => [r.id, r]));
    const ownListed = all ? ids(body.listed).filter((id) => waiting.get(id)?.scanned_by === req.user!.id) : [];
    const picked = all ? ids(body.listed).filter((id) => !ownListed.includes(id)) : ids(body.scans);
    const form = emptyForm({ scans: all ? "" : picked.join(" ") });
    if (!picked.length) {
      form.errors.scans = req.t(all ? "records.release.bulk.noneToRelease" : "records.release.bulk.none");
      return renderRelease(req, reply, form, [], 422);
    }
    const released: string[] = [];
    const releasedIds = new Set<string>();
    const own: string[] = [];
    const gone: string[] = [];
    for (const id of picked) {
      const scan = waiting.get(id);
      // Not (any longer) awaiting release in the user's departments, or not writable for the user: not touched.
      if (!scan || !(await recordAccess(db, req.user, scan.case_id)).write) {
        gone.push(scan?.title ?? id);
        continue;
      }
      const r = await scanReleaser(ctxOf(req), { documentId: id, userId: req.user!.id });
      if (r.ok) releasedIds.add(id);
      (r.ok ? released : r.reason === "own" ? own : gone).push(`„${scan.title}“ (${scan.file_number})`);
    }
    const notices: Notice[] = [];
    if (released.length) notices.push({ kind: "success", text: req.t("records.release.bulk.done", { n: released.length, titles: released.join(", ") }) });
    if (own.length) notices.push({ kind: "danger", text: req.t("records.release.bulk.own", { titles: own.join(", ") }) });
    if (gone.length) notices.push({ kind: "danger", text: req.t("records.release.bulk.gone", { n: gone.length }) });
    if (ownListed.length) notices.push({ kind: "info", text: req.t("records.release.bulk.ownLeft", { n: ownListed.length }) });
    // What was refused stays ticked (nothing chosen is lost); released scans have left the list.
    const kept = emptyForm({ scans: all ? "" : picked.filter((id) => !releasedIds.has(id)).join(" ") });
    return renderRelease(req, reply, kept, notices, released.length ? 200 : own.length ? 403 : 409);
  });

  // ---- The second person rejects a scan as defective, with a reason (migration 0078).
  async function loadScan(req: FastifyRequest<{ Params: { id: string; doc: string } }>) {
    const file = await loadFile(req, "write");
    const docs = /^[0-9a-f-]{36}$/i.test(req.params.doc) ? await listDocuments(db, file.id, { raised: true }) : [];
    const doc = docs.find((d) => d.id === req.params.doc && d.device);
    return { file, doc };
  }
  const renderDefect = async (req: FastifyRequest<{ Params: { id: string; doc: string } }>, reply: FastifyReply, form: FormState, status = 200, notice?: Notice) => {
    const { file, doc } = await loadScan(req);
    if (!doc) return reply.callNotFound();
    const view = { id: doc.id, title: doc.title, device: doc.device!, scanned_at: doc.scanned_at!, scannedByName: await staffName(doc.scanned_by) };
    return reply.page(req.t("records.defect.title"), (ctx) => <DefectPage ctx={ctx} fileId={file.id} fileNumber={file.file_number} doc={view} form={form} notice={notice} />, { noindex: true, status });
  };
  app.get<{ Params: { id: string; doc: string } }>("/verwaltung/akten/:id/dokumente/:doc/mangel", staff, async (req, reply) => renderDefect(req, reply, emptyForm({ grund: "" })));

  app.post<{ Params: { id: string; doc: string } }>("/verwaltung/akten/:id/dokumente/:doc/mangel", { ...staff, config: writeLimit }, async (req, reply) => {
    const { file, doc } = await loadScan(req);
    if (!doc) return reply.callNotFound();
    const values = readForm(req.body, ["grund"] as const);
    const form = validate(values, { grund: [rules.required("records.defect.reasonMissing"), rules.maxLength(1000)] }, req.t);
    if (Object.keys(form.errors).length) return renderDefect(req, reply, form, 422);
    const r = await scanDefectMarker(ctxOf(req), { documentId: doc.id, userId: req.user!.id, reason: values.grund });
    if (!r.ok) return renderDefect(req, reply, form, r.reason === "own" ? 403 : 409, { kind: "danger", text: req.t(CHECK_REFUSAL[r.reason]) });
    return reply.redirect(`/verwaltung/akten/${file.id}?ok=mangelhaft#dok-${doc.id}`, 303);
  });

  // ---- A document raised above its file's confidentiality level (migration 0094): owning department, open files, upwards only.
  const renderDocConfidentiality = async (req: FastifyRequest<{ Params: { id: string; doc: string } }>, reply: FastifyReply, form: FormState, status = 200) => {
    const file = await loadFile(req, "write");
    const doc = /^[0-9a-f-]{36}$/i.test(req.params.doc) ? (await listDocuments(db, file.id, { raised: true })).find((d) => d.id === req.params.doc) : undefined;
    if (!doc) return reply.callNotFound();
    if (file.status !== "open") return renderFile(req, reply, emptyForm(), 409, { kind: "danger", text: req.t("records.upload.closed") });
    const view = { fileId: file.id, fileNumber: file.file_number, doc: { id: doc.id, title: doc.title }, current: doc.confidentiality ?? file.confidentiality, inherited: !doc.confidentiality };
    return reply.page(req.t("records.docConfidentiality.title"), (ctx) => <DocumentConfidentialityPage ctx={ctx} {...view} form={form} />, { noindex: true, status });
  };
  app.get<{ Params: { id: string; doc: string } }>("/verwaltung/akten/:id/dokumente/:doc/vertraulichkeit", staff, async (req, reply) => renderDocConfidentiality(req, reply, emptyForm({ stufe: "", grund: "" })));
  app.post<{ Params: { id: string; doc: string } }>("/verwaltung/akten/:id/dokumente/:doc/vertraulichkeit", { ...staff, config: writeLimit }, async (req, reply) => {
    const file = await loadFile(req, "write");
    const values = readForm(req.body, ["stufe", "grund"] as const);
    const form = validate(values, { grund: [rules.required("records.docConfidentiality.reasonMissing"), rules.maxLength(1000)] }, req.t);
    if (!isConfidentialityLevel(values.stufe)) form.errors.stufe = req.t("records.confidentiality.levelMissing");
    if (Object.keys(form.errors).length) return renderDocConfidentiality(req, reply, form, 422);
    let r;
    try {
      r = await documentConfidentialityRaiser(ctxOf(req), { fileId: file.id, documentId: req.params.doc, level: values.stufe as ConfidentialityLevel, reason: values.grund });
    } catch (err) {
      if (!isClosedRefusal(err)) throw err;
      r = { ok: false as const, reason: "closed" as const };
    }
    if (!r.ok && r.reason === "gone") return reply.callNotFound();
    if (!r.ok && r.reason === "closed") return renderFile(req, reply, emptyForm(), 409, { kind: "danger", text: req.t("records.upload.closed") });
    if (!r.ok) return renderDocConfidentiality(req, reply, { values, errors: { stufe: req.t("records.docConfidentiality.notHigher") } }, 422);
    return reply.redirect(`/verwaltung/akten/${file.id}?ok=dokumentvertraulichkeit#dok-${req.params.doc}`, 303);
  });

  // ---- Scanning intake by a clerk (scanner software uses POST /api/v1/records/scans).
  // The scan page also lists the user's scans rejected as defective (with the reason), each with a re-scan form.
  const renderScan = async (req: FastifyRequest, reply: FastifyReply, form: FormState, opts: { status?: number; notice?: { kind: "success" | "info" | "danger"; text: string }; defectForms?: Record<string, FormState> } = {}) => {
    const rows = await defectiveScans(db, req.user!.id, req.user!.orgUnitIds);
    const defects: DefectiveScan[] = [];
    for (const r of rows) if ((await recordAccess(db, req.user, r.case_id)).read || r.scanned_by === req.user!.id) defects.push({ ...r, checkedByName: await staffName(r.quality_checked_by) });
    return reply.page(req.t("records.scan.title"), (ctx) => <ScanPage ctx={ctx} form={form} notice={opts.notice} defects={defects} defectForms={opts.defectForms} />, { status: opts.status ?? 200, noindex: true });
  };
  app.get<{ Querystring: { neu?: string } }>("/verwaltung/akten/scannen", staff, async (req, reply) => renderScan(req, reply, emptyForm({ geraet: "" }), { notice: req.query.neu ? { kind: "success", text: req.t("records.rescan.done") } : undefined }));

  // A re-scan of a defective scan: the scanner (or, for a scanner key's scan, the owning department) files it as the next version.
  app.post<{ Params: { doc: string } }>("/verwaltung/akten/scannen/:doc/neu", { ...staff, config: writeLimit }, async (req, reply) => {
    const item = /^[0-9a-f-]{36}$/i.test(req.params.doc) ? (await defectiveScans(db, req.user!.id, req.user!.orgUnitIds)).find((d) => d.id === req.params.doc) : undefined;
    if (!item) return reply.callNotFound();
    const access = await recordAccess(db, req.user, item.case_id);
    if (!access.write && item.scanned_by !== req.user!.id) return reply.callNotFound();
    const s8 = item.id.slice(0, 8);
    const device = `geraet-${s8}`;
    const field = `datei-${s8}`;
    const values = readForm(req.body, [device] as const);
    const form = validate(values, { [device]: [rules.required(), rules.maxLength(100)] }, req.t);
    const upload = (req.uploads ?? []).find((f) => f.field === field && f.size > 0);
    if (!upload) form.errors[field] = req.t("records.upload.missing");
    else if (upload.truncated) form.errors[field] = req.t("records.upload.tooBig");
    else if (!sniffScan(upload.head)) form.errors[field] = req.t("records.upload.type");
    if (Object.keys(form.errors).length || !upload) return renderScan(req, reply, emptyForm({ geraet: "" }), { status: 422, defectForms: { [item.id]: form } });
    const r = await scanRescanner(ctxOf(req), { documentId: item.id, userId: req.user!.id, device: values[device]!, filename: upload.fileName.slice(0, 200) || "scan.pdf", mediaType: SCAN_MEDIA_TYPES[sniffScan(upload.head)!], content: uploadContent(upload) });
    if (!r.ok) {
      form.errors[field] = req.t(r.reason === "closed" ? "records.upload.closed" : "records.rescan.gone");
      return renderScan(req, reply, emptyForm({ geraet: "" }), { status: 409, defectForms: { [item.id]: form } });
    }
    await queueOcr(app, req.id);
    return reply.redirect("/verwaltung/akten/scannen?neu=1", 303);
  });

  app.post("/verwaltung/akten/scannen", { ...staff, config: writeLimit }, async (req, reply) => {
    const values = readForm(req.body, ["geraet"] as const);
    const form = validate(values, { geraet: [rules.required(), rules.maxLength(100)] }, req.t);
    const upload = (req.uploads ?? []).find((f) => f.field === "datei" && f.size > 0);
    if (!upload) form.errors.datei = req.t("records.upload.missing");
    else if (upload.truncated) form.errors.datei = req.t("records.upload.tooBig");
    else if (!sniffScan(upload.head)) form.errors.datei = req.t("records.upload.type");
    if (Object.keys(form.errors).length || !upload) return renderScan(req, reply, form, { status: 422 });
    const result = await scanIntake(ctxOf(req), { user: req.user!, filename: upload.fileName.slice(0, 200) || "scan.pdf", content: uploadContent(upload), device: values.geraet });
    if (result.kind === "refused") {
      form.errors.datei = result.reason === "closed" ? req.t("records.scan.closed", { reference: result.caseReference ?? "–" }) : req.t("records.upload.type");
      return renderScan(req, reply, form, { status: 422 });
    }
    if (result.kind === "filed") await queueOcr(app, req.id);
    const notice = result.kind === "filed" ? { kind: "success" as const, text: req.t("records.scan.filed", { reference: result.caseReference }) } : { kind: "info" as const, text: req.t("records.scan.clearing", { reason: result.reason }) };
    return renderScan(req, reply, emptyForm({ geraet: values.geraet }), { notice });
  });

  // ---- Clearing list.
  const renderClearing = async (req: FastifyRequest, reply: FastifyReply, forms: Record<string, FormState> = {}, status = 200, notice?: string) => {
    const items = await openClearing(db, req.user!.orgUnitIds);
    return reply.page(req.t("records.clearing.title"), (ctx) => <ClearingPage ctx={ctx} items={items} forms={forms} notice={notice} />, { status, noindex: true });
  };
  app.get<{ Querystring: { ok?: string } }>("/verwaltung/akten/klaerung", staff, async (req, reply) => renderClearing(req, reply, {}, 200, req.query.ok ? req.t("records.clearing.done") : undefined));

  app.get<{ Params: { id: string } }>("/verwaltung/akten/klaerung/:id/datei", staff, async (req, reply) => {
    const item = await clearingContent(db, req.params.id, req.user!.orgUnitIds);
    if (!item || item.assigned_at) return reply.callNotFound();
    await recordRead(ctxOf(req), { objectType: "records_document", objectId: item.id, what: "clearing" });
    return reply.type(item.media_type).header("content-length", item.blob.size).header("content-disposition", contentDisposition(item.filename)).header("cache-control", "no-store").send(blobStream(db, item.blob));
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/klaerung/:id", { ...staff, config: writeLimit }, async (req, reply) => {
    if (!(await clearingContent(db, req.params.id, req.user!.orgUnitIds))) return reply.callNotFound();
    const suffix = req.params.id.slice(0, 8);
    const raw = readForm(req.body, [`vorgang-${suffix}`, `titel-${suffix}`] as const);
    const ref = (raw[`vorgang-${suffix}`] ?? "").trim();
    const title = (raw[`titel-${suffix}`] ?? "").trim();
    const form = emptyForm({ [`vorgang-${suffix}`]: ref, [`titel-${suffix}`]: title });
    if (!ref) form.errors[`vorgang-${suffix}`] = req.t("validation.required");
    if (!title || title.length > 200) form.errors[`titel-${suffix}`] = req.t("validation.required");
    const caseId = ref ? await caseIdByReference(db, ref) : undefined;
    if (ref && (!caseId || !(await recordAccess(db, req.user, caseId)).write)) form.errors[`vorgang-${suffix}`] = req.t("records.clearing.unknown");
    if (Object.keys(form.errors).length || !caseId) return renderClearing(req, reply, { [req.params.id]: form }, 422);
    const result = await clearingAssigner(ctxOf(req), { clearingId: req.params.id, caseId, title, userId: req.user!.id });
    if (!result.ok) {
      form.errors[`vorgang-${suffix}`] = req.t(result.reason === "closed" ? "records.upload.closed" : "records.clearing.unknown");
      return renderClearing(req, reply, { [req.params.id]: form }, 409);
    }
    await queueOcr(app, req.id);
    return reply.redirect("/verwaltung/akten/klaerung?ok=1", 303);
  });

  // ---- Disposal list.
  app.get<{ Querystring: { ok?: string } }>("/verwaltung/akten/aussonderung", staff, async (req, reply) => {
    const rows = await disposalList(db, req.user!.orgUnitIds);
    const notice = req.query.ok === "V" ? req.t("records.disposal.doneDestroyed") : req.query.ok ? req.t("records.disposal.doneArchived") : undefined;
    return reply.page(req.t("records.disposal.title"), (ctx) => <DisposalPage ctx={ctx} rows={rows} notice={notice} />, { noindex: true });
  });

  app.post<{ Params: { id: string } }>("/verwaltung/akten/aussonderung/:id", { ...staff, config: writeLimit }, async (req, reply) => {
    const d = await findDisposal(db, req.params.id);
    if (!d || !req.user!.orgUnitIds.includes(d.owner_unit_id)) return reply.callNotFound();
    if (d.approved_at) return reply.redirect("/verwaltung/akten/aussonderung", 303);
    const file = await findFile(db, d.file_id);
    await authorizeRecord(db, req.user, file?.case_id, "write");
    // The handed-over package is kept until the archive confirms its import: streamed into a large object (migration 0098).
    const archive = d.disposal === "V" ? undefined : () => xdomeaExport(db, app.deps.county.name, d.file_id);
    await disposalApprover(ctxOf(req), { fileId: d.file_id, userId: req.user!.id, archive });
    return reply.redirect(`/verwaltung/akten/aussonderung?ok=${d.disposal}`, 303);
  });

  app.post("/verwaltung/akten/aussonderung/antwort", { ...staff, config: writeLimit }, async (req, reply) => {
    const upload = (req.uploads ?? []).find((f) => f.field === "antwort" && f.size > 0 && !f.truncated);
    const rows = await disposalList(db, req.user!.orgUnitIds);
    const fail = (text: string) => reply.page(req.t("records.disposal.title"), (ctx) => <DisposalPage ctx={ctx} rows={rows} answerError={text} />, { status: 422, noindex: true });
    if (!upload) return fail(req.t("records.answer.missing"));
    const result = await archiveAnswerImporter(ctxOf(req), { xml: (await uploadBytes(upload)).toString("utf8"), unitIds: req.user!.orgUnitIds });
    if (!result.ok) return fail(req.t(`records.answer.${result.reason}`, { detail: result.detail ?? "" }));
    const after = await disposalList(db, req.user!.orgUnitIds);
    if (result.received.length) return reply.page(req.t("records.disposal.title"), (ctx) => <DisposalPage ctx={ctx} rows={after} notice={req.t("records.answer.received", { files: result.received.join(", ") })} />, { noindex: true });
    const text = req.t("records.answer.done", { confirmed: result.confirmed.join(", ") || "–", refused: result.refused.map((r) => `${r.fileNumber}: ${r.message}`).join("; ") || "–" });
    return reply.page(req.t("records.disposal.title"), (ctx) => <DisposalPage ctx={ctx} rows={after} notice={text} />, { noindex: true });
  });

  app.get<{ Params: { id: string } }>("/verwaltung/akten/aussonderung/:id/xdomea.zip", staff, async (req, reply) => {
    const d = await findDisposal(db, req.params.id);
    if (!d || !(d.archive_oid || d.archive_zip) || !req.user!.orgUnitIds.includes(d.owner_unit_id)) return reply.callNotFound();
    await recordRead(ctxOf(req), { objectType: "records_file", objectId: d.file_id, what: "xdomea-0503" });
    // Since 0098 a large object read in 256 KiB pieces as fast as the client takes them; before, a bytea.
    const size = d.archive_oid ? Number(d.archive_size) : d.archive_zip!.length;
    const body = blobStream(db, { content: d.archive_oid ? null : d.archive_zip, oid: d.archive_oid, size });
    return reply.type("application/zip").header("content-length", size).header("content-disposition", contentDisposition(`aussonderung-${d.file_id}.zip`)).header("cache-control", "no-store").send(body);
  });
}
