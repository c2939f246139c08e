import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import type { Answer } from "../kinds.js";
import "../db.js";

/**
 * A provider answers a request (available / not available / call back, optional note); a later answer
 * replaces the earlier one. A signed-in requester gets a mail with a link to "Meine Anfragen" only.
 * Audited; the caller checked that the actor keeps the provider and that the request went to it.
 */
export async function requestAnswerer(ctx: CommandContext, requestId: string, providerId: string, answer: Answer, note: string, notify: { to?: string; publicUrl: string }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("care_request_recipients")
      .set({ answer, answer_note: note, answered_at: new Date(), answered_by: ctx.actor.type === "user" || ctx.actor.type === "staff" ? ctx.actor.id : null })
      .where("request_id", "=", requestId)
      .where("provider_id", "=", providerId)
      .execute();
    if (notify.to)
      await enqueueMail(tx, {
        kind: "care.request_answered",
        ref: requestId,
        to: notify.to,
        subject: "Antwort auf Ihre Anfrage in der Pflegebörse",
        text: ["Guten Tag,", "", "eine Einrichtung hat auf Ihre Anfrage geantwortet:", `${notify.publicUrl}/pflegeplaetze/anfragen`, "", "Diese Nachricht wurde automatisch versandt."].join("\n"),
      });
    await appendAudit(tx, ctx.actor, { action: "care.request_answered", objectType: "care_request", objectId: requestId, details: { provider: providerId, answer }, requestId: ctx.requestId });
  });
}
