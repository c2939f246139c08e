/**
 * Staff changes after the invitation (issue 18): a fresh link for an agency (the old links stop working), a new
 * deadline for an agency, a new last day for a phase. Each in one transaction with its audit entry (ids and
 * times only) and the mails to the agencies concerned, queued in the same transaction.
 */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { berlinToUtc, addDays } from "../../../platform/time/berlin.js";
import { agencyDeadline, newAgencyToken } from "../agencies.js";
import { agencyMailRef } from "./agencyWork.js";

export type ChangeResult = { ok: true; refs: string[] } | { ok: false; reason: "released" | "published" | "missing" | "before_start" | "shorten" | "ended" };

type Mail = { subject: string; text: string };

async function published(tx: Db, procedureId: string): Promise<boolean> {
  const r = await tx.selectFrom("participation_procedures").select("weighing_published_at").where("id", "=", procedureId).forUpdate().executeTakeFirst();
  return !r || r.weighing_published_at !== null;
}

async function lockOpenInvitation(tx: Db, procedureId: string, invitationId: string) {
  const r = await tx.selectFrom("participation_agency_invitations").select(["id", "email", "deadline", "link_valid_until", "released_at"]).where("id", "=", invitationId).where("procedure_id", "=", procedureId).forUpdate().executeTakeFirst();
  if (!r) return { error: "missing" as const };
  if (r.released_at) return { error: "released" as const };
  return { row: r };
}

/**
 * A fresh link for an agency whose statement is not released: the new token's hash replaces the stored one and
 * the reminder's, so every earlier link opens nothing (404). The mail carries the only copy of the new token.
 */
export async function agencyLinkRenewer(ctx: CommandContext, props: { procedureId: string; invitationId: string; mail: (m: { token: string; deadline: Date }) => Mail }): Promise<ChangeResult> {
  return ctx.db.transaction().execute(async (tx) => {
    if (await published(tx, props.procedureId)) return { ok: false as const, reason: "published" as const };
    const locked = await lockOpenInvitation(tx, props.procedureId, props.invitationId);
    if (!locked.row) return { ok: false as const, reason: locked.error };
    const { token, hash } = newAgencyToken();
    await tx.updateTable("participation_agency_invitations").set({ token_hash: hash, reminder_token_hash: null }).where("id", "=", locked.row.id).execute();
    const mail = props.mail({ token, deadline: new Date(locked.row.deadline) });
    const ref = agencyMailRef(locked.row.id);
    await enqueueMail(tx, { kind: "participation.agency_link_renewed", ref, to: locked.row.email, subject: mail.subject, text: mail.text });
    await appendAudit(tx, ctx.actor, { action: "participation.agency_link_renewed", objectType: "participation_agency_invitation", objectId: locked.row.id, details: { procedureId: props.procedureId }, requestId: ctx.requestId });
    return { ok: true as const, refs: [ref] };
  });
}

/**
 * A new deadline (last day, Berlin) for an agency without a released statement. The link's validity moves with
 * it; the reminder is due again before the new deadline. The agency is told by mail (its link stays valid).
 */
export async function agencyDeadlineChanger(ctx: CommandContext, props: { procedureId: string; invitationId: string; lastDay: string; graceDays: number; mail: (m: { deadline: Date }) => Mail }): Promise<ChangeResult> {
  const { deadline, linkValidUntil } = agencyDeadline(props.lastDay, props.graceDays);
  return ctx.db.transaction().execute(async (tx) => {
    if (await published(tx, props.procedureId)) return { ok: false as const, reason: "published" as const };
    const locked = await lockOpenInvitation(tx, props.procedureId, props.invitationId);
    if (!locked.row) return { ok: false as const, reason: locked.error };
    await tx.updateTable("participation_agency_invitations").set({ deadline, link_valid_until: linkValidUntil, reminded_at: null }).where("id", "=", locked.row.id).execute();
    const mail = props.mail({ deadline });
    const ref = agencyMailRef(locked.row.id);
    await enqueueMail(tx, { kind: "participation.agency_deadline_changed", ref, to: locked.row.email, subject: mail.subject, text: mail.text });
    await appendAudit(tx, ctx.actor, {
      action: "participation.agency_deadline_changed",
      objectType: "participation_agency_invitation",
      objectId: locked.row.id,
      details: { procedureId: props.procedureId, previous: new Date(locked.row.deadline).toISOString(), deadline: deadline.toISOString() },
      requestId: ctx.requestId,
    });
    return { ok: true as const, refs: [ref] };
  });
}

