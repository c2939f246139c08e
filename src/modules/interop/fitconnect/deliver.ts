/**
 * Delivery of submissions to FIT-Connect-shaped destinations (Submission API shape, v1):
 *   POST {base}/v1/submissions                       announce (destinationId, serviceType, announcedAttachments)
 *   PUT  {base}/v1/submissions/{id}/attachments/{a}   each attachment as JWE (application/jose)
 *   PUT  {base}/v1/submissions/{id}                   encryptedMetadata + encryptedData (JWE) → submitted
 * Metadata, data and every attachment are encrypted with the destination's public key (RSA-OAEP-256/A256GCM).
 * The delivery log row is updated outside any citizen transaction: a destination that is down never touches
 * the submission or its receipt; the job retries with exponential back-off, then marks the row failed.
 */
import type { Readable } from "node:stream";
import type { JWK } from "jose";
import type { Db } from "../../../platform/db/index.js";
import type { FileStore } from "../../../platform/files/types.js";
import { appendAudit } from "../../../platform/audit/index.js";
import { listSubmissionFiles, submissionForExchange } from "../../applications/index.js";
import { fetchAccessToken, needsToken, type FitConnectAuth } from "./auth.js";
import { encryptFor } from "./crypto.js";
import { buildPlainSubmission, schemaUri } from "./submission.js";

/** After this many failed attempts the delivery is marked failed (visible to staff; they can retry it). */
export const MAX_DELIVERY_ATTEMPTS = 6;
/** Back-off after the n-th failure: 1, 2, 4, 8, 16 minutes. */
export const backoffMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1);

export interface DeliveryDeps {
  db: Db;
  publicUrl: string;
  files?: FileStore;
  fetch?: typeof fetch;
  now?: Date;
  /** OAuth client of the real Submission API (config.interop.fitConnect); unset = no token is sent anywhere. */
  fitConnect?: FitConnectAuth;
}

async function readAll(s: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

async function send(f: typeof fetch, url: string, method: string, body: string, contentType: string, expect: number[], token?: string): Promise<Response> {
  const res = await f(url, { method, body, headers: { "content-type": contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal: AbortSignal.timeout(15_000) });
  if (!expect.includes(res.status)) throw new Error(`${method} ${new URL(url).pathname} → HTTP ${res.status}`);
  return res;
}

/** Delivers one logged submission; returns the remote submission id. Throws on any failure. */
export async function deliverOne(deps: DeliveryDeps, row: { submission_id: string; destination_id: string; submission_url: string; public_jwk: Record<string, unknown>; leika_key: string }, getToken: () => Promise<string>): Promise<string> {
  const f = deps.fetch ?? fetch;
  const token = needsToken(deps.fitConnect, row.submission_url) ? await getToken() : undefined;
  const sub = await submissionForExchange(deps.db, row.submission_id);
  if (!sub) throw new Error("Antrag nicht gefunden");
  const files = await listSubmissionFiles(deps.db, sub.id);
  const attachments = [];
  for (const file of files) {
    const stored = await deps.db.selectFrom("files").select(["storage_key"]).where("id", "=", file.fileId).executeTakeFirst();
    if (!stored || !deps.files) throw new Error(`Anlage ${file.label} nicht lesbar`);
    attachments.push({ filename: file.file.name, mimeType: file.file.mediaType, content: await readAll(await deps.files.get(stored.storage_key)) });
  }
  const plain = buildPlainSubmission({ reference: sub.reference, formId: sub.formId, formVersion: sub.formVersion, title: sub.title, leikaKey: row.leika_key, answers: sub.answers, jsonSchema: sub.jsonSchema, schemaUri: schemaUri(deps.publicUrl, sub.formId, sub.formVersion), attachments });
  const jwk = row.public_jwk as JWK;
  const base = row.submission_url.replace(/\/$/, "");
  const announced = await send(f, `${base}/v1/submissions`, "POST", JSON.stringify({ destinationId: row.destination_id, announcedAttachments: plain.attachments.map((a) => a.attachmentId), serviceType: plain.metadata.publicServiceType }), "application/json", [201], token);
  const { submissionId } = (await announced.json()) as { submissionId: string };
  if (!/^[0-9a-f-]{36}$/i.test(String(submissionId))) throw new Error("Ungültige Antwort der Zustelladresse");
  for (const a of plain.attachments) await send(f, `${base}/v1/submissions/${submissionId}/attachments/${a.attachmentId}`, "PUT", await encryptFor(jwk, a.content, a.mimeType), "application/jose", [204], token);
  const body = { encryptedMetadata: await encryptFor(jwk, JSON.stringify(plain.metadata)), encryptedData: await encryptFor(jwk, plain.data) };
  await send(f, `${base}/v1/submissions/${submissionId}`, "PUT", JSON.stringify(body), "application/json", [200, 202], token);
  return submissionId;
}

/** Delivers every due logged submission (the job runs this every minute); returns counts. */
export async function deliverDue(deps: DeliveryDeps, opts: { limit?: number } = {}): Promise<{ delivered: number; retried: number; failed: number }> {
  const now = deps.now ?? new Date();
  const due = await deps.db
    .selectFrom("interop_deliveries as d")
    .innerJoin("interop_destinations as t", "t.id", "d.destination_id")
    .select(["d.id", "d.submission_id", "d.destination_id", "d.attempts", "t.submission_url", "t.public_jwk", "t.leika_key"])
    .where("d.status", "=", "pending")
    .where("d.next_attempt_at", "<=", now)
    .orderBy("d.next_attempt_at")
    .limit(opts.limit ?? 20)
    .execute();
  const out = { delivered: 0, retried: 0, failed: 0 };
  // One token per run, fetched only when a due row goes to the real Submission API (nothing kept between runs).
  let token: Promise<string> | undefined;
  const getToken = () => (token ??= fetchAccessToken(deps.fitConnect!));
  for (const row of due) {
    // Claim: only the process that moves next_attempt_at forward delivers (several nodes run the job).
    const claimed = await deps.db
      .updateTable("interop_deliveries")
      .set({ attempts: row.attempts + 1, next_attempt_at: new Date(now.getTime() + backoffMs(row.attempts + 1)) })
      .where("id", "=", row.id)
      .where("attempts", "=", row.attempts)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) continue;
    try {
      const remote = await deliverOne(deps, row, getToken);
      await deps.db.transaction().execute(async (tx) => {
        await tx.updateTable("interop_deliveries").set({ status: "delivered", remote_id: remote, delivered_at: new Date(), last_error: null }).where("id", "=", row.id).execute();
        await appendAudit(tx, { type: "system", id: null }, { action: "interop.fitconnect.delivered", objectType: "submission", objectId: row.submission_id, details: { deliveryId: row.id, destinationId: row.destination_id } });
      });
      out.delivered++;
    } catch (err) {
      const failed = row.attempts + 1 >= MAX_DELIVERY_ATTEMPTS;
      const message = String((err as Error).message ?? err).slice(0, 400);
      await deps.db.transaction().execute(async (tx) => {
        await tx.updateTable("interop_deliveries").set({ last_error: message, ...(failed ? { status: "failed" as const } : {}) }).where("id", "=", row.id).execute();
        if (failed) await appendAudit(tx, { type: "system", id: null }, { action: "interop.fitconnect.failed", objectType: "submission", objectId: row.submission_id, details: { deliveryId: row.id, attempts: row.attempts + 1 } });
      });
      if (failed) out.failed++;
      else out.retried++;
    }
  }
  return out;
}
