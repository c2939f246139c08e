/**
 * Agencies (Träger öffentlicher Belange, § 4 BauGB; ADR 0048): invitation by token link, the statement as a
 * draft, its release by a second named person, and the reminder before the deadline. Each in one
 * transaction with its audit entry (ids only) and, where a mail goes out, the queued mail.
 */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { systemContext } from "../../../platform/commands.js";
import type { Transaction } from "kysely";
import type { Database, Db } from "../../../platform/db/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { agencyDeadline, agencyLinkState, newAgencyToken, releaseNameProblem, reminderDue } from "../agencies.js";

export type AgencyMail = (m: { token: string; deadline: Date }) => { subject: string; text: string };

/** Mail refs of the agency mails (deliverQueuedMails({ refs }) right after the request or job). */
export const agencyMailRef = (invitationId: string) => `toeb-${invitationId}`;

/** Invites an agency: stores the token's hash only, queues the mail with the link (the only copy of the token). */
export async function agencyInviter(
  ctx: CommandContext,
  props: { procedureId: string; agencyName: string; email: string; lastDay: string; graceDays: number; invitedBy: string | null; mail: AgencyMail; /** The master-list entry (ADR 0064), if picked from the list. */ agencyId?: string | null },
): Promise<{ id: string; deadline: Date }> {
  return ctx.db.transaction().execute((tx) => insertInvitation(tx, ctx, props));
}

/**
 * One invitation inside the caller's transaction (also the repeated display's new round, `phaseId`): a fresh token
 * (only its hash stored), the mail with the link queued, the audit row.
 */
export async function insertInvitation(
  tx: Transaction<Database>,
  ctx: CommandContext,
  props: { procedureId: string; agencyName: string; email: string; lastDay: string; graceDays: number; invitedBy: string | null; mail: AgencyMail; agencyId?: string | null; phaseId?: string | null },
): Promise<{ id: string; deadline: Date }> {
  const { token, hash } = newAgencyToken();
  const { deadline, linkValidUntil } = agencyDeadline(props.lastDay, props.graceDays);
  const row = await tx
    .insertInto("participation_agency_invitations")
    .values({ procedure_id: props.procedureId, agency_name: props.agencyName, email: props.email, token_hash: hash, deadline, link_valid_until: linkValidUntil, invited_by: props.invitedBy, reminded_at: null, draft_saved_at: null, released_at: null, released_by_name: null, topic: null, decision: null, consideration: null, considered_at: null, considered_by: null, agency_id: props.agencyId ?? null, phase_id: props.phaseId ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const mail = props.mail({ token, deadline });
  await enqueueMail(tx, { kind: "participation.agency_invitation", ref: agencyMailRef(row.id), to: props.email, subject: mail.subject, text: mail.text });
  await appendAudit(tx, ctx.actor, {
    action: "participation.agency_invited",
    objectType: "participation_agency_invitation",
    objectId: row.id,
    details: { procedureId: props.procedureId, deadline: deadline.toISOString(), ...(props.agencyId ? { agencyId: props.agencyId } : {}), ...(props.phaseId ? { phaseId: props.phaseId } : {}) },
    requestId: ctx.requestId,
  });
  return { id: row.id, deadline };
}

export type AgencyWriteResult = { ok: true } | { ok: false; reason: "released" | "closed" | "expired" | "same" | "missing" | "empty" };

async function lockInvitation(tx: Db, id: string) {
  return tx.selectFrom("participation_agency_invitations").select(["id", "procedure_id", "deadline", "link_valid_until", "released_at", "body", "author_name"]).where("id", "=", id).forUpdate().executeTakeFirstOrThrow();
}

const stateOf = (r: { deadline: Date; link_valid_until: Date; released_at: Date | null }) => agencyLinkState({ deadline: new Date(r.deadline), linkValidUntil: new Date(r.link_valid_until), releasedAt: r.released_at ? new Date(r.released_at) : null });

/** Saves the agency's draft (text and author); refused once released or after the deadline. */
export async function agencyDraftSaver(ctx: CommandContext, props: { invitationId: string; body: string; authorName: string }): Promise<AgencyWriteResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await lockInvitation(tx, props.invitationId);
    const state = stateOf(r);
    if (state !== "open") return { ok: false as const, reason: state };
    await tx.updateTable("participation_agency_invitations").set({ body: props.body, author_name: props.authorName, draft_saved_at: new Date() }).where("id", "=", r.id).execute();
    await appendAudit(tx, ctx.actor, { action: "participation.agency_draft_saved", objectType: "participation_agency_invitation", objectId: r.id, details: { procedureId: r.procedure_id }, requestId: ctx.requestId });
    return { ok: true as const };
  });
}

