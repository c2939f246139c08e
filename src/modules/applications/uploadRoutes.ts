/**
 * Upload routes of the applications module: the API upload (`POST /api/v1/uploads`, for file fields of
 * `POST /api/v1/forms/{id}/submissions`) and the downloads for the uploader and the receipt holder.
 */
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { findFile, fileStoreFor, refusalMessage, sendStoredFile, storeUpload, uploadClientKey } from "../../platform/files/index.js";
import { translator } from "../../platform/i18n/index.js";
import { authorizeSubmission, canDownloadDraftFile } from "./policies.js";
import { findSubmission } from "./queries.js";
import { ErrorResponse, SubmissionErrors } from "./schemas.js";
import { API_UPLOAD_PURPOSE, API_UPLOAD_RETENTION_HOURS } from "./uploads.js";
import { setUploadLimitForViews } from "./pages/fileField.js";

const ANON_COOKIE = "kp_antrag";
export const UploadCreated = Type.Object({
  id: Type.String({ description: "In der Einreichung als {\"id\": …} im Dateifeld angeben" }),
  name: Type.String(),
  mediaType: Type.String({ examples: ["application/pdf"] }),
  size: Type.Integer(),
  sha256: Type.String(),
});

/** API upload and downloads of uploaded files. */
export async function applicationUploadRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  setUploadLimitForViews(config.files.maxBytes);
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
        response: { 201: UploadCreated, 400: ErrorResponse, 413: ErrorResponse, 422: SubmissionErrors, 429: ErrorResponse, 507: ErrorResponse },
      },
    },
    async (req, reply) => {
      const files = req.uploads ?? [];
      if (!req.isMultipart() || files.length !== 1 || files[0]!.field !== "file") {
        return reply.code(400).send({ error: "bad_request", message: "Bitte genau eine Datei im Feld „file“ als multipart/form-data senden." });
      }
      const stored = await storeUpload({ actor: req.actor(), db, requestId: req.id }, config, files[0]!, {
        uploaderId: null,
        purpose: API_UPLOAD_PURPOSE,
        retainUntil: new Date(Date.now() + API_UPLOAD_RETENTION_HOURS * 3600_000),
        client: uploadClientKey(req.actor(), req.ip),
      });
      if (!stored.ok && (stored.reason === "quota" || stored.reason === "storage_full")) {
        const message = refusalMessage(de, stored.reason, { maxBytes: config.files.maxBytes });
        if (stored.retryAfterSeconds) reply.header("Retry-After", String(stored.retryAfterSeconds));
        return reply.code(stored.reason === "quota" ? 429 : 507).send({ error: stored.reason, message });
      }
      if (!stored.ok) {
        const message = refusalMessage(de, stored.reason, { maxBytes: config.files.maxBytes, maxRequestBytes: config.files.maxRequestBytes });
        const tooLarge = stored.reason === "too_large" || stored.reason === "request_too_large";
        return reply.code(tooLarge ? 413 : 422).send(tooLarge ? { error: "too_large", message } : { errors: [{ path: "/file", message }] });
      }
      return reply.code(201).send(stored.file);
    },
  );

  const anonToken = (req: FastifyRequest) => {
    const raw = req.cookies[ANON_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : undefined;
    return unsigned?.valid ? (unsigned.value ?? undefined) : undefined;
  };
  const notFound = (reply: FastifyReply) => {
    reply.callNotFound();
    return reply;
  };

  // The uploader's own file (draft pages link here): the account that uploaded it, or the holder of the anonymous draft token.
  app.get<{ Params: { fileId: string } }>("/antraege/dateien/:fileId", async (req, reply) => {
    const file = await findFile(db, req.params.fileId);
    if (!canDownloadDraftFile({ ...req.actor(), anonToken: anonToken(req) }, file)) return notFound(reply);
    return sendStoredFile(reply, file!, fileStoreFor(config.files));
  });

  // A submission's file for whoever holds the receipt's status code (or the submitting account).
  app.get<{ Params: { reference: string; fileId: string }; Querystring: { code?: string } }>("/antraege/quittung/:reference/dateien/:fileId", async (req, reply) => {
    const sub = await findSubmission(db, req.params.reference);
    authorizeSubmission({ ...req.actor(), statusCode: typeof req.query.code === "string" ? req.query.code : undefined }, "read", sub);
    const link = await db.selectFrom("application_submission_files").select("file_id").where("submission_id", "=", sub.id).where("file_id", "=", req.params.fileId).executeTakeFirst();
    const file = link ? await findFile(db, link.file_id) : undefined;
    if (!file) return notFound(reply);
    return sendStoredFile(reply, file, fileStoreFor(config.files));
  });
}