/**
 * A new last day (Berlin) for a phase that has not ended: the period ends at 24:00 of that day; the database trigger
 * (ADR 0033) then accepts statements until then. An ended phase is refused ("ended"). Every agency of the procedure whose statement is not released and whose link
 * still opens gets a mail about the new period.
 */
export async function phaseEndChanger(ctx: CommandContext, props: { procedureId: string; phaseId: string; lastDay: string; mail: (m: { endsAt: Date; agencyDeadline: Date }) => Mail }): Promise<ChangeResult> {
  const endsAt = berlinToUtc(addDays(props.lastDay, 1), 0);
  return ctx.db.transaction().execute(async (tx) => {
    if (await published(tx, props.procedureId)) return { ok: false as const, reason: "published" as const };
    const phase = await tx.selectFrom("participation_phases").select(["id", "starts_at", "ends_at"]).where("id", "=", props.phaseId).where("procedure_id", "=", props.procedureId).forUpdate().executeTakeFirst();
    if (!phase) return { ok: false as const, reason: "missing" as const };
    // An ended period is not reopened by moving its end: the announced period is over; a repeated display
    // (§ 4a Abs. 3 BauGB, with its own announcement) is the legal way.
    const now = Date.now();
    if (new Date(phase.ends_at).getTime() <= now) return { ok: false as const, reason: "ended" as const };
    if (endsAt.getTime() <= new Date(phase.starts_at).getTime()) return { ok: false as const, reason: "before_start" as const };
    // A running period was announced (§ 3 BauGB): it may be extended, never shortened.
    if (new Date(phase.starts_at).getTime() <= now && now < new Date(phase.ends_at).getTime() && endsAt.getTime() < new Date(phase.ends_at).getTime()) return { ok: false as const, reason: "shorten" as const };
    await tx.updateTable("participation_phases").set({ ends_at: endsAt }).where("id", "=", phase.id).execute();
    const refs = await mailAgenciesOfPhase(tx, props.procedureId, endsAt, props.mail);
    await appendAudit(tx, ctx.actor, {
      action: "participation.phase_changed",
      objectType: "participation_phase",
      objectId: phase.id,
      details: { procedureId: props.procedureId, previous: new Date(phase.ends_at).toISOString(), endsAt: endsAt.toISOString(), agenciesMailed: refs.length },
      requestId: ctx.requestId,
    });
    return { ok: true as const, refs };
  });
}

/**
 * Queues the mail about a phase's new end to every agency of the procedure whose statement is not released and
 * whose link still opens (in the caller's transaction); returns the mail refs.
 */
export async function mailAgenciesOfPhase(tx: Db, procedureId: string, endsAt: Date, mail: (m: { endsAt: Date; agencyDeadline: Date }) => Mail): Promise<string[]> {
  const agencies = await tx
    .selectFrom("participation_agency_invitations")
    .select(["id", "email", "deadline"])
    .where("procedure_id", "=", procedureId)
    .where("released_at", "is", null)
    .where("link_valid_until", ">", new Date())
    .orderBy("invited_at")
    .execute();
  const refs: string[] = [];
  for (const a of agencies) {
    const m = mail({ endsAt, agencyDeadline: new Date(a.deadline) });
    await enqueueMail(tx, { kind: "participation.phase_changed", ref: agencyMailRef(a.id), to: a.email, subject: m.subject, text: m.text });
    refs.push(agencyMailRef(a.id));
  }
  return refs;
}
