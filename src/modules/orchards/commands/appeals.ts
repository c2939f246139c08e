import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { findMailContact } from "../../accounts/index.js";
import { orchardAppealMessages } from "../appealMessages.js";
import { liftBlock, withdrawWarning } from "./sanctions.js";

const translate = translatorFor(orchardAppealMessages);
export const APPEAL_MAIL_KIND = "orchards.appeal_decided";

/**
 * The person appeals against their current block, or (with `warningId`) against one of their warnings that
 * staff have not withdrawn: one appeal per sanction (`UNIQUE (sanction_id)`, a second or racing one inserts
 * nothing). Lands in the staff queue. Audited without the text.
 */
export async function appealFiler(ctx: CommandContext, props: { userId: string; body: string; warningId?: string }): Promise<"filed" | "duplicate" | "noBlock"> {
  return ctx.db.transaction().execute(async (tx) => {
    let q = tx.selectFrom("orchard_sanctions").select("id").where("user_id", "=", props.userId).where("lifted_at", "is", null);
    q = props.warningId ? q.where("kind", "=", "warning").where("id", "=", props.warningId) : q.where("kind", "=", "block").where(sql<boolean>`(blocked_until IS NULL OR blocked_until > now())`);
    const sanction = await q.executeTakeFirst();
    if (!sanction) return "noBlock";
    const row = await tx.insertInto("orchard_appeals").values({ sanction_id: sanction.id, user_id: props.userId, body: props.body, decided_at: null, decided_by: null, decision: null, answer: null }).onConflict((oc) => oc.column("sanction_id").doNothing()).returning("id").executeTakeFirst();
    if (!row) return "duplicate";
    await appendAudit(tx, ctx.actor, { action: "orchards.appeal_filed", objectType: "user", objectId: props.userId, details: { appeal: row.id, sanction: sanction.id }, requestId: ctx.requestId });
    return "filed";
  });
}

/**
 * Staff decide an appeal once: "lift" lifts the block (its listings come back) or withdraws the warning, "uphold" keeps it; the answer
 * is shown to the person on "Meine", who gets a link-only mail. Audited (decision, not the answer).
 */
export async function appealDecider(ctx: CommandContext, config: Pick<Config, "publicUrl">, props: { appealId: string; staffId: string; decision: "lift" | "uphold"; answer: string }): Promise<{ kind: "decided"; mailId?: string } | { kind: "gone" }> {
  return ctx.db.transaction().execute(async (tx) => {
    const decision = props.decision === "lift" ? "lifted" : "upheld";
    const a = await tx.updateTable("orchard_appeals").set({ decided_at: new Date(), decided_by: props.staffId, decision, answer: props.answer }).where("id", "=", props.appealId).where("decided_at", "is", null).returning(["user_id", "sanction_id"]).executeTakeFirst();
    if (!a) return { kind: "gone" };
    if (decision === "lifted") {
      // Lifting a block brings its listings back; lifting a warning withdraws it.
      const kind = (await tx.selectFrom("orchard_sanctions").select("kind").where("id", "=", a.sanction_id).executeTakeFirstOrThrow()).kind;
      if (kind === "warning") await withdrawWarning(tx, ctx.actor, { sanctionId: a.sanction_id, staffId: props.staffId, cause: "appeal", requestId: ctx.requestId });
      else await liftBlock(tx, ctx.actor, { userId: a.user_id, by: props.staffId, cause: "appeal", requestId: ctx.requestId });
    }
    await appendAudit(tx, ctx.actor, { action: "orchards.appeal_decided", objectType: "user", objectId: a.user_id, details: { appeal: props.appealId, sanction: a.sanction_id, decision }, requestId: ctx.requestId });
    const contact = await findMailContact(tx, a.user_id);
    if (!contact) return { kind: "decided" };
    const t = translate((contact.locale === "en" ? "en" : "de") as Locale);
    const mailId = await enqueueMail(tx, { kind: APPEAL_MAIL_KIND, ref: `orchards-appeal:${props.appealId}`, to: contact.email, subject: t("orchards.appeal.mail.subject"), text: t("orchards.appeal.mail.text", { url: `${config.publicUrl}/streuobst/meine` }) });
    return { kind: "decided", mailId };
  });
}
