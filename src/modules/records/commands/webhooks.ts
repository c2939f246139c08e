/**
 * Webhooks for specialist software: a department registers an endpoint for the events of its files
 * (case.filed, document.added, file.closed). Each event is queued in the transaction of the change (nothing is
 * lost when the receiver is down), sent by the job records-webhooks as JSON with
 * `X-Kreisportal-Timestamp` and `X-Kreisportal-Signature: sha256=<HMAC-SHA256(secret, "<timestamp>.<body>")>`,
 * retried with exponential back-off (1, 2, 4 … 256 minutes: about 8.5 hours), then kept as a dead letter
 * that staff can replay. Staff of the department (or an administrator) disable and re-enable a receiver and
 * rotate its secret (ADR 0062): a disabled receiver gets nothing (its queued deliveries wait, new events are not
 * queued for it); a rotated secret replaces the old one at once, with no grace period. They delete a receiver
 * (its queued and dead deliveries go with it). Where a receiver may point is the host policy's (webhookHosts.ts,
 * ADR 0077): checked when it is saved and again, on the resolved addresses, at every delivery.
 */
import { createHmac, randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import type { LookupAddress } from "node:dns";
import type { Transaction } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Database } from "../../../platform/db/index.js";
import { refusalText, webhookUrlRefusal, type WebhookHostPolicy } from "../webhookHosts.js";

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
  const secret = newSecret();
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.insertInto("records_webhooks").values({ unit_id: p.unitId, url: p.url, secret, events: p.events, created_by: p.userId, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "records.webhook_registered", objectType: "records_webhook", objectId: row.id, details: { unitId: p.unitId, events: p.events }, requestId: ctx.requestId });
    return { id: row.id, secret };
  });
}

const newSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;

/** Disables (on = false) or re-enables a receiver. False when it was already in that state (nothing written). Audited. */
export async function webhookSwitcher(ctx: CommandContext, p: { webhookId: string; on: boolean; userId: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const q = tx.updateTable("records_webhooks").where("id", "=", p.webhookId);
    const r = p.on
      ? await q.set({ disabled_at: null, disabled_by: null }).where("disabled_at", "is not", null).returning("unit_id").executeTakeFirst()
      : await q.set({ disabled_at: new Date(), disabled_by: p.userId }).where("disabled_at", "is", null).returning("unit_id").executeTakeFirst();
    if (!r) return false;
    // Deliveries queued before the receiver was disabled wait and go out after re-enabling (nothing is lost);
    // while disabled, queueWebhook queues nothing for it.
    const waiting = await tx.selectFrom("records_webhook_deliveries").select((eb) => eb.fn.countAll<string>().as("n")).where("webhook_id", "=", p.webhookId).where("delivered_at", "is", null).where("dead_at", "is", null).executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: p.on ? "records.webhook_enabled" : "records.webhook_disabled", objectType: "records_webhook", objectId: p.webhookId, details: { unitId: r.unit_id, waitingDeliveries: Number(waiting.n) }, requestId: ctx.requestId });
    return true;
  });
}

/** Replaces a receiver's signing secret; returns the new one (shown once). The old one stops at once. Audited (no secret). */
export async function webhookSecretRotator(ctx: CommandContext, p: { webhookId: string }): Promise<{ secret: string } | undefined> {
  const secret = newSecret();
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable("records_webhooks").set({ secret, secret_rotated_at: new Date() }).where("id", "=", p.webhookId).returning("unit_id").executeTakeFirst();
    if (!r) return undefined;
    await appendAudit(tx, ctx.actor, { action: "records.webhook_secret_rotated", objectType: "records_webhook", objectId: p.webhookId, details: { unitId: r.unit_id }, requestId: ctx.requestId });
    return { secret };
  });
}

/** Sends due deliveries (claimed with SKIP LOCKED); returns how many were delivered and failed. */
export async function webhookDeliverer(ctx: CommandContext, opts: { policy: WebhookHostPolicy; limit?: number; timeoutMs?: number }): Promise<{ delivered: number; failed: number; dead: number }> {
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
      const check = await webhookUrlRefusal(d.url, opts.policy);
      if (check.refusal) error = refusalText[check.refusal];
      else {
        try {
          const status = await postJson(d.url, { "content-type": "application/json", "x-kreisportal-timestamp": timestamp, "x-kreisportal-signature": signWebhook(d.secret, timestamp, body) }, body, { timeoutMs: opts.timeoutMs ?? 10_000, address: check.addresses?.[0] });
          if (status < 200 || status >= 300) error = `HTTP ${status}`;
        } catch (err) {
          error = String((err as Error).message).slice(0, 200);
        }
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

/**
 * POSTs the body; the status code. With `address` the connection goes to that (checked) address and no second
 * name resolution happens (DNS rebinding); redirects are not followed.
 */
function postJson(url: string, headers: Record<string, string>, body: string, o: { timeoutMs: number; address?: string }): Promise<number> {
  const u = new URL(url);
  const request = u.protocol === "https:" ? httpsRequest : httpRequest;
  const pinned = o.address;
  return new Promise<number>((resolve, reject) => {
    const req = request(
      u,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(o.timeoutMs),
        ...(pinned
          ? {
              lookup: ((_host: string, opts: { all?: boolean }, cb: (err: null, address: string | LookupAddress[], family?: number) => void) => {
                const family = isIP(pinned);
                if (opts.all) cb(null, [{ address: pinned, family }]);
                else cb(null, pinned, family);
              }) as unknown as LookupFunction,
            }
          : {}),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Deletes a receiver with its queued, delivered and dead deliveries; false when it is gone already. Audited. */
export async function webhookDeleter(ctx: CommandContext, p: { webhookId: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const hook = await tx.selectFrom("records_webhooks").select(["unit_id", "url", "events"]).where("id", "=", p.webhookId).forUpdate().executeTakeFirst();
    if (!hook) return false;
    const dropped = await tx.deleteFrom("records_webhook_deliveries").where("webhook_id", "=", p.webhookId).returning(["delivered_at", "dead_at"]).execute();
    await tx.deleteFrom("records_webhooks").where("id", "=", p.webhookId).execute();
    const queued = dropped.filter((d) => !d.delivered_at && !d.dead_at).length;
    const dead = dropped.filter((d) => d.dead_at).length;
    await appendAudit(tx, ctx.actor, { action: "records.webhook_deleted", objectType: "records_webhook", objectId: p.webhookId, details: { unitId: hook.unit_id, url: hook.url, events: hook.events, droppedQueued: queued, droppedDead: dead }, requestId: ctx.requestId });
    return true;
  });
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
