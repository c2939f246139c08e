/**
 * The live handoff's writers (ADR 0076): the person opens a case and writes; staff claim it (once: the
 * UPDATE's "WHERE status = 'waiting'" under the row lock, and a trigger behind it), write answers and close
 * it; the retention deletes cases with transcript and messages. Every staff action is audited in its
 * transaction, never with a text of the conversation.
 */
import { sql } from "kysely";
import { randomBytes } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Transaction } from "kysely";
import type { Database } from "../../../platform/db/schema.js";
import type { TranscriptLine } from "../db.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { SYSTEM_ACCOUNT_DOMAIN, staffOfOrgUnit } from "../../accounts/index.js";
import { assistantMessages } from "../messages.js";

const texts = translatorFor(assistantMessages);

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** "L-" and eight characters (Crockford base 32). */
export const newLiveReference = () => `L-${[...randomBytes(8)].map((b) => ALPHABET[b % 32]).join("")}`;

export interface LiveOpenerProps {
  conversationId: string;
  orgUnitId: string | null;
  transcript: TranscriptLine[];
  claimMinutes: number;
}

/**
 * Opens a live case for a conversation with a copy of the transcript. A case of the same conversation that
 * waited in vain is closed first; an open one (waiting or claimed) is returned instead of a second.
 */
export async function liveOpener(ctx: CommandContext, p: LiveOpenerProps): Promise<{ id: string; reference: string; created: boolean }> {
  return ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("assistant_live_handoffs")
      .set({ status: "closed", closed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where("conversation_id", "=", p.conversationId)
      .where("status", "=", "waiting")
      .where("wait_until", "<=", sql<Date>`now()`)
      .execute();
    const inserted = await tx
      .insertInto("assistant_live_handoffs")
      .values({ conversation_id: p.conversationId, org_unit_id: p.orgUnitId, reference: newLiveReference(), transcript: JSON.stringify(p.transcript), wait_until: sql<Date>`now() + make_interval(mins => ${p.claimMinutes})` })
      .onConflict((oc) => oc.column("conversation_id").where("status", "in", ["waiting", "claimed"]).doNothing())
      .returning(["id", "reference"])
      .executeTakeFirst();
    if (!inserted) {
      const open = await tx.selectFrom("assistant_live_handoffs").select(["id", "reference"]).where("conversation_id", "=", p.conversationId).where("status", "in", ["waiting", "claimed"]).executeTakeFirstOrThrow();
      return { ...open, created: false };
    }
    await appendAudit(tx, ctx.actor, { action: "assistant.live_created", objectType: "assistant_live_handoff", objectId: inserted.id, details: { orgUnitId: p.orgUnitId, transcriptLines: p.transcript.length }, requestId: ctx.requestId });
    return { ...inserted, created: true };
  });
}

export type LiveClaimResult = { ok: true } | { ok: false; reason: "not_found" | "taken" | "expired" | "closed" };

/**
 * A staff member claims a waiting case. Of concurrent claims exactly one wins: the UPDATE only matches a
 * waiting row, and a second UPDATE waiting for the first one's row lock re-reads it as claimed (READ
 * COMMITTED) and matches nothing. The caller has checked that the actor may see the case (policies).
 */
