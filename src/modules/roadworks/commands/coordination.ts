import { randomBytes } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import { publishEvent } from "../../../platform/events/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { addWorkingDays } from "../../../platform/time/workingDays.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { CONSENT_WORKING_DAYS, type Party } from "../rules.js";
import { addAnswerLink, type PartyMail, type PartyMailWork } from "./partyAnswers.js";
import "../db.js";
import "../events.js";

/** Where and how the parties are asked to answer themselves (a party without an address is recorded by staff). */
export interface ConsentInvitations {
  work: PartyMailWork;
  emails: Partial<Record<Party, string>>;
  /** Whom each address reaches ("Polizeirevier Mühlacker"), shown to staff. */
  names?: Partial<Record<Party, string>>;
  publicUrl: string;
  graceDays: number;
  mail: PartyMail;
}

/**
 * The road authority asks the parties in parallel, each with a deadline of CONSENT_WORKING_DAYS working days;
 * parties with an address get a mail with their answer link (commands/partyAnswers.ts); audited.
 */
export async function consentRequester(ctx: CommandContext, roadworkId: string, parties: readonly Party[], now = new Date(), invite?: ConsentInvitations): Promise<{ dueOn: string; invited: Party[] }> {
  const dueOn = addWorkingDays(berlinDate(now), CONSENT_WORKING_DAYS);
  const invited: Party[] = [];
  await ctx.db.transaction().execute(async (tx) => {
    for (const party of parties) {
      const email = invite?.emails[party];
      const inserted = await tx.insertInto("roadworks_consents").values({ roadwork_id: roadworkId, party, requested_by: ctx.actor.id, requested_at: now, due_on: dueOn, invited_email: email ?? null, invited_name: (email && invite?.names?.[party]) || null }).onConflict((oc) => oc.doNothing()).returning("party").executeTakeFirst();
      if (invite && email && inserted) {
        await addAnswerLink(tx, { roadworkId, work: invite.work, party, email, dueOn, purpose: "request", graceDays: invite.graceDays, publicUrl: invite.publicUrl, mail: invite.mail });
        invited.push(party);
      }
    }
    await tx.updateTable("roadworks").set({ status: "coordination" }).where("id", "=", roadworkId).where("status", "=", "submitted").execute();
    await appendAudit(tx, ctx.actor, { action: "roadworks.consents_requested", objectType: "roadwork", objectId: roadworkId, details: { parties: [...parties], due_on: dueOn, invited }, requestId: ctx.requestId });
  });
  return { dueOn, invited };
}

/** Records a party's answer (consent with an optional condition, or refusal); after the deadline it is kept and marked late; audited. */
export async function consentRecorder(ctx: CommandContext, roadworkId: string, party: Party, answer: { kind: "consent" | "refusal"; condition: string }, now = new Date()): Promise<{ late: boolean } | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("roadworks_consents").select(["due_on"]).where("roadwork_id", "=", roadworkId).where("party", "=", party).forUpdate().executeTakeFirst();
    if (!row) return undefined;
    const late = berlinDate(now) > row.due_on;
    // Staff may correct an answer; a refusal's text is its reason, a consent's text its condition.
    const text = answer.condition;
    await tx.updateTable("roadworks_consents").set({ answer: answer.kind, condition: answer.kind === "consent" ? text : "", reason: answer.kind === "refusal" ? text : "", answered_name: "", answered_via: "staff", answered_at: now, answered_by: ctx.actor.id, late }).where("roadwork_id", "=", roadworkId).where("party", "=", party).execute();
    await appendAudit(tx, ctx.actor, { action: "roadworks.consent_recorded", objectType: "roadwork", objectId: roadworkId, details: { party, answer: answer.kind, late, condition: answer.condition !== "" }, requestId: ctx.requestId });
    return { late };
  });
}

/**
 * Issues the order (Anordnung): status ordered, a secret link token, the order PDF (rendered by the caller for the
 * order's moment) mailed as an attachment with the link to the company (and the applying account); the work becomes
 * public (search, feeds). Audited.
 */