/**
 * Releases the saved draft: a second person, named, who is not the author (two-person rule by typed names;
 * the database checks it too). Afterwards the statement is final (trigger in 0041).
 */
export async function agencyReleaser(ctx: CommandContext, props: { invitationId: string; releasedByName: string }): Promise<AgencyWriteResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await lockInvitation(tx, props.invitationId);
    const state = stateOf(r);
    if (state !== "open") return { ok: false as const, reason: state };
    if (r.body.trim().length < 10 || r.author_name.trim().length < 2) return { ok: false as const, reason: "empty" };
    const problem = releaseNameProblem(r.author_name, props.releasedByName);
    if (problem) return { ok: false as const, reason: problem };
    await tx.updateTable("participation_agency_invitations").set({ released_at: new Date(), released_by_name: props.releasedByName.trim() }).where("id", "=", r.id).execute();
    await appendAudit(tx, ctx.actor, { action: "participation.agency_released", objectType: "participation_agency_invitation", objectId: r.id, details: { procedureId: r.procedure_id }, requestId: ctx.requestId });
    return { ok: true as const };
  });
}

/**
 * The reminder: every invitation without a released statement whose deadline is within `days` days and not
 * passed, not reminded before, gets one mail with a fresh link (its hash in reminder_token_hash; the first link
 * keeps working). Rows are claimed with SKIP LOCKED and marked in the same transaction, so two nodes or two
 * runs never send twice. Returns the mail refs queued.
 */
export async function agencyReminder(db: Db, props: { days: number; now?: Date; mail: (m: { token: string; agencyName: string; procedureId: string; deadline: Date }) => Promise<{ subject: string; text: string }> }): Promise<string[]> {
  const now = props.now ?? new Date();
  const ctx = systemContext(db);
  return db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom("participation_agency_invitations")
      .select(["id", "procedure_id", "agency_name", "email", "deadline"])
      .where("released_at", "is", null)
      .where("reminded_at", "is", null)
      .where("deadline", ">", now)
      .where("deadline", "<=", new Date(now.getTime() + props.days * 86_400_000))
      .forUpdate()
      .skipLocked()
      .execute()
      .then((rows) => rows.filter((r) => reminderDue({ deadline: new Date(r.deadline), releasedAt: null, remindedAt: null }, props.days, now)));
    const refs: string[] = [];
    for (const r of due) {
      const { token, hash } = newAgencyToken();
      await tx.updateTable("participation_agency_invitations").set({ reminded_at: now, reminder_token_hash: hash }).where("id", "=", r.id).execute();
      const mail = await props.mail({ token, agencyName: r.agency_name, procedureId: r.procedure_id, deadline: new Date(r.deadline) });
      await enqueueMail(tx, { kind: "participation.agency_reminder", ref: agencyMailRef(r.id), to: r.email, subject: mail.subject, text: mail.text });
      await appendAudit(tx, ctx.actor, { action: "participation.agency_reminded", objectType: "participation_agency_invitation", objectId: r.id, details: { procedureId: r.procedure_id }, requestId: undefined });
      refs.push(agencyMailRef(r.id));
    }
    return refs;
  });
}
