import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import type { Answer } from "../kinds.js";
import { careInvitationMessages } from "../messagesInvitations.js";
import "../db.js";

/**
 * A provider answers a request (available / not available / call back, optional note); a later answer
 * replaces the earlier one. A signed-in requester gets a mail with a link to "Meine Anfragen" only, in the
 * account's language (de/en).
 * Audited; the caller checked that the actor keeps the provider and that the request went to it.
 */
export async function requestAnswerer(ctx: CommandContext, requestId: string, providerId: string, answer: Answer, note: string, notify: { to?: string; locale?: string; publicUrl: string }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("care_request_recipients")
      .set({ answer, answer_note: note, answered_at: new Date(), answered_by: ctx.actor.type === "user" || ctx.actor.type === "staff" ? ctx.actor.id : null })
      .where("request_id", "=", requestId)
      .where("provider_id", "=", providerId)
      .execute();
    if (notify.to) {
      const t = careMailTranslator(mailLocale(notify.locale));
      await enqueueMail(tx, { kind: "care.request_answered", ref: requestId, to: notify.to, subject: t("care.mail.answered.subject"), text: t("care.mail.answered.body", { link: `${notify.publicUrl}/pflegeplaetze/anfragen` }) });
    }
    await appendAudit(tx, ctx.actor, { action: "care.request_answered", objectType: "care_request", objectId: requestId, details: { provider: providerId, answer }, requestId: ctx.requestId });
  });
}

/** The language of a mail to an account: its own (de/en), German otherwise. */
export const mailLocale = (l: string | undefined): Locale => (l === "en" ? "en" : "de");

/** The care module's mail texts in one language (the recipient account's; German without an account). */
export const careMailTranslator = translatorFor(careInvitationMessages);