export async function orderIssuer(ctx: CommandContext, roadworkId: string, mail: { to: string[]; subject: string; text: (url: string) => string; publicUrl: string; pdf?: (orderedAt: Date) => Buffer; filename?: string; /** The deciding staff member printed on the order (migration 0090). */ signer?: { name: string; unit: string } }, now = new Date()): Promise<{ token: string } | undefined> {
  const pdf = mail.pdf?.(now);
  const attachments = pdf ? [{ filename: mail.filename ?? "anordnung.pdf", contentType: "application/pdf", content: pdf }] : undefined;
  return ctx.db.transaction().execute(async (tx) => {
    const token = randomBytes(24).toString("base64url");
    const res = await tx.updateTable("roadworks").set({ status: "ordered", order_token: token, ordered_at: now, ordered_by: ctx.actor.id, order_signed_by: mail.signer?.name ?? "", order_signed_unit: mail.signer?.unit ?? "" }).where("id", "=", roadworkId).where("status", "=", "coordination").returning(["ags", "end_date"]).executeTakeFirst();
    if (!res) return undefined;
    await publishEvent(tx, "roadworks.changed", { roadworkId, ags: res.ags, kind: "ordered", endDate: res.end_date });
    const url = `${mail.publicUrl}/baustellen/${roadworkId}/anordnung.pdf?t=${token}`;
    for (const to of [...new Set(mail.to)]) await enqueueMail(tx, { kind: "roadworks.order", ref: roadworkId, to, subject: mail.subject, text: mail.text(url), attachments });
    await appendAudit(tx, ctx.actor, { action: "roadworks.order_issued", objectType: "roadwork", objectId: roadworkId, details: { mails: mail.to.length, attached: !!pdf, signed: !!mail.signer?.name }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return { token };
  });
}

/**
 * The authority refuses an application that is not ordered yet (e.g. after a party objected) with reasons: the
 * notice letter (Ablehnungsbescheid, PDF/A rendered by the caller for the refusal's moment) is stored with the
 * application and mailed (attached, with the link for signed-in company accounts) to the company and its
 * accounts. Audited.
 */
export async function applicationRefuser(ctx: CommandContext, roadworkId: string, refusal: { reasons: string; feeCents: number; signedBy: string; pdf: (refusedAt: Date) => Buffer; filename: string; mail: { to: string[]; subject: string; text: (url: string) => string; publicUrl: string } }, now = new Date()): Promise<boolean> {
  const pdf = refusal.pdf(now);
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable("roadworks").set({ status: "refused" }).where("id", "=", roadworkId).where("status", "in", ["submitted", "coordination"]).returning(["paid_at"]).executeTakeFirst();
    if (!res) return false;
    // The fee decision: nothing to pay when waived (0) or covered by the order fee already paid.
    const paidAt = refusal.feeCents === 0 ? now : res.paid_at;
    await tx.insertInto("roadworks_refusals").values({ roadwork_id: roadworkId, reasons: refusal.reasons, pdf, refused_at: now, refused_by: ctx.actor.id, fee_cents: refusal.feeCents, paid_at: paidAt, signed_by: refusal.signedBy }).execute();
    const url = `${refusal.mail.publicUrl}/baustellen/${roadworkId}/ablehnung.pdf`;
    const to = [...new Set(refusal.mail.to)];
    for (const address of to) await enqueueMail(tx, { kind: "roadworks.refusal", ref: roadworkId, to: address, subject: refusal.mail.subject, text: refusal.mail.text(url), attachments: [{ filename: refusal.filename, contentType: "application/pdf", content: pdf }] });
    await appendAudit(tx, ctx.actor, { action: "roadworks.refused", objectType: "roadwork", objectId: roadworkId, details: { mails: to.length, notice_bytes: pdf.length, fee_cents: refusal.feeCents, covered: !!res.paid_at }, requestId: ctx.requestId });
    return true;
  });
}

/**
 * Extension or early end of an ordered work: a new end day (checked by the caller); the public feeds and the
 * search follow (catalogue version). Audited with the old and new end.
 */
export async function endChanger(ctx: CommandContext, roadworkId: string, change: { kind: "extension" | "early_end"; end: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("roadworks").select(["end_date", "start_date", "ags"]).where("id", "=", roadworkId).where("status", "=", "ordered").forUpdate().executeTakeFirst();
    if (!row) return false;
    if (change.kind === "extension" ? change.end <= row.end_date : change.end >= row.end_date || change.end < row.start_date) return false;
    await tx.updateTable("roadworks").set({ end_date: change.end }).where("id", "=", roadworkId).execute();
    await publishEvent(tx, "roadworks.changed", { roadworkId, ags: row.ags, kind: change.kind === "extension" ? "extended" : "ended_early", endDate: change.end });
    await appendAudit(tx, ctx.actor, { action: change.kind === "extension" ? "roadworks.extended" : "roadworks.ended_early", objectType: "roadwork", objectId: roadworkId, details: { from: row.end_date, to: change.end }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return true;
  });
}
