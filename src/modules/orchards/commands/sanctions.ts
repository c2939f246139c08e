import { sql, type Transaction } from "kysely";
import { appendAudit, type Actor } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import type { Database } from "../../../platform/db/index.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { findMailContact } from "../../accounts/index.js";
import { orchardModerationMessages } from "../moderationMessages.js";

const translate = translatorFor(orchardModerationMessages);
export const WARNING_MAIL_KIND = "orchards.warning";

/** What a report is about: a message (reported by a participant), a person, or a check-list photo (by a party of the loan). */
export type ReportObject = { messageId: string } | { userId: string } | { loanPhotoId: string } | { ratingId: string };

/**
 * A signed-in user reports a message or a person. One open report per reporter and object: a second one
 * inserts nothing (unique partial index) and answers "duplicate". Audited without the reason.
 */
export async function objectReportFiler(ctx: CommandContext, props: { object: ReportObject; reporterId: string; reason: string }): Promise<"filed" | "duplicate"> {
  return ctx.db.transaction().execute(async (tx) => {
    const o = props.object;
    const target = "messageId" in o ? { message_id: o.messageId } : "loanPhotoId" in o ? { loan_photo_id: o.loanPhotoId } : "ratingId" in o ? { rating_id: o.ratingId } : { target_user_id: o.userId };
    const row = await tx
      .insertInto("orchard_reports")
      .values({ listing_id: null, ...target, reporter_id: props.reporterId, reason: props.reason, resolved_at: null, resolved_by: null, resolution: null })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return "duplicate";
    const [objectType, objectId] = "messageId" in o ? ["orchard_message", o.messageId] : "loanPhotoId" in o ? ["orchard_loan_photo", o.loanPhotoId] : "ratingId" in o ? ["orchard_rating", o.ratingId] : ["user", o.userId];
    await appendAudit(tx, ctx.actor, { action: "orchards.object_reported", objectType, objectId, details: { report: row.id }, requestId: ctx.requestId });
    return "filed";
  });
}

export async function resolveReports(tx: Transaction<Database>, where: ReportObject, staffId: string, resolution: "message_hidden" | "warned" | "blocked" | "photo_deleted" | "rating_hidden"): Promise<number> {
  let q = tx.updateTable("orchard_reports").set({ resolved_at: new Date(), resolved_by: staffId, resolution }).where("resolved_at", "is", null);
  q = "messageId" in where ? q.where("message_id", "=", where.messageId) : "loanPhotoId" in where ? q.where("loan_photo_id", "=", where.loanPhotoId) : "ratingId" in where ? q.where("rating_id", "=", where.ratingId) : q.where("target_user_id", "=", where.userId);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

/** Staff hide a message; participants see a placeholder. Open reports on it are resolved. Audited. */
export async function messageHider(ctx: CommandContext, props: { messageId: string; staffId: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable("orchard_messages").set({ hidden_at: new Date(), hidden_by: props.staffId }).where("id", "=", props.messageId).where("hidden_at", "is", null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    const n = await resolveReports(tx, { messageId: props.messageId }, props.staffId, "message_hidden");
    await appendAudit(tx, ctx.actor, { action: "orchards.message_hidden", objectType: "orchard_message", objectId: props.messageId, details: { reportsResolved: n }, requestId: ctx.requestId });
    return true;
  });
}

/**
 * Staff warn a person: the warning is shown on their "Meine" page, they get a link-only mail (no reason in
 * the mail). Open reports on the person are resolved. Audited (without the reason text).
 */
export async function userWarner(ctx: CommandContext, config: Pick<Config, "publicUrl">, props: { userId: string; staffId: string; reason: string }): Promise<{ mailId?: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.insertInto("orchard_sanctions").values({ user_id: props.userId, kind: "warning", reason: props.reason, created_by: props.staffId, lifted_at: null, lifted_by: null }).returning("id").executeTakeFirstOrThrow();
    const n = await resolveReports(tx, { userId: props.userId }, props.staffId, "warned");
    await appendAudit(tx, ctx.actor, { action: "orchards.user_warned", objectType: "user", objectId: props.userId, details: { sanction: row.id, reportsResolved: n }, requestId: ctx.requestId });
    const contact = await findMailContact(tx, props.userId);
    if (!contact) return {};
    const t = translate((contact.locale === "en" ? "en" : "de") as Locale);
    const mailId = await enqueueMail(tx, { kind: WARNING_MAIL_KIND, ref: `orchards-warning:${row.id}`, to: contact.email, subject: t("orchards.mod.mail.subject"), text: t("orchards.mod.mail.text", { url: `${config.publicUrl}/streuobst/meine` }) });
    return { mailId };
  });
}

/**
 * Staff block a person, until lifted or until `until` (then it ends by itself: read-time check in
 * `findBlock`, the listings come back with the job `orchards-block-expiry`). One open block per account (a
 * second answers false; an already expired one is lifted first); their active listings are hidden (marked,
 * so lifting restores exactly those) and leave the search; open reports on the person are resolved. Audited.
 */