export async function liveClaimer(ctx: CommandContext, p: { id: string }): Promise<LiveClaimResult> {
  if (!ctx.actor.id) throw new Error("a claim needs a staff account");
  return ctx.db.transaction().execute(async (tx) => {
    const won = await tx
      .updateTable("assistant_live_handoffs")
      .set({ status: "claimed", claimed_by: ctx.actor.id, claimed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where("id", "=", p.id)
      .where("status", "=", "waiting")
      .where("wait_until", ">", sql<Date>`now()`)
      .returning("id")
      .executeTakeFirst();
    if (!won) {
      const row = await tx.selectFrom("assistant_live_handoffs").select(["status"]).where("id", "=", p.id).executeTakeFirst();
      if (!row) return { ok: false, reason: "not_found" };
      return { ok: false, reason: row.status === "waiting" ? "expired" : row.status === "claimed" ? "taken" : "closed" };
    }
    await appendAudit(tx, ctx.actor, { action: "assistant.live_claimed", objectType: "assistant_live_handoff", objectId: p.id, requestId: ctx.requestId });
    return { ok: true };
  });
}

async function appendMessage(tx: Transaction<Database>, handoffId: string, author: "person" | "staff", staffId: string | null, text: string): Promise<number> {
  const last = await tx.selectFrom("assistant_live_messages").select((eb) => eb.fn.max("seq").as("seq")).where("handoff_id", "=", handoffId).executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  await tx.insertInto("assistant_live_messages").values({ handoff_id: handoffId, seq, author, staff_id: staffId, text }).execute();
  await tx.updateTable("assistant_live_handoffs").set({ updated_at: sql<Date>`now()` }).where("id", "=", handoffId).execute();
  return seq;
}

export type LiveMessageResult = { ok: true; seq: number } | { ok: false; reason: "not_found" | "not_claimer" | "closed" };

/** The claimer writes to the person (audited without the text). Only the staff member who claimed the case may write. */
export async function liveStaffMessenger(ctx: CommandContext, p: { id: string; text: string }): Promise<LiveMessageResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("assistant_live_handoffs").select(["id", "status", "claimed_by"]).where("id", "=", p.id).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, reason: "not_found" };
    if (row.status === "closed") return { ok: false, reason: "closed" };
    if (row.status !== "claimed" || row.claimed_by !== ctx.actor.id) return { ok: false, reason: "not_claimer" };
    const seq = await appendMessage(tx, row.id, "staff", ctx.actor.id, p.text);
    await appendAudit(tx, ctx.actor, { action: "assistant.live_answered", objectType: "assistant_live_handoff", objectId: row.id, details: { seq }, requestId: ctx.requestId });
    return { ok: true, seq };
  });
}

/**
 * The person writes into the case (while it waits or is claimed). Not audited, like the chat's turns; the
 * caller has checked that the person owns the conversation.
 */
export async function livePersonMessenger(ctx: CommandContext, p: { id: string; text: string }): Promise<LiveMessageResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("assistant_live_handoffs").select(["id", "status", "conversation_id", sql<boolean>`wait_until <= now()`.as("expired")]).where("id", "=", p.id).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, reason: "not_found" };
    if (row.status === "closed" || (row.status === "waiting" && row.expired)) return { ok: false, reason: "closed" };
    const seq = await appendMessage(tx, row.id, "person", null, p.text);
    // The conversation stays alive while the person writes here (its retention counts from the last turn).
    if (row.conversation_id) await tx.updateTable("assistant_conversations").set({ updated_at: sql<Date>`now()` }).where("id", "=", row.conversation_id).execute();
    return { ok: true, seq };
  });
}

/** Ends a case (the claimer, an administrator, or the person). Audited; a closed case stays closed. */
export async function liveCloser(ctx: CommandContext, p: { id: string }): Promise<{ ok: boolean }> {
  return ctx.db.transaction().execute(async (tx) => {
    const done = await tx
      .updateTable("assistant_live_handoffs")
      .set({ status: "closed", closed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where("id", "=", p.id)
      .where("status", "<>", "closed")
      .returning("id")
      .executeTakeFirst();
    if (!done) return { ok: false };
    await appendAudit(tx, ctx.actor, { action: "assistant.live_closed", objectType: "assistant_live_handoff", objectId: p.id, requestId: ctx.requestId });
    return { ok: true };
  });
}

/** Deletes live cases (transcript and messages with them) whose last activity is older than `days` (job "assistant-retention"). */
export async function liveRetentionSweeper(ctx: CommandContext, days: number, now: Date = new Date()): Promise<{ liveHandoffs: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom("assistant_live_handoffs").where("updated_at", "<", sql<Date>`${now}::timestamptz - make_interval(days => ${days})`).executeTakeFirst();
    const liveHandoffs = Number(r.numDeletedRows);
    if (liveHandoffs > 0) await appendAudit(tx, ctx.actor, { action: "assistant.live_retention_swept", details: { liveHandoffs }, requestId: ctx.requestId });
    return { liveHandoffs };
  });
}

export interface LiveAlertProps {
  /** Waiting (unclaimed) at least this long (ASSISTANT_LIVE_ALERT_MINUTES; 0 = off). */
  alertMinutes: number;
  claimMinutes: number;
  /** Fixed recipients (ASSISTANT_LIVE_ALERT_TO); empty = the active staff members of the case's office. */
  alertTo: readonly string[];
  publicUrl: string;
}

