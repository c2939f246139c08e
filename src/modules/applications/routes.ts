import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { canonicalJson } from "../../platform/audit/index.js";
import { fieldPathTable, readFormFiles } from "../forms/index.js";
import { presentForm, presentFormSummary } from "./presenters.js";
import { findForm, listForms } from "./queries.js";
import { requireApiToken } from "../../platform/auth/apiTokens.js";
import { UploadCreated, FormListQuery, FormListResponse, FormParams, FormResponse, SubmissionBody, SubmissionCreated } from "./schemas.js";
import { LEIKA_KEY } from "../../platform/keys.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { completeSubmission } from "./service.js";
import { refusalMessage, storeUpload, uploadClientKey } from "../../platform/files/index.js";
import { translator } from "./i18n.js";
import { API_UPLOAD_PURPOSE, API_UPLOAD_RETENTION_HOURS } from "./uploads.js";

const tags = ["Anträge"];
const submitLimit = { rateLimit: { max: 60, timeWindow: 60_000 } };

/** JSON API: forms by LeiKa key, a form with its JSON Schema, submissions with Idempotency-Key. */
export async function applicationRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  // The API documentation lists every shipped form's field paths (the issue asks for them in the API docs).
  const shipped = await readFormFiles();
  const fieldPathDocs = shipped.map((def) => `### \`${def.id}\` – ${def.title}\n\n${fieldPathTable(def)}`).join("\n\n");

  app.get<{ Querystring: FormListQuery }>(
    "/api/v1/forms",
    { schema: { tags, summary: "Online-Formulare, optional zu einer Leistung (LeiKa-Schlüssel)", querystring: FormListQuery, response: { 200: FormListResponse, 400: Problem } } },
    async (req, reply) => {
      const key = req.query.leikaKey;
      if (key !== undefined && !LEIKA_KEY.test(key)) return sendProblem(reply, 400, "Der LeiKa-Schlüssel hat 14 Ziffern.");
      return (await listForms(db, key)).map(presentFormSummary);
    },
  );

  app.get<{ Params: FormParams }>(
    "/api/v1/forms/:id",
    { schema: { tags, summary: "Formulardefinition mit JSON Schema", params: FormParams, response: { 200: FormResponse, 404: Problem } } },
    async (req, reply) => {
      const form = await findForm(db, req.params.id);
      if (!form) return sendProblem(reply, 404, `Kein Formular ${req.params.id}`);
      return presentForm(form);
    },
  );

  app.post<{ Params: FormParams; Body: Record<string, unknown> }>(
    "/api/v1/forms/:id/submissions",
    {
      config: submitLimit,
      preHandler: requireApiToken("submissions:write", { optional: true }),
      schema: {
        tags,
        security: [{}, { bearerAuth: [] }],
        summary: "Antrag einreichen",
        description: `Formulare mit \`anonymous: true\` ohne Anmeldung; Formulare, die ein Konto brauchen, mit einem persönlichen API-Token (\`Authorization: Bearer kp_…\`, Berechtigung \`submissions:write\`, erstellt unter „Mein Konto“ → „API-Zugänge“). Mit Token gehört der Antrag dem Konto wie im Portal (Meine Anträge, Postfach). Ohne Token → 403 (\`type\` \`urn:kreisportal:problem:account-required\`); ungültiges, abgelaufenes oder widerrufenes Token → 401, fehlende Berechtigung → 403, jeweils mit \`WWW-Authenticate: Bearer error=…\` (RFC 6750).\n\nDie Antworten als JSON nach \`jsonSchema\`. Mit dem Header \`Idempotency-Key\` liefert eine Wiederholung denselben Antrag statt eines zweiten. \`statusUrl\` enthält den geheimen Statuscode. Fehlerpfade (\`errors[].path\`) sind JSON Pointer auf die Felder; \`{i}\` ist die Nummer (ab 0) einer Instanz einer wiederholbaren Gruppe.\n\n## Feldpfade der Formulare\n\n${fieldPathDocs}`,
        params: FormParams,
        body: SubmissionBody,
        response: { 201: SubmissionCreated, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const form = await findForm(db, req.params.id);
      if (!form) return sendProblem(reply, 404, `Kein Formular ${req.params.id}`);
      const keyHeader = req.headers["idempotency-key"];
      const key = typeof keyHeader === "string" ? keyHeader.trim() : undefined;
      if (key !== undefined && (key.length < 8 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key))) {
        return sendProblem(reply, 422, "Idempotency-Key: 8 bis 200 sichtbare ASCII-Zeichen.", { errors: [{ path: "/", message: "Idempotency-Key: 8 bis 200 sichtbare ASCII-Zeichen." }] });
      }
      // The API never authenticates with the session cookie (it is exempt from CSRF). Without a personal
      // token a submission is anonymous; forms that need an account need a token (preHandler checked it).
      const principal = req.apiPrincipal;
      if (!form.definition.anonymous && !principal) {
        reply.header("www-authenticate", 'Bearer realm="kreisportal", scope="submissions:write"');
        return sendProblem(reply, 403, "Dieses Formular braucht ein Konto. Senden Sie ein persönliches API-Token mit der Berechtigung „submissions:write“ (Authorization: Bearer kp_…); Sie erstellen es im Portal unter „Mein Konto“ → „API-Zugänge“.", { type: "account-required" });
      }
      // As in the browser: the submission belongs to a citizen account; staff submit without one.
      const userId = principal?.kind === "citizen" ? principal.userId : null;
      const body = (req.body && typeof req.body === "object" && !Array.isArray(req.body) ? req.body : {}) as Record<string, unknown>;
      const outcome = await completeSubmission({ actor: req.actor(), db, requestId: req.id }, { app, config, mailer: app.deps.mailer, log: req.log }, form, body, {
        source: "json",
        userId,
        channel: "api",
        // An account's keys are its own: another client's key can never replay this account's submission.
        idempotencyKey: key ? (userId ? `${form.id}:u:${userId}:${key}` : `${form.id}:${key}`) : undefined,
        requestHash: key ? createHash("sha256").update(canonicalJson(body)).digest("hex") : undefined,
        // Confirmed by mail as in the web flow; with a token to the account holder, in the account's language.
        notice: principal ? { locale: principal.locale, account: { email: principal.email }, viaToken: principal.tokenName } : { locale: req.locale },
      });
      if (outcome.kind === "invalid") return sendProblem(reply, 422, "Die Antworten passen nicht zum Formular (siehe errors).", { errors: outcome.errors, errorCount: outcome.errorCount });
      if (outcome.kind === "conflict") return sendProblem(reply, 409, "Dieser Idempotency-Key wurde bereits für andere Daten verwendet.", { type: "idempotency-key-reused" });
      if (outcome.kind === "replayed") reply.header("Idempotent-Replayed", "true");
      return reply.code(201).send({ reference: outcome.reference, receiptUrl: outcome.receiptUrl, statusUrl: outcome.statusUrl });
    },
  );

  // ---- Files for file fields, uploaded before the submission names them.
  const de = translator("de");
  app.post(
    "/api/v1/uploads",
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ["Anträge"],
        summary: "Datei für einen Antrag hochladen",
        description:
          "multipart/form-data mit genau einem Dateifeld `file`. Erlaubt sind PDF, PNG und JPEG (geprüft am Inhalt, nicht am Namen) bis UPLOAD_MAX_BYTES (Standard 10 MB); mit konfiguriertem ClamAV wird auf Viren geprüft. Die `id` wird in `POST /api/v1/forms/{id}/submissions` im Dateifeld als `{\"id\": \"…\"}` angegeben; eine nicht verwendete Datei wird nach 24 Stunden gelöscht. Je Client (Konto, sonst IP-Adresse) sind höchstens UPLOAD_QUOTA_BYTES_PER_HOUR Bytes pro Stunde erlaubt (sonst 429 mit Retry-After); ist der Speicher für noch nicht verwendete Dateien voll (UPLOAD_UNLINKED_MAX_BYTES), antwortet der Dienst mit 507.",
        consumes: ["multipart/form-data"],
        response: { 201: UploadCreated, 400: Problem, 413: Problem, 422: Problem, 429: Problem, 507: Problem },
      },
    },
    async (req, reply) => {
      const files = req.uploads ?? [];
      if (!req.isMultipart() || files.length !== 1 || files[0]!.field !== "file") {
        return sendProblem(reply, 400, "Bitte genau eine Datei im Feld „file“ als multipart/form-data senden.");
      }
      const stored = await storeUpload({ actor: req.actor(), db, requestId: req.id }, config, files[0]!, {
        uploaderId: null,
        purpose: API_UPLOAD_PURPOSE,
        retainUntil: new Date(Date.now() + API_UPLOAD_RETENTION_HOURS * 3600_000),
        client: uploadClientKey(req.actor(), req.ip),
      });
      if (!stored.ok && (stored.reason === "quota" || stored.reason === "storage_full")) {
        if (stored.retryAfterSeconds) reply.header("Retry-After", String(stored.retryAfterSeconds));
        return sendProblem(reply, stored.reason === "quota" ? 429 : 507, refusalMessage(de, stored.reason, { maxBytes: config.files.maxBytes }));
      }
      if (!stored.ok) {
        const message = refusalMessage(de, stored.reason, { maxBytes: config.files.maxBytes, maxRequestBytes: config.files.maxRequestBytes });
        const tooLarge = stored.reason === "too_large" || stored.reason === "request_too_large";
        return sendProblem(reply, tooLarge ? 413 : 422, message, tooLarge ? {} : { errors: [{ path: "/file", message }] });
      }
      return reply.code(201).send(stored.file);
    },
  );
}
