/**
 * The weighing (Abwägung) of a procedure: the topic and result of each item (citizen statement or released
 * agency statement), and publishing the result with one outcome mail per named commenter with an e-mail
 * address (ADR 0048). After publishing nothing of the weighing changes: `{ ok: false, reason: "published" }`.
 */
import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { findMailContact } from "../../accounts/index.js";
import type { Decision } from "../db.js";
import type { Locale } from "../../../platform/i18n/index.js";

export type WeighingItemRef = { kind: "statement" | "agency"; id: string };
export type WeighingResult = { ok: true } | { ok: false; reason: "published" };

/** Locks the procedure row: weighing and publishing serialise on it. Returns whether it is published. */
async function lockProcedure(tx: Db, procedureId: string): Promise<boolean> {
  const r = await tx.selectFrom("participation_procedures").select("weighing_published_at").where("id", "=", procedureId).forUpdate().executeTakeFirstOrThrow();
  return r.weighing_published_at !== null;
}

/** Records (or changes) topic, decision and reason of one item; refused once the result is published. */
export async function weighingRecorder(ctx: CommandContext, props: { procedureId: string; item: WeighingItemRef; topic: string | null; decision: Decision; consideration: string; staffId: string }): Promise<WeighingResult> {
  return ctx.db.transaction().execute(async (tx) => {
    if (await lockProcedure(tx, props.procedureId)) return { ok: false as const, reason: "published" as const };
    const set = { topic: props.topic, decision: props.decision, consideration: props.consideration, considered_at: new Date(), considered_by: props.staffId };
    let previous: Decision | null;
    if (props.item.kind === "statement") {
      const before = await tx.selectFrom("participation_statements").select("decision").where("id", "=", props.item.id).where("procedure_id", "=", props.procedureId).executeTakeFirstOrThrow();
      previous = before.decision;
      await tx.updateTable("participation_statements").set(set).where("id", "=", props.item.id).execute();
    } else {
      const before = await tx.selectFrom("participation_agency_invitations").select("decision").where("id", "=", props.item.id).where("procedure_id", "=", props.procedureId).where("released_at", "is not", null).executeTakeFirstOrThrow();
      previous = before.decision;
      await tx.updateTable("participation_agency_invitations").set(set).where("id", "=", props.item.id).execute();
    }
    await appendAudit(tx, ctx.actor, {
      action: props.item.kind === "statement" ? "participation.statement_considered" : "participation.agency_statement_considered",
      objectType: props.item.kind === "statement" ? "participation_statement" : "participation_agency_invitation",
      objectId: props.item.id,
      details: { procedureId: props.procedureId, decision: props.decision, previous, topic: props.topic !== null },
      requestId: ctx.requestId,
    });
    return { ok: true as const };
  });
}

export type PublishResult = { ok: true; mailed: number } | { ok: false; reason: "published" | "open" | "unweighed"; count?: number };

/** The mail ref of a procedure's outcome mails (deliverQueuedMails({ refs }) right after publishing). */
export const outcomeMailRef = (procedureId: string) => `beteiligung-ergebnis-${procedureId}`;

/**
 * Publishes the weighing result. Refused while a phase or an agency deadline is still running ("open"), while an
 * item is not weighed ("unweighed", with the number), and a second time ("published"). Queues one outcome mail per
 * citizen statement with an e-mail address, marking it (outcome_mailed_at) in the same transaction.
 */
export async function weighingPublisher(ctx: CommandContext, props: { procedureId: string; staffId: string; outcomeMail: (s: { reference: string; name: string; decision: Decision; consideration: string; locale: Locale }) => { subject: string; text: string } }): Promise<PublishResult> {
  return ctx.db.transaction().execute(async (tx) => {
    if (await lockProcedure(tx, props.procedureId)) return { ok: false as const, reason: "published" as const };
    const running = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM participation_phases WHERE procedure_id = ${props.procedureId} AND ends_at > now())::int
           + (SELECT count(*) FROM participation_agency_invitations WHERE procedure_id = ${props.procedureId} AND released_at IS NULL AND deadline > now())::int AS n`.execute(tx);
    if (running.rows[0]!.n > 0) return { ok: false as const, reason: "open" as const };
    const unweighed = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM participation_statements WHERE procedure_id = ${props.procedureId} AND decision IS NULL)::int
           + (SELECT count(*) FROM participation_agency_invitations WHERE procedure_id = ${props.procedureId} AND released_at IS NOT NULL AND decision IS NULL)::int AS n`.execute(tx);
    const count = unweighed.rows[0]!.n;
    if (count > 0) return { ok: false as const, reason: "unweighed" as const, count };
    await tx.updateTable("participation_procedures").set({ weighing_published_at: new Date(), weighing_published_by: props.staffId }).where("id", "=", props.procedureId).execute();
    // English when the statement was written in English or the commenter's account is set to English.
    const toMail = await tx
      .selectFrom("participation_statements")
      .select(["id", "reference", "name", "email", "decision", "consideration", "locale", "user_id"])
      .where("procedure_id", "=", props.procedureId)
      .where("email", "is not", null)
      .where("outcome_mailed_at", "is", null)
      .orderBy("reference")
      .execute();
    for (const s of toMail) {
      const account = s.user_id ? await findMailContact(tx, s.user_id) : undefined;
      const locale: Locale = s.locale === "en" || account?.locale === "en" ? "en" : "de";
      const mail = props.outcomeMail({ reference: s.reference, name: s.name, decision: s.decision!, consideration: s.consideration ?? "", locale });
      await enqueueMail(tx, { kind: "participation.outcome", ref: outcomeMailRef(props.procedureId), to: s.email!, subject: mail.subject, text: mail.text });
    }
    if (toMail.length) await tx.updateTable("participation_statements").set({ outcome_mailed_at: new Date() }).where("id", "in", toMail.map((s) => s.id)).execute();
    await appendAudit(tx, ctx.actor, { action: "participation.weighing_published", objectType: "participation_procedure", objectId: props.procedureId, details: { outcomeMails: toMail.length }, requestId: ctx.requestId });
    return { ok: true as const, mailed: toMail.length };
  });
}