/**
 * Mails staff a link to every case that waits unclaimed for `alertMinutes` and can still be claimed (job
 * "assistant-live-alert", every minute). Once per case: the UPDATE that sets `alerted_at` only matches a case
 * that has none, and it queues the mails and the audit entry in the same transaction – a second run (or a
 * second node) finds nothing. The mail holds the reference and the link, never a text of the conversation.
 */
export async function liveAlerter(ctx: CommandContext, p: LiveAlertProps): Promise<{ alerted: number; mailIds: string[] }> {
  if (p.alertMinutes <= 0) return { alerted: 0, mailIds: [] };
  const due = await ctx.db
    .selectFrom("assistant_live_handoffs")
    .select("id")
    .where("status", "=", "waiting")
    .where("alerted_at", "is", null)
    .where("wait_until", ">", sql<Date>`now()`)
    .where("created_at", "<=", sql<Date>`now() - make_interval(mins => ${p.alertMinutes})`)
    .orderBy("created_at")
    .limit(100)
    .execute();
  const mailIds: string[] = [];
  let alerted = 0;
  for (const { id } of due) {
    await ctx.db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable("assistant_live_handoffs")
        .set({ alerted_at: sql<Date>`now()` })
        .where("id", "=", id)
        .where("status", "=", "waiting")
        .where("alerted_at", "is", null)
        .returning(["id", "reference", "org_unit_id"])
        .executeTakeFirst();
      if (!row) return;
      const recipients: Array<{ email: string; locale: Locale }> = p.alertTo.length
        ? p.alertTo.map((email) => ({ email, locale: "de" as Locale }))
        : row.org_unit_id
          ? (await staffOfOrgUnit(tx, row.org_unit_id)).filter((s) => !s.email.endsWith(`@${SYSTEM_ACCOUNT_DOMAIN}`)).map((s) => ({ email: s.email, locale: "de" as Locale }))
          : [];
      const link = `${p.publicUrl}/verwaltung/assistent/live/${row.id}`;
      for (const r of recipients) {
        const t = texts(r.locale);
        const vars = { reference: row.reference, minutes: p.alertMinutes, claimMinutes: p.claimMinutes, link };
        mailIds.push(await enqueueMail(tx, { kind: "assistant.live_alert", ref: row.reference, to: r.email, subject: t("assistant.mail.live.subject", vars), text: t("assistant.mail.live.body", vars) }));
      }
      await appendAudit(tx, ctx.actor, { action: "assistant.live_alerted", objectType: "assistant_live_handoff", objectId: row.id, details: { recipients: recipients.length }, requestId: ctx.requestId });
      alerted++;
    });
  }
  return { alerted, mailIds };
}

/**
 * A member of staff who may see the case opened it: remembers the number of the person's newest message on screen, so the
 * person sees "Ihre Nachricht wurde gelesen" (ADR 0083). Written (and audited, without any text) only when
 * it moves forward: reopening the page without anything new writes nothing.
 */
export async function liveSeenMarker(ctx: CommandContext, p: { id: string; seq: number }): Promise<{ marked: boolean }> {
  return ctx.db.transaction().execute(async (tx) => {
    const done = await tx
      .updateTable("assistant_live_handoffs")
      .set({ staff_seen_seq: p.seq })
      .where("id", "=", p.id)
      .where((eb) => eb.or([eb("staff_seen_seq", "is", null), eb("staff_seen_seq", "<", p.seq)]))
      .returning("id")
      .executeTakeFirst();
    if (!done) return { marked: false };
    await appendAudit(tx, ctx.actor, { action: "assistant.live_read", objectType: "assistant_live_handoff", objectId: p.id, details: { seq: p.seq }, requestId: ctx.requestId });
    return { marked: true };
  });
}

/**
 * A call put through to an office's extension (the phone's live handoff): only audited – who takes the call
 * is the telephone system's business, and the conversation stays the caller's (no copy, no text in the audit).
 */
export async function phoneTransferRecorder(ctx: CommandContext, p: { conversationId: string; orgUnitId: string | null }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await appendAudit(tx, ctx.actor, { action: "assistant.phone_transferred", objectType: "assistant_conversation", objectId: p.conversationId, details: { orgUnitId: p.orgUnitId }, requestId: ctx.requestId });
  });
}
