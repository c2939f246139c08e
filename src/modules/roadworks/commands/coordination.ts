import { randomBytes } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { addWorkingDays } from "../../../platform/time/workingDays.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { CONSENT_WORKING_DAYS, type Party } from "../rules.js";
import "../db.js";

/** The road authority asks the parties in parallel, each with a deadline of CONSENT_WORKING_DAYS working days; audited. */
export async function consentRequester(ctx: CommandContext, roadworkId: string, parties: readonly Party[], now = new Date()): Promise<{ dueOn: string }> {
  const dueOn = addWorkingDays(berlinDate(now), CONSENT_WORKING_DAYS);
  await ctx.db.transaction().execute(async (tx) => {
    for (const party of parties)
      await tx.insertInto("roadworks_consents").values({ roadwork_id: roadworkId, party, requested_by: ctx.actor.id, requested_at: now, due_on: dueOn }).onConflict((oc) => oc.doNothing()).execute();
    await tx.updateTable("roadworks").set({ status: "coordination" }).where("id", "=", roadworkId).where("status", "=", "submitted").execute();
    await appendAudit(tx, ctx.actor, { action: "roadworks.consents_requested", objectType: "roadwork", objectId: roadworkId, details: { parties: [...parties], due_on: dueOn }, requestId: ctx.requestId });
  });
  return { dueOn };
}

/** Records a party's answer (consent with an optional condition, or refusal); after the deadline it is kept and marked late; audited. */
export async function consentRecorder(ctx: CommandContext, roadworkId: string, party: Party, answer: { kind: "consent" | "refusal"; condition: string }, now = new Date()): Promise<{ late: boolean } | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("roadworks_consents").select(["due_on"]).where("roadwork_id", "=", roadworkId).where("party", "=", party).forUpdate().executeTakeFirst();
    if (!row) return undefined;
    const late = berlinDate(now) > row.due_on;
    await tx.updateTable("roadworks_consents").set({ answer: answer.kind, condition: answer.condition, answered_at: now, answered_by: ctx.actor.id, late }).where("roadwork_id", "=", roadworkId).where("party", "=", party).execute();
    await appendAudit(tx, ctx.actor, { action: "roadworks.consent_recorded", objectType: "roadwork", objectId: roadworkId, details: { party, answer: answer.kind, late, condition: answer.condition !== "" }, requestId: ctx.requestId });
    return { late };
  });
}

/**
 * Issues the order (Anordnung): status ordered, a secret link token, the link mailed to the company (and the
 * applying account); the work becomes public (search, feeds). Audited.
 */
export async function orderIssuer(ctx: CommandContext, roadworkId: string, mail: { to: string[]; subject: string; text: (url: string) => string; publicUrl: string }): Promise<{ token: string } | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const token = randomBytes(24).toString("base64url");
    const res = await tx.updateTable("roadworks").set({ status: "ordered", order_token: token, ordered_at: new Date() }).where("id", "=", roadworkId).where("status", "=", "coordination").executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return undefined;
    const url = `${mail.publicUrl}/baustellen/${roadworkId}/anordnung.pdf?t=${token}`;
    for (const to of [...new Set(mail.to)]) await enqueueMail(tx, { kind: "roadworks.order", ref: roadworkId, to, subject: mail.subject, text: mail.text(url) });
    await appendAudit(tx, ctx.actor, { action: "roadworks.order_issued", objectType: "roadwork", objectId: roadworkId, details: { mails: mail.to.length }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return { token };
  });
}

/** The authority refuses an application that is not ordered yet (e.g. after a party refused); audited. */
export async function applicationRefuser(ctx: CommandContext, roadworkId: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable("roadworks").set({ status: "refused" }).where("id", "=", roadworkId).where("status", "in", ["submitted", "coordination"]).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await appendAudit(tx, ctx.actor, { action: "roadworks.refused", objectType: "roadwork", objectId: roadworkId, details: {}, requestId: ctx.requestId });
    return true;
  });
}

/**
 * Extension or early end of an ordered work: a new end day (checked by the caller); the public feeds and the
 * search follow (catalogue version). Audited with the old and new end.
 */
export async function endChanger(ctx: CommandContext, roadworkId: string, change: { kind: "extension" | "early_end"; end: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("roadworks").select(["end_date", "start_date"]).where("id", "=", roadworkId).where("status", "=", "ordered").forUpdate().executeTakeFirst();
    if (!row) return false;
    if (change.kind === "extension" ? change.end <= row.end_date : change.end >= row.end_date || change.end < row.start_date) return false;
    await tx.updateTable("roadworks").set({ end_date: change.end }).where("id", "=", roadworkId).execute();
    await appendAudit(tx, ctx.actor, { action: change.kind === "extension" ? "roadworks.extended" : "roadworks.ended_early", objectType: "roadwork", objectId: roadworkId, details: { from: row.end_date, to: change.end }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return true;
  });
}
