/**
 * JSON API of the E-Akte for specialist software (Fachverfahren): personal API tokens of a staff account
 * (the "system account" of the software, member of its department) with the scopes records:read and
 * records:write (ADR 0034), and cases:write for steps of a case (ADR 0062, through the cases module's index).
 * What a token may see and change is decided by the cases policy, as for the account.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireApiToken } from "../../platform/auth/apiTokens.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { memberUnitIds } from "../accounts/index.js";
import { caseIdByReference, caseTransitioner, caseWorkflowState } from "../cases/index.js";
import { documentAdder, recordRead, scanDefectMarker, scanReleaser, type ReleaseResult } from "./commands/documents.js";
import { scanIntake } from "./commands/intake.js";
import { mayReadDocument, recordAccess, type RecordsUser } from "./policies.js";
import { findDocument, findFile, HIT_END, HIT_START, searchDocuments, unreleasedScans } from "./queries.js";
import { presentDocument, presentRelease } from "./presenters.js";
import { SCAN_MEDIA_TYPES, sniffScan } from "./scan.js";
import { CaseReferenceParams, CaseStateJson, CaseStepBody, CaseStepResult, DocumentCreated, DocumentJson, IdParams, PendingScans, ScanCheckResult, ScanRejectBody, ScanResult, SearchQuery, SearchResults } from "./schemas.js";
import { queueOcr, uploadContent, xdomeaExport } from "./service.js";

const tags = ["E-Akte"];
const security = [{ bearerAuth: [] }];
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,100}$/;

export async function recordsRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  /** The token's account as the cases policy sees it. */
  async function principalUser(req: FastifyRequest): Promise<RecordsUser> {
    const p = req.apiPrincipal!;
    return { id: p.userId, kind: p.kind, isAdmin: false, orgUnitIds: p.kind === "staff" ? await memberUnitIds(db, p.userId) : [] };
  }
  const ctxOf = (req: FastifyRequest) => ({ actor: req.actor(), db, requestId: req.id });

  function singleFile(req: FastifyRequest) {
    const files = req.uploads ?? [];
    return req.isMultipart() && files.length === 1 && files[0]!.field === "file" && files[0]!.size > 0 ? files[0]! : undefined;
  }

  app.post(
    "/api/v1/records/documents",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      preHandler: requireApiToken("records:write"),
      schema: {
        tags,
        security,
        summary: "Dokument in die Akte eines Vorgangs ablegen (records:write)",
        description: "multipart/form-data: `file` (PDF, TIFF, PNG, JPEG; am Inhalt geprüft), `caseReference`, `title`. Mit Header `Idempotency-Key` liefert eine Wiederholung dasselbe Ergebnis (200 statt 201). Abgeschlossene Akte (zdA) → 409. Die Texterkennung läuft danach im Hintergrund.",
        consumes: ["multipart/form-data"],
        response: { 200: DocumentCreated, 201: DocumentCreated, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const file = singleFile(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const reference = typeof body.caseReference === "string" ? body.caseReference.trim() : "";
      const title = typeof body.title === "string" ? body.title.trim() : "";
      const key = req.headers["idempotency-key"];
      if (!file) return sendProblem(reply, 400, "Bitte genau eine Datei im Feld „file“ als multipart/form-data senden.");
      if (file.truncated) return sendProblem(reply, 413, "Die Datei ist zu groß.");
      const kind = sniffScan(file.head);
      const errors = [...(!reference ? [{ path: "/caseReference", message: "Vorgangsnummer fehlt." }] : []), ...(!title || title.length > 200 ? [{ path: "/title", message: "Titel (1 bis 200 Zeichen) fehlt." }] : []), ...(!kind ? [{ path: "/file", message: "Nur PDF, TIFF, PNG oder JPEG." }] : [])];
      if (key !== undefined && (typeof key !== "string" || !IDEMPOTENCY_KEY.test(key))) errors.push({ path: "/headers/idempotency-key", message: "8 bis 100 sichtbare ASCII-Zeichen." });
      if (errors.length) return sendProblem(reply, 422, "Die Angaben sind unvollständig oder ungültig.", { errors });
      const user = await principalUser(req);
      const caseId = await caseIdByReference(db, reference);
      if (!caseId) return sendProblem(reply, 404, "Keinen Vorgang mit dieser Nummer gefunden.");
      if (!(await recordAccess(db, user, caseId)).write) return sendProblem(reply, 403, "Keine Berechtigung, in diesem Vorgang abzulegen.");
      const added = await documentAdder(ctxOf(req), { caseId, title, filename: file.fileName.slice(0, 200) || "dokument", mediaType: SCAN_MEDIA_TYPES[kind!], content: uploadContent(file), source: "api", userId: user.id, idempotencyKey: typeof key === "string" ? key : undefined });
      if (!added.ok) return sendProblem(reply, 409, added.reason === "closed" ? "Die Akte ist abgeschlossen (zdA) und kann nicht geändert werden." : "Zu diesem Vorgang gibt es noch keine Akte.");
      if (!added.repeated) await queueOcr(app, req.id);
      return reply.code(added.repeated ? 200 : 201).send({ id: added.documentId, version: added.version, sha256: added.sha256 });
    },
  );

  app.post(
    "/api/v1/records/scans",
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      preHandler: requireApiToken("records:write"),
      schema: {
        tags,
        security,
        summary: "Scan einliefern (Scansoftware, records:write)",
        description: "multipart/form-data: `file` (PDF oder TIFF, mehrseitig), optional `device` (Scanner); `qualityChecked` wird nicht mehr ausgewertet: die Qualitätsprüfung gibt eine zweite Person in der E-Akte frei (Vier-Augen-Prinzip). Ein Deckblatt mit QR-Code auf der ersten Seite ordnet den Scan dem Vorgang zu (201, result filed); sonst landet er in der Klärungsliste (202, result clearing).",
        consumes: ["multipart/form-data"],
        response: { 201: ScanResult, 202: ScanResult, 400: Problem, 401: Problem, 403: Problem, 409: Problem, 413: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const file = singleFile(req);
      if (!file) return sendProblem(reply, 400, "Bitte genau eine Datei im Feld „file“ als multipart/form-data senden.");
      if (file.truncated) return sendProblem(reply, 413, "Die Datei ist zu groß.");
      const body = (req.body ?? {}) as Record<string, unknown>;
      const device = typeof body.device === "string" && body.device.trim() ? body.device.trim().slice(0, 100) : `API: ${req.apiPrincipal!.tokenName}`.slice(0, 100);
      const result = await scanIntake(ctxOf(req), { user: await principalUser(req), filename: file.fileName.slice(0, 200) || "scan.pdf", content: uploadContent(file), device });
      if (result.kind === "refused") return result.reason === "closed" ? sendProblem(reply, 409, "Die Akte ist abgeschlossen (zdA).") : sendProblem(reply, 422, "Nur PDF, TIFF, PNG oder JPEG.", { errors: [{ path: "/file", message: "Nur PDF, TIFF, PNG oder JPEG." }] });
      if (result.kind === "filed") {
        await queueOcr(app, req.id);
        return reply.code(201).send({ result: "filed", documentId: result.documentId, caseReference: result.caseReference, sha256: result.sha256 });
      }
      return reply.code(202).send({ result: "clearing", clearingId: result.clearingId, reason: result.reason });
    },
  );

  // ---- Quality check of scans by specialist software (the same commands as the staff pages' release and defect, ADR 0077).
  app.get(
    "/api/v1/records/scans/pending",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      preHandler: requireApiToken("records:read"),
      schema: { tags, security, summary: "Scans, die auf die Qualitätsprüfung warten (records:read)", description: "Scans in offenen Akten der Organisationseinheit des Schlüssels, älteste zuerst (höchstens 200). `mayRelease` ist false für Scans, die das Konto des Schlüssels selbst eingeliefert hat (Vier-Augen-Prinzip).", response: { 200: PendingScans, 401: Problem, 403: Problem } },
    },
    async (req) => {
      const user = await principalUser(req);
      const scans = [];
      for (const s of await unreleasedScans(db, user.orgUnitIds)) {
        const access = await recordAccess(db, user, s.case_id);
        if (!access.read) continue;
        scans.push({ documentId: s.id, title: s.title, fileId: s.file_id, fileNumber: s.file_number, caseReference: s.reference, device: s.device, scannedAt: s.scanned_at.toISOString(), scannedBy: s.scanned_by, mayRelease: access.write && s.scanned_by !== user.id });
      }
      await recordRead(ctxOf(req), { objectType: "records_file", objectId: scans[0]?.fileId ?? "scans", what: `api-pending-scans:${scans.length}` });
      return { scans };
    },
  );

  const NO_SCAN = "Kein Scan mit dieser Kennung in den Akten Ihrer Organisationseinheit.";
  const CHECK_REFUSED: Record<Exclude<ReleaseResult, { ok: true }>["reason"], [number, string]> = {
    own: [403, "Das Konto dieses Schlüssels hat den Scan selbst eingeliefert. Die Qualitätsprüfung muss eine andere Person oder ein anderes Konto vornehmen (Vier-Augen-Prinzip)."],
    released: [409, "Dieser Scan ist bereits freigegeben."],
    defective: [409, "Dieser Scan wurde bereits als mangelhaft zurückgewiesen; er wird neu gescannt."],
    closed: [409, "Die Akte ist abgeschlossen (zdA): Scans darin können nicht mehr freigegeben oder zurückgewiesen werden."],
    not_scan: [404, NO_SCAN],
  };

  /**
   * Release (no reason) or reject (with a reason) one scan, under the same policy as the case API: a scan the key may not
   * read (another unit's case, a document withdrawn from it by its own confidentiality level, not a scan) is 404, as if it
   * did not exist; a scan it may read but not check (a participating unit: read, not write) is 403.
   */
  async function checkScan(req: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply, reason?: string) {
    const user = await principalUser(req);
    const d = await findDocument(db, req.params.id);
    const access = d ? await recordAccess(db, user, d.case_id) : { read: false, write: false };
    if (!d || !d.scan_document_id || !mayReadDocument(access, { confidentiality: d.doc_confidentiality })) return sendProblem(reply, 404, NO_SCAN);
    if (!access.write) return sendProblem(reply, 403, "Keine Berechtigung, Scans dieser Akte zu prüfen.");
    const r = reason === undefined ? await scanReleaser(ctxOf(req), { documentId: d.id, userId: user.id }) : await scanDefectMarker(ctxOf(req), { documentId: d.id, userId: user.id, reason });
    if (!r.ok) return sendProblem(reply, CHECK_REFUSED[r.reason][0], CHECK_REFUSED[r.reason][1]);
    return { documentId: d.id, release: presentRelease((await findDocument(db, d.id))!) };
  }

  app.post<{ Params: IdParams }>(
    "/api/v1/records/scans/:id/release",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      preHandler: requireApiToken("records:write"),
      schema: { tags, security, summary: "Scan nach der Qualitätsprüfung freigeben (records:write)", description: "Vier-Augen-Prinzip: nicht durch das Konto, das den Scan eingeliefert hat (403). Scan in einem Vorgang, den das Konto nicht lesen darf (oder kein Scan) → 404; lesbar, aber nicht zuständig (beteiligte Stelle) → 403, wie bei den Schritten eines Vorgangs; bereits geprüft oder Akte abgeschlossen (zdA) → 409. Protokolliert als `records.scan_released` mit dem Systemkonto.", params: IdParams, response: { 200: ScanCheckResult, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem } },
    },
    async (req, reply) => checkScan(req, reply),
  );

  app.post<{ Params: IdParams; Body: ScanRejectBody }>(
    "/api/v1/records/scans/:id/reject",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      preHandler: requireApiToken("records:write"),
      schema: { tags, security, summary: "Scan als mangelhaft zurückweisen (records:write)", description: "JSON `{ reason }` (Pflicht, höchstens 1.000 Zeichen): wer gescannt hat, scannt neu. Dieselben Regeln wie bei der Freigabe (403 eigener Scan oder beteiligte Stelle, 404, 409); leere Begründung → 422. Protokolliert als `records.scan_defective` mit der Begründung.", params: IdParams, body: ScanRejectBody, response: { 200: ScanCheckResult, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem } },
    },
    async (req, reply) => {
      const reason = req.body.reason.trim();
      if (!reason) return sendProblem(reply, 422, "Bitte beschreiben Sie, was an dem Scan mangelhaft ist.", { errors: [{ path: "/reason", message: "Begründung fehlt." }] });
      return checkScan(req, reply, reason);
    },
  );

  app.get<{ Querystring: SearchQuery }>(
    "/api/v1/records/search",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      preHandler: requireApiToken("records:read"),
      schema: { tags, security, summary: "Volltextsuche in den lesbaren Akten (records:read)", description: "Deutsche Stammformen (PostgreSQL FTS, german); durchsucht Dokumenttext (auch OCR gescannter Seiten), Titel, Aktenzeichen und Dateinamen. Nur Akten, die das Konto des Tokens nach den Regeln der Vorgänge lesen darf.", querystring: SearchQuery, response: { 200: SearchResults, 400: Problem, 401: Problem, 403: Problem } },
    },
    async (req) => {
      const user = await principalUser(req);
      const hits = await searchDocuments(db, { q: req.query.q, unitIds: user.orgUnitIds, limit: req.query.limit ?? 20 });
      const results = [];
      for (const h of hits) if (mayReadDocument(await recordAccess(db, user, h.caseId), { confidentiality: h.raised ? "raised" : null })) results.push({ documentId: h.documentId, fileId: h.fileId, fileNumber: h.fileNumber, caseReference: h.caseReference, title: h.title, snippet: h.snippet.split(HIT_START).join("").split(HIT_END).join("") });
      await recordRead(ctxOf(req), { objectType: "records_file", objectId: results[0]?.fileId ?? "search", what: `api-search:${results.length}` });
      return { results };
    },
  );

  app.get<{ Params: IdParams }>(
    "/api/v1/records/documents/:id",
    { preHandler: requireApiToken("records:read"), schema: { tags, security, summary: "Ein Dokument mit Versionen (SHA-256) und Seitentexten (records:read)", description: "Mit der Vertraulichkeitsstufe der Akte (`confidentiality`) und bei Scans dem Stand der Vier-Augen-Freigabe (`release`: pending, released, defective mit Begründung).", params: IdParams, response: { 200: DocumentJson, 400: Problem, 401: Problem, 403: Problem, 404: Problem } } },
    async (req, reply) => {
      const d = await findDocument(db, req.params.id);
      // Not readable — also a document raised above its file's level for a participating unit — is 404 (nothing learnt).
      if (!d || !mayReadDocument(await recordAccess(db, await principalUser(req), d.case_id), { confidentiality: d.doc_confidentiality })) return sendProblem(reply, 404, "Kein Dokument mit dieser Kennung (oder keine Berechtigung).");
      await recordRead(ctxOf(req), { objectType: "records_document", objectId: d.id, what: "api-document" });
      return presentDocument(d, req.t);
    },
  );

  app.get<{ Params: IdParams }>(
    "/api/v1/records/files/:id/xdomea",
    { config: { rateLimit: { max: 20, timeWindow: 60_000 } }, preHandler: requireApiToken("records:read"), schema: { tags, security, summary: "Akte als xdomea-3.0.0-Paket Aussonderung.Aussonderung.0503 (ZIP, records:read)", description: "Die XML-Nachricht wird vor der Auslieferung gegen die XSD von xdomea 3.0.0 geprüft.", params: IdParams, response: { 400: Problem, 401: Problem, 403: Problem, 404: Problem } } },
    async (req, reply) => {
      const file = await findFile(db, req.params.id);
      const access = file ? await recordAccess(db, await principalUser(req), file.case_id) : { read: false, write: false };
      if (!file || !access.read) return sendProblem(reply, 404, "Keine Akte mit dieser Kennung (oder keine Berechtigung).");
      // A participating unit's export leaves out documents raised above the file's confidentiality level (policies.ts).
      const exported = await xdomeaExport(db, app.deps.county.name, file.id, { raised: access.write });
      await recordRead(ctxOf(req), { objectType: "records_file", objectId: file.id, what: "api-xdomea" });
      return reply.type("application/zip").header("content-disposition", `attachment; filename="${exported.processId}_Aussonderung.Aussonderung.0503.zip"`).header("cache-control", "no-store").send(exported.zip);
    },
  );

  const NOT_FOUND = "Kein Vorgang mit dieser Nummer (oder keine Berechtigung).";

  app.get<{ Params: CaseReferenceParams }>(
    "/api/v1/records/cases/:reference",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      preHandler: requireApiToken("cases:write"),
      schema: { tags, security, summary: "Stand eines Vorgangs und mögliche Schritte (cases:write)", description: "Für Vorgänge, die das Konto des Tokens lesen darf (zuständige oder beteiligte Stelle); sonst 404. `version` wird beim Schritt mitgeschickt.", params: CaseReferenceParams, response: { 200: CaseStateJson, 400: Problem, 401: Problem, 403: Problem, 404: Problem } },
    },
    async (req, reply) => {
      const caseId = await caseIdByReference(db, req.params.reference);
      const state = caseId ? await caseWorkflowState(db, await principalUser(req), caseId) : undefined;
      if (!caseId || !state) return sendProblem(reply, 404, NOT_FOUND);
      await recordRead(ctxOf(req), { objectType: "case", objectId: caseId, what: "api-case-state" });
      return state;
    },
  );

  app.post<{ Params: CaseReferenceParams; Body: CaseStepBody }>(
    "/api/v1/records/cases/:reference/transitions",
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      preHandler: requireApiToken("cases:write"),
      schema: {
        tags,
        security,
        summary: "Einen Schritt des Verfahrens ausführen (cases:write)",
        description: "Wie die Sachbearbeitung im Portal: nur die zuständige Stelle (sonst 403; nicht lesbar → 404), nur im Verfahren erlaubte Schritte (409 `urn:kreisportal:problem:illegal-transition` mit `allowed`), mit der zuletzt gesehenen `version` (veraltet → 409 `urn:kreisportal:problem:stale-version` mit `currentVersion`, nichts wird geschrieben). Schritte mit Vier-Augen-Prinzip werden vorgeschlagen (202); freigeben muss eine andere Person. Das Protokoll nennt das Systemkonto.",
        params: CaseReferenceParams,
        body: CaseStepBody,
        response: { 200: CaseStepResult, 202: CaseStepResult, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const caseId = await caseIdByReference(db, req.params.reference);
      const user = await principalUser(req);
      // A unit that may not even read the case learns nothing about it (404, as for the state).
      if (!caseId || !(await recordAccess(db, user, caseId)).read) return sendProblem(reply, 404, NOT_FOUND);
      const r = await caseTransitioner(ctxOf(req), { caseId, event: req.body.event, version: req.body.version, text: req.body.text, user });
      const reference = req.params.reference;
      switch (r.kind) {
        case "ok":
          return { reference, state: r.state, version: r.version, approvalRequested: false, ...(r.documentId ? { documentId: r.documentId } : {}) };
        case "approval_requested":
          return reply.code(202).send({ reference, state: r.state, version: r.version, approvalRequested: true });
        case "not_found":
          return sendProblem(reply, 404, NOT_FOUND);
        case "forbidden":
          return sendProblem(reply, 403, r.message);
        case "illegal":
          return sendProblem(reply, 409, r.message, { type: "illegal-transition", extensions: { allowed: r.allowed } });
        case "stale":
          return sendProblem(reply, 409, r.message, { type: "stale-version", extensions: { currentVersion: r.currentVersion } });
        case "invalid":
          return sendProblem(reply, 422, r.message);
      }
    },
  );
}
