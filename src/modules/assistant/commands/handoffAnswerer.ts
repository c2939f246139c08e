import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { assistantMessages } from "../messages.js";

const texts = translatorFor(assistantMessages);

export interface HandoffAnswererProps {
  handoffId: string;
  answer: string;
  locale: Locale;
}

export type HandoffAnswererResult = { ok: true; reference: string; mailId: string | null } | { ok: false; reason: "not_found" | "already_answered" };

/**
 * Staff answer a question: the handoff is marked answered (only once: a second answer is refused), audited,
 * and the answer is queued as a mail through the platform mail queue when the person gave an address.
 */
export async function handoffAnswerer(ctx: CommandContext, p: HandoffAnswererProps): Promise<HandoffAnswererResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("assistant_handoffs").select(["id", "reference", "question", "contact_email", "status"]).where("id", "=", p.handoffId).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, reason: "not_found" };
    if (row.status !== "open") return { ok: false, reason: "already_answered" };
    await tx
      .updateTable("assistant_handoffs")
      .set({ status: "answered", answer: p.answer, answered_by: ctx.actor.id, answered_at: sql<Date>`now()` })
      .where("id", "=", row.id)
      .execute();
    let mailId: string | null = null;
    if (row.contact_email) {
      const t = texts(p.locale);
      mailId = await enqueueMail(tx, {
        kind: "assistant.answer",
        ref: row.reference,
        to: row.contact_email,
        subject: t("assistant.mail.subject", { reference: row.reference }),
        text: t("assistant.mail.body", { reference: row.reference, question: row.question, answer: p.answer }),
      });
    }
    await appendAudit(tx, ctx.actor, { action: "assistant.handoff_answered", objectType: "assistant_handoff", objectId: row.id, details: { mailed: !!mailId }, requestId: ctx.requestId });
    return { ok: true, reference: row.reference, mailId };
  });
}
