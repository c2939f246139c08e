import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { canonicalJson } from "../../platform/audit/index.js";
import { readFormFiles } from "./definition.js";
import { fieldPathTable } from "./fieldPaths.js";
import { presentForm, presentFormSummary } from "./presenters.js";
import { findForm, findSubmission, listForms, listOwnApplications } from "./queries.js";
import { canSubmission } from "./policies.js";
import { statusCodeFor } from "./commands/applicationSubmitter.js";
import { requireApiToken } from "../../platform/auth/apiTokens.js";
import { applicantOverview, statusOfSubmission } from "../mailbox/index.js";
import { ApplicationListResponse, ApplicationParams, ApplicationResponse, ErrorResponse, FormListQuery, FormListResponse, FormParams, FormResponse, SubmissionBody, SubmissionCreated, SubmissionErrors } from "./schemas.js";
import { statusPath, submitApplication } from "./service.js";
import { sendConfirmationMail } from "./confirmationMail.js";
import { translator } from "../../platform/i18n/index.js";

const tags = ["Anträge"];
const security = [{ bearerAuth: [] }];
const submitLimit = { rateLimit: { max: 60, timeWindow: 60_000 } };

/** JSON API: forms by LeiKa key, a form with its JSON Schema, submissions with Idempotency-Key. */
export async function applicationRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const statusUrlOf = async (id: string, reference: string) => `${config.publicUrl}${statusPath(reference, await statusCodeFor(db, config.sessionSecret, id))}`;
  // The API documentation lists every shipped form's field paths (the issue asks for them in the API docs).
  const shipped = await readFormFiles();
  const fieldPathDocs = shipped.map((def) => `### \`${def.id}\` – ${def.title}\n\n${fieldPathTable(def)}`).join("\n\n");

  app.get<{ Querystring: FormListQuery }>(
    "/api/v1/forms",
    { schema: { tags, summary: "Online-Formulare, optional zu einer Leistung (LeiKa-Schlüssel)", querystring: FormListQuery, response: { 200: FormListResponse, 400: ErrorResponse } } },
    async (req, reply) => {
      const key = req.query.leikaKey;
      if (key !== undefined && !/^\d{14}$/.test(key)) return reply.code(400).send({ error: "bad_request", message: "Der LeiKa-Schlüssel hat 14 Ziffern." });
      return (await listForms(db, key)).map(presentFormSummary);
    },
  );

  app.get<{ Params: FormParams }>(
    "/api/v1/forms/:id",
    { schema: { tags, summary: "Formulardefinition mit JSON Schema", params: FormParams, response: { 200: FormResponse, 404: ErrorResponse } } },
    async (req, reply) => {
      const form = await findForm(db, req.params.id);
      if (!form) return reply.code(404).send({ error: "not_found", message: `Kein Formular ${req.params.id}` });
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
        description: `Formulare mit \`anonymous: true\` ohne Anmeldung; Formulare, die ein Konto brauchen, mit einem persönlichen API-Token (\`Authorization: Bearer kp_…\`, Berechtigung \`submissions:write\`, erstellt unter „Mein Konto“ → „API-Zugänge“). Mit Token gehört der Antrag dem Konto wie im Portal (Meine Anträge, Postfach). Ohne Token → 403 \`account_required\`; ungültiges, abgelaufenes oder widerrufenes Token → 401, fehlende Berechtigung → 403, jeweils mit \`WWW-Authenticate: Bearer error=…\` (RFC 6750).\n\nDie Antworten als JSON nach \`jsonSchema\`. Mit dem Header \`Idempotency-Key\` liefert eine Wiederholung denselben Antrag statt eines zweiten. \`statusUrl\` enthält den geheimen Statuscode. Fehlerpfade (\`errors[].path\`) sind JSON Pointer auf die Felder; \`{i}\` ist die Nummer (ab 0) einer Instanz einer wiederholbaren Gruppe.\n\n## Feldpfade der Formulare\n\n${fieldPathDocs}`,
        params: FormParams,
        body: SubmissionBody,
        response: { 201: SubmissionCreated, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: SubmissionErrors, 422: SubmissionErrors },
      },
    },
    async (req, reply) => {
      const form = await findForm(db, req.params.id);
      if (!form) return reply.code(404).send({ error: "not_found", message: `Kein Formular ${req.params.id}` });
      const keyHeader = req.headers["idempotency-key"];
      const key = typeof keyHeader === "string" ? keyHeader.trim() : undefined;
      if (key !== undefined && (key.length < 8 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key))) {
        return reply.code(422).send({ errors: [{ path: "/", message: "Idempotency-Key: 8 bis 200 sichtbare ASCII-Zeichen." }] });
      }
      // The API never authenticates with the session cookie (it is exempt from CSRF). Without a personal
      // token a submission is anonymous; forms that need an account need a token (preHandler checked it).
      const principal = req.apiPrincipal;
      if (!form.definition.anonymous && !principal) {
        return reply
          .code(403)
          .header("www-authenticate", 'Bearer realm="kreisportal", scope="submissions:write"')
          .send({ error: "account_required", message: "Dieses Formular braucht ein Konto. Senden Sie ein persönliches API-Token mit der Berechtigung „submissions:write“ (Authorization: Bearer kp_…); Sie erstellen es im Portal unter „Mein Konto“ → „API-Zugänge“." });
      }
      // As in the browser: the submission belongs to a citizen account; staff submit without one.
      const userId = principal?.kind === "citizen" ? principal.userId : null;
      const body = (req.body && typeof req.body === "object" && !Array.isArray(req.body) ? req.body : {}) as Record<string, unknown>;
      const outcome = await submitApplication({ actor: req.actor(), db, requestId: req.id }, config, form, body, {
        source: "json",
        userId,
        channel: "api",
        // An account's keys are its own: another client's key can never replay this account's submission.
        idempotencyKey: key ? (userId ? `${form.id}:u:${userId}:${key}` : `${form.id}:${key}`) : undefined,
        requestHash: key ? createHash("sha256").update(canonicalJson(body)).digest("hex") : undefined,
      });
      if (outcome.kind === "invalid") return reply.code(422).send({ errors: outcome.errors });
      if (outcome.kind === "conflict") return reply.code(409).send({ errors: [{ path: "/", message: "Dieser Idempotency-Key wurde bereits für andere Daten verwendet." }] });
      if (outcome.kind === "replayed") reply.header("Idempotent-Replayed", "true");
      // Confirmed by mail as in the web flow: to the token's account holder – who learns of every application a
      // program sent in their name and where to revoke the token – or else to the e-mail address answered.
      const answeredEmail = typeof body.email === "string" && body.email.trim() ? body.email.trim() : undefined;
      const to = principal?.email ?? answeredEmail;
      if (to && outcome.kind === "created") {
        const t = translator("de");
        await sendConfirmationMail(db, app.deps.mailer, req.log, {
          to,
          title: form.definition.title,
          reference: outcome.reference,
          receiptUrl: outcome.receiptUrl,
          statusUrl: outcome.statusUrl,
          note: principal ? t("applications.mail.viaToken", { token: principal.tokenName, revokeUrl: `${config.publicUrl}/konto#api-zugaenge` }) : undefined,
        });
      }
      return reply.code(201).send({ reference: outcome.reference, receiptUrl: outcome.receiptUrl, statusUrl: outcome.statusUrl });
    },
  );

  // ---- The token holder's own applications (scope applications:read).
  const readLimit = { rateLimit: { max: 120, timeWindow: 60_000 } };
  const readAuth = requireApiToken("applications:read");
  const tokenErrors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

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
    { config: readLimit, preHandler: readAuth, schema: { tags, security, summary: "Stand eines eigenen Antrags (persönliches API-Token)", description: "Nur Anträge des Kontos, dem das Token gehört; fremde und unbekannte Aktenzeichen → 404.", params: ApplicationParams, response: { 200: ApplicationResponse, ...tokenErrors, 404: ErrorResponse } } },
    async (req, reply) => {
      const sub = await findSubmission(db, req.params.reference);
      // Someone else's application looks exactly like an unknown reference, so references cannot be probed.
      if (!canSubmission(req.actor(), "read", sub)) return reply.code(404).send({ error: "not_found", message: "Kein eigener Antrag mit diesem Aktenzeichen." });
      const form = await findForm(db, sub!.form_id, sub!.form_version);
      const info = await statusOfSubmission(db, sub!.id, req.locale);
      return {
        reference: sub!.reference,
        formId: sub!.form_id,
        title: form?.title ?? sub!.form_id,
        submittedAt: new Date(sub!.submitted_at).toISOString(),
        status: info?.status ?? "received",
        timeline: (info?.timeline ?? []).map((e) => ({ at: e.at.toISOString(), status: e.status, text: e.text })),
        statusUrl: await statusUrlOf(sub!.id, sub!.reference),
      };
    },
  );
}
