import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import "../db.js";

export interface SpecialUseDecision {
  kind: "granted" | "refused";
  /** The permit's conditions (granted, may be empty) or the reasons (refused, required by the caller). */
  text: string;
  feeCents: number;
  signedBy: string;
  pdf: (decidedAt: Date) => Buffer;
  filename: string;
  mail: { to: string[]; subject: string; text: (url: string) => string; publicUrl: string };
}

/**
 * Decides the special-use permit (Sondernutzungserlaubnis) of an application – independently of the traffic order
 * (ADR 0065): granted with its fee and conditions, or refused with reasons (no fee). The notice is rendered once,
 * stored and mailed (attached, with the link for signed-in company accounts). Once only; audited.
 */
export async function specialUseDecider(ctx: CommandContext, roadworkId: string, d: SpecialUseDecision, now = new Date()): Promise<boolean> {
  const pdf = d.pdf(now);
  return ctx.db.transaction().execute(async (tx) => {
    const feeCents = d.kind === "granted" ? d.feeCents : 0;
    const res = await tx
      .updateTable("roadworks_special_uses")
      .set({ status: d.kind, fee_cents: feeCents, decision_text: d.text, pdf, decided_at: now, decided_by: ctx.actor.id, signed_by: d.signedBy, paid_at: feeCents === 0 ? now : null })
      .where("roadwork_id", "=", roadworkId)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    const url = `${d.mail.publicUrl}/baustellen/${roadworkId}/sondernutzung.pdf`;
    const to = [...new Set(d.mail.to)];
    for (const address of to) await enqueueMail(tx, { kind: "roadworks.special_use", ref: roadworkId, to: address, subject: d.mail.subject, text: d.mail.text(url), attachments: [{ filename: d.filename, contentType: "application/pdf", content: pdf }] });
    await appendAudit(tx, ctx.actor, { action: d.kind === "granted" ? "roadworks.special_use_granted" : "roadworks.special_use_refused", objectType: "roadwork", objectId: roadworkId, details: { fee_cents: feeCents, conditions: d.kind === "granted" && d.text !== "", mails: to.length }, requestId: ctx.requestId });
    return true;
  });
}
