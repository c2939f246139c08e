import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { systemContext } from "../../../platform/commands.js";
import { careMailTranslator, mailLocale } from "./requestAnswerer.js";
import "../db.js";

/** Who withdraws: the signed-in requester (the request must be theirs) or the holder of the secret link. */
export type WithdrawBy = { requestId: string; requesterId: string } | { secretHash: string };

/** A provider address told about the withdrawal (link-only mail). */
export interface WithdrawNotice {
  providerId: string;
  to: string;
  locale: string;
}

/**
 * The requester withdraws an open request: `withdrawn_at` is set (only on the requester's own request,
 * only once), every provider it went to gets a mail with a link to its inbox (no need, no personal data),
 * audited without personal data; a signed-in requester gets a confirmation in the account's language. Returns false when the request is not the requester's, unknown or
 * already withdrawn.
 */
export async function requestWithdrawer(ctx: CommandContext, by: WithdrawBy, notices: (requestId: string) => Promise<WithdrawNotice[]>, opts: { publicUrl: string; requester?: { email: string; locale: string } }, now = new Date()): Promise<boolean> {
  const publicUrl = opts.publicUrl;
  return ctx.db.transaction().execute(async (tx) => {
    let q = tx.updateTable("care_requests").set({ withdrawn_at: now }).where("withdrawn_at", "is", null);
    q = "secretHash" in by ? q.where("secret_hash", "=", by.secretHash) : q.where("id", "=", by.requestId).where("requester_id", "=", by.requesterId);
    const row = await q.returning("id").executeTakeFirst();
    if (!row) return false;
    for (const n of await notices(row.id))
      await enqueueMail(tx, {
        kind: "care.request_withdrawn",
        ref: row.id,
        to: n.to,
        subject: careMailTranslator(mailLocale(n.locale))("care.mail.providerWithdrawn.subject"),
        text: careMailTranslator(mailLocale(n.locale))("care.mail.providerWithdrawn.body", { link: `${publicUrl}/pflegeplaetze/anbieter/${n.providerId}/anfragen` }),
      });
    if (opts.requester) {
      const t = careMailTranslator(mailLocale(opts.requester.locale));
      await enqueueMail(tx, { kind: "care.request_withdrawn_requester", ref: row.id, to: opts.requester.email, subject: t("care.mail.withdrawn.subject"), text: t("care.mail.withdrawn.body", { link: `${publicUrl}/pflegeplaetze/anfragen` }) });
    }
    await appendAudit(tx, ctx.actor, { action: "care.request_withdrawn", objectType: "care_request", objectId: row.id, details: { by: "secretHash" in by ? "link" : "account" }, requestId: ctx.requestId });
    return true;
  });
}

/**
 * Retention (job "care-request-retention", daily): deletes requests (with their answers) that closed
 * more than `months` ago. A request closes when it is withdrawn, else on the date needed. One audit
 * entry per run with the number deleted. Returns that number.
 */
export async function deleteClosedRequests(db: Db, months: number, now = new Date()): Promise<number> {
  const today = berlinDate(now);
  return db.transaction().execute(async (tx) => {
    const res = await tx
      .deleteFrom("care_requests")
      .where(sql<boolean>`COALESCE((withdrawn_at AT TIME ZONE 'Europe/Berlin')::date, needed_from) < (${today}::date - make_interval(months => ${months}))::date`)
      .executeTakeFirst();
    const n = Number(res.numDeletedRows);
    if (n > 0) await appendAudit(tx, systemContext(db).actor, { action: "care.requests_deleted", objectType: "care_request", details: { count: n, retentionMonths: months } });
    return n;
  });
}
