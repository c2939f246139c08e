/**
 * Webhooks for specialist software: a department registers an endpoint for the events of its files
 * (case.filed, document.added, file.closed). Each event is queued in the transaction of the change (nothing is
 * lost when the receiver is down), sent by the job records-webhooks as JSON with
 * `X-Kreisportal-Timestamp` and `X-Kreisportal-Signature: sha256=<HMAC-SHA256(secret, "<timestamp>.<body>")>`,
 * retried with exponential back-off (1, 2, 4 … 256 minutes: about 8.5 hours), then kept as a dead letter
 * that staff can replay.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Database } from "../../../platform/db/index.js";

export const WEBHOOK_EVENTS = ["case.filed", "document.added", "file.closed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const MAX_WEBHOOK_ATTEMPTS = 10;

/** Queues an event for every active endpoint of the department that subscribed to it (caller's transaction). */
export async function queueWebhook(tx: Transaction<Database>, p: { unitId: string; event: WebhookEvent; payload: Record<string, unknown> }): Promise<void> {
  const hooks = await tx.selectFrom("records_webhooks").select(["id", "events"]).where("unit_id", "=", p.unitId).where("disabled_at", "is", null).execute();
  const body = JSON.stringify({ event: p.event, at: new Date().toISOString(), ...p.payload });
  for (const h of hooks) if (h.events.includes(p.event)) await tx.insertInto("records_webhook_deliveries").values({ webhook_id: h.id, event: p.event, payload: body }).execute();
}

export const signWebhook = (secret: string, timestamp: string, body: string) => `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

/** Registers an endpoint; returns the secret (shown once). Audited. */
export async function webhookRegistrar(ctx: CommandContext, p: { unitId: string; url: string; events: WebhookEvent[]; userId: string }): Promise<{ id: string; secret: string }> {
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.insertInto("records_webhooks").values({ unit_id: p.unitId, url: p.url, secret, events: p.events, created_by: p.userId, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "records.webhook_registered", objectType: "records_webhook", objectId: row.id, details: { unitId: p.unitId, events: p.events }, requestId: ctx.requestId });
    return { id: row.id, secret };
  });
}

/** Sends due deliveries (claimed with SKIP LOCKED); returns how many were delivered and failed. */
export async function webhookDeliverer(ctx: CommandContext, opts: { limit?: number; timeoutMs?: number } = {}): Promise<{ delivered: number; failed: number; dead: number }> {
  let delivered = 0;
  let failed = 0;
  let dead = 0;
  for (let i = 0; i < (opts.limit ?? 50); i++) {
    const done = await ctx.db.transaction().execute(async (tx) => {
      const d = await tx
        .selectFrom("records_webhook_deliveries as d")
        .innerJoin("records_webhooks as w", "w.id", "d.webhook_id")
        .select(["d.id", "d.payload", "d.attempts", "w.url", "w.secret"])
        .where("d.delivered_at", "is", null)
        .where("d.dead_at", "is", null)
        .where("d.next_attempt_at", "<=", new Date())
        .where("w.disabled_at", "is", null)
        .orderBy("d.next_attempt_at")
        .limit(1)
        .forUpdate("d")
        .skipLocked()
        .executeTakeFirst();
      if (!d) return false;
      const body = JSON.stringify(d.payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      let error: string | null = null;
      try {
        const res = await fetch(d.url, { method: "POST", headers: { "content-type": "application/json", "x-kreisportal-timestamp": timestamp, "x-kreisportal-signature": signWebhook(d.secret, timestamp, body) }, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000), redirect: "manual" });
        if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
        await res.body?.cancel().catch(() => undefined);
      } catch (err) {
        error = String((err as Error).message).slice(0, 200);
      }
      const attempts = d.attempts + 1;
      if (!error) {
        await tx.updateTable("records_webhook_deliveries").set({ delivered_at: new Date(), attempts, last_error: null }).where("id", "=", d.id).execute();
        delivered++;
      } else if (attempts >= MAX_WEBHOOK_ATTEMPTS) {
        await tx.updateTable("records_webhook_deliveries").set({ dead_at: new Date(), attempts, last_error: error }).where("id", "=", d.id).execute();
        dead++;
      } else {
        await tx.updateTable("records_webhook_deliveries").set({ attempts, last_error: error, next_attempt_at: new Date(Date.now() + 60_000 * 2 ** (attempts - 1)) }).where("id", "=", d.id).execute();
        failed++;
      }
      return true;
    });
    if (!done) break;
  }
  return { delivered, failed, dead };
}

/** Staff replay a dead letter: it is sent again by the next run. Audited. */
export async function webhookReplayer(ctx: CommandContext, p: { deliveryId: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable("records_webhook_deliveries").set({ dead_at: null, attempts: 0, next_attempt_at: new Date() }).where("id", "=", p.deliveryId).where("dead_at", "is not", null).executeTakeFirst();
    if (!r.numUpdatedRows) return false;
    await appendAudit(tx, ctx.actor, { action: "records.webhook_replayed", objectType: "records_webhook_delivery", objectId: p.deliveryId, requestId: ctx.requestId });
    return true;
  });
}