export async function userBlocker(ctx: CommandContext, props: { userId: string; staffId: string; reason: string; until?: Date }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    await liftBlock(tx, ctx.actor, { userId: props.userId, by: null, cause: "expired", requestId: ctx.requestId });
    const row = await tx
      .insertInto("orchard_sanctions")
      .values({ user_id: props.userId, kind: "block", reason: props.reason, created_by: props.staffId, lifted_at: null, lifted_by: null, blocked_until: props.until ?? null })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return false;
    const hidden = await tx.updateTable("orchard_listings").set({ status: "hidden", hidden_reason: props.reason, hidden_by_block: true, updated_at: new Date() }).where("owner_id", "=", props.userId).where("status", "=", "active").executeTakeFirst();
    const n = await resolveReports(tx, { userId: props.userId }, props.staffId, "blocked");
    await appendAudit(tx, ctx.actor, { action: "orchards.user_blocked", objectType: "user", objectId: props.userId, details: { sanction: row.id, until: props.until?.toISOString() ?? null, listingsHidden: Number(hidden.numUpdatedRows), reportsResolved: n }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return true;
  });
}

/**
 * Lifts the open block of an account inside `tx` — by staff, on an appeal, or because its end passed
 * (`cause: "expired"` lifts only a block whose `blocked_until` is over). The listings hidden by it come back. Audited.
 */
export async function liftBlock(tx: Transaction<Database>, actor: Actor, props: { userId: string; by: string | null; cause: "staff" | "appeal" | "expired"; requestId?: string }): Promise<boolean> {
  let q = tx.updateTable("orchard_sanctions").set({ lifted_at: new Date(), lifted_by: props.by }).where("user_id", "=", props.userId).where("kind", "=", "block").where("lifted_at", "is", null);
  if (props.cause === "expired") q = q.where("blocked_until", "<=", new Date());
  const r = await q.executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  const restored = await tx.updateTable("orchard_listings").set({ status: "active", hidden_reason: null, hidden_by_block: false, updated_at: new Date() }).where("owner_id", "=", props.userId).where("hidden_by_block", "=", true).where("status", "=", "hidden").executeTakeFirst();
  await appendAudit(tx, actor, { action: "orchards.user_unblocked", objectType: "user", objectId: props.userId, details: { listingsRestored: Number(restored.numUpdatedRows), cause: props.cause }, requestId: props.requestId });
  await bumpCatalogVersion(tx);
  return true;
}

/** Staff lift a block: the listings hidden by it come back. Audited. */
export async function userUnblocker(ctx: CommandContext, props: { userId: string; staffId: string }): Promise<boolean> {
  return ctx.db.transaction().execute((tx) => liftBlock(tx, ctx.actor, { userId: props.userId, by: props.staffId, cause: "staff", requestId: ctx.requestId }));
}

/** Job `orchards-block-expiry`: lifts every block whose end has passed (each in its own transaction; twice is harmless). */
export async function expiredBlockLifter(ctx: CommandContext): Promise<number> {
  const due = await ctx.db.selectFrom("orchard_sanctions").select("user_id").where("kind", "=", "block").where("lifted_at", "is", null).where("blocked_until", "<=", new Date()).limit(500).execute();
  let n = 0;
  for (const { user_id } of due) if (await ctx.db.transaction().execute((tx) => liftBlock(tx, ctx.actor, { userId: user_id, by: null, cause: "expired" }))) n++;
  return n;
}

/**
 * Staff withdraw a warning (on their own or on an appeal): it disappears from the person's "Meine". Once
 * (a withdrawn or unknown warning answers false). Audited.
 */
export async function withdrawWarning(tx: Transaction<Database>, actor: Actor, props: { sanctionId: string; staffId: string; cause: "staff" | "appeal"; requestId?: string }): Promise<boolean> {
  const r = await tx.updateTable("orchard_sanctions").set({ lifted_at: new Date(), lifted_by: props.staffId }).where("id", "=", props.sanctionId).where("kind", "=", "warning").where("lifted_at", "is", null).returning("user_id").executeTakeFirst();
  if (!r) return false;
  await appendAudit(tx, actor, { action: "orchards.warning_withdrawn", objectType: "user", objectId: r.user_id, details: { sanction: props.sanctionId, cause: props.cause }, requestId: props.requestId });
  return true;
}

export async function warningWithdrawer(ctx: CommandContext, props: { sanctionId: string; staffId: string }): Promise<boolean> {
  return ctx.db.transaction().execute((tx) => withdrawWarning(tx, ctx.actor, { ...props, cause: "staff", requestId: ctx.requestId }));
}

/**
 * Staff change the end of a current block after the fact: a new last day (the block ends at the start of the
 * next Berlin day) or none (until lifted). Only a block still in force; audited with the old and new end.
 */
export async function blockEndChanger(ctx: CommandContext, props: { userId: string; until: Date | null }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const block = await tx
      .selectFrom("orchard_sanctions")
      .select(["id", "blocked_until"])
      .where("user_id", "=", props.userId)
      .where("kind", "=", "block")
      .where("lifted_at", "is", null)
      .where(sql<boolean>`(blocked_until IS NULL OR blocked_until > now())`)
      .forUpdate()
      .executeTakeFirst();
    if (!block) return false;
    await tx.updateTable("orchard_sanctions").set({ blocked_until: props.until }).where("id", "=", block.id).execute();
    await appendAudit(tx, ctx.actor, { action: "orchards.block_end_changed", objectType: "user", objectId: props.userId, details: { sanction: block.id, from: block.blocked_until?.toISOString() ?? null, to: props.until?.toISOString() ?? null }, requestId: ctx.requestId });
    return true;
  });
}
