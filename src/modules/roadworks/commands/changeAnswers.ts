/**
 * The parties answer a change round (extension, changed end or area of an ordered work, ADR 0065) through a mailed
 * link, with the first round's token handling (ADR 0051, commands/partyAnswers.ts): 32 random bytes, only the
 * SHA-256 stored (`roadworks_extension_links`, migration 0076), valid until the deadline + grace days, one answer.
 * A job reminds open parties once, ROADWORKS_REMINDER_DAYS working days before the deadline (as in the first round). Audited.
 */
import type { Transaction } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import type { Database, Db } from "../../../platform/db/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { hashToken } from "../../../platform/auth/session.js";
import { addDays, berlinDate } from "../../../platform/time/berlin.js";
import { addWorkingDays } from "../../../platform/time/workingDays.js";
import type { Party } from "../rules.js";
import { linkExpiry, looksLikeToken, newAnswerToken, type PartyAnswer, type PartyMailWork } from "./partyAnswers.js";
import "../db.js";

/** What a change mail names: the work and the change. */
export interface ChangeMailWork extends PartyMailWork {
  newEnd: string;
  /** The new area as text, or null when it stays. */
  newArea: string | null;
  reason: string;
}
/** The mail a party gets for a change round (request or reminder) with its link; `until` is the link's last valid day. */
export type ChangeMail = (m: { work: ChangeMailWork; party: Party; url: string; dueOn: string; until: string; purpose: "request" | "reminder" }) => { subject: string; text: string };

export const changeAnswerUrl = (publicUrl: string, token: string) => `${publicUrl}/baustellen/stellungnahme/aenderung?t=${token}`;

/** Adds a change round's answer link for a party and queues its mail (inside the caller's transaction). */
export async function addChangeAnswerLink(tx: Transaction<Database>, l: { roadworkId: string; extensionId: string; work: ChangeMailWork; party: Party; email: string; dueOn: string; purpose: "request" | "reminder"; graceDays: number; publicUrl: string; mail: ChangeMail }): Promise<string> {
  const { token, hash } = newAnswerToken();
  await tx.insertInto("roadworks_extension_links").values({ token_hash: hash, extension_id: l.extensionId, party: l.party, email: l.email, purpose: l.purpose, expires_at: linkExpiry(l.dueOn, l.graceDays) }).execute();
  const { subject, text } = l.mail({ work: l.work, party: l.party, url: changeAnswerUrl(l.publicUrl, token), dueOn: l.dueOn, until: addDays(l.dueOn, l.graceDays), purpose: l.purpose });
  await enqueueMail(tx, { kind: `roadworks.extension_${l.purpose}`, ref: l.roadworkId, to: l.email, subject, text });
  return token;
}

export type ChangeLinkState =
  | { state: "unknown" }
  | { state: "expired" | "answered" | "closed" | "open"; roadworkId: string; extensionId: string; party: Party; dueOn: string };

/** What a change token leads to: unknown, expired, already answered, round no longer open, or open. */
export async function changeLinkState(db: Db | Transaction<Database>, token: string, now = new Date(), forUpdate = false): Promise<ChangeLinkState> {
  if (!looksLikeToken(token)) return { state: "unknown" };
  let q = db
    .selectFrom("roadworks_extension_links as l")
    .innerJoin("roadworks_extension_consents as c", (j) => j.onRef("c.extension_id", "=", "l.extension_id").onRef("c.party", "=", "l.party"))
    .innerJoin("roadworks_extensions as e", "e.id", "l.extension_id")
    .innerJoin("roadworks as r", "r.id", "e.roadwork_id")
    .select(["e.roadwork_id", "l.extension_id", "l.party", "l.expires_at", "c.due_on", "c.answer", "e.status as round", "r.status"])
    .where("l.token_hash", "=", hashToken(token));
  if (forUpdate) q = q.forUpdate("c");
  const row = await q.executeTakeFirst();
  if (!row) return { state: "unknown" };
  const base = { roadworkId: row.roadwork_id, extensionId: row.extension_id, party: row.party, dueOn: row.due_on };
  if (row.answer !== null) return { state: "answered", ...base };
  if (row.expires_at <= now) return { state: "expired", ...base };
  if (row.round !== "consultation" || row.status !== "ordered") return { state: "closed", ...base };
  return { state: "open", ...base };
}

export type ChangeAnswerResult = { ok: true; roadworkId: string; party: Party; late: boolean } | { ok: false; state: "unknown" | "expired" | "answered" | "closed" };

/**
 * A party answers a change round through its link (no account), once: consent (conditions as its text) or refusal
 * (the objection's reason as its text). Checked and stored in one transaction; audited without the name.
 */
export async function changeAnswerByLink(ctx: CommandContext, token: string, answer: PartyAnswer, now = new Date()): Promise<ChangeAnswerResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const s = await changeLinkState(tx, token, now, true);
    if (s.state !== "open") return { ok: false, state: s.state };
    const late = berlinDate(now) > s.dueOn;
    const res = await tx
      .updateTable("roadworks_extension_consents")
      .set({ answer: answer.kind === "objection" ? "refusal" : "consent", text: answer.kind === "agree" ? "" : answer.text, answered_name: answer.name, answered_via: "link", answered_at: now, answered_by: null, late })
      .where("extension_id", "=", s.extensionId)
      .where("party", "=", s.party)
      .where("answer", "is", null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new Error("change consent answered concurrently");
    await appendAudit(tx, ctx.actor, { action: "roadworks.extension_consent_answered", objectType: "roadwork", objectId: s.roadworkId, details: { extension: s.extensionId, party: s.party, answer: answer.kind, late, via: "link" }, requestId: ctx.requestId });
    return { ok: true, roadworkId: s.roadworkId, party: s.party, late };
  });
}

/** The open round's municipality consent of a work, for the signed-in answer (undefined: no open round). */
export async function openChangeConsentOfMunicipality(db: Db | Transaction<Database>, roadworkId: string, forUpdate = false) {
  let q = db
    .selectFrom("roadworks_extension_consents as c")
    .innerJoin("roadworks_extensions as e", "e.id", "c.extension_id")
    .innerJoin("roadworks as r", "r.id", "e.roadwork_id")
    .select(["c.extension_id", "c.due_on", "c.answer", "r.status"])
    .where("e.roadwork_id", "=", roadworkId)
    .where("e.status", "=", "consultation")
    .where("c.party", "=", "municipality");
  if (forUpdate) q = q.forUpdate("c");
  return q.executeTakeFirst();
}

/**
 * A signed-in staff account of the work's municipality answers the open change round for the municipality (the
 * caller checked the policy), once, as by the link; `answered_via = login` and the account kept.
 */
export async function municipalityChangeAnswerByLogin(ctx: CommandContext, roadworkId: string, answer: PartyAnswer, now = new Date()): Promise<ChangeAnswerResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await openChangeConsentOfMunicipality(tx, roadworkId, true);
    if (!row) return { ok: false, state: "closed" };
    if (row.answer !== null) return { ok: false, state: "answered" };
    if (row.status !== "ordered") return { ok: false, state: "closed" };
    const late = berlinDate(now) > row.due_on;
    const res = await tx
      .updateTable("roadworks_extension_consents")
      .set({ answer: answer.kind === "objection" ? "refusal" : "consent", text: answer.kind === "agree" ? "" : answer.text, answered_name: answer.name, answered_via: "login", answered_at: now, answered_by: ctx.actor.id, late })
      .where("extension_id", "=", row.extension_id)
      .where("party", "=", "municipality")
      .where("answer", "is", null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new Error("change consent answered concurrently");
    await appendAudit(tx, ctx.actor, { action: "roadworks.extension_consent_answered", objectType: "roadwork", objectId: roadworkId, details: { extension: row.extension_id, party: "municipality", answer: answer.kind, late, via: "login" }, requestId: ctx.requestId });
    return { ok: true, roadworkId, party: "municipality", late };
  });
}

/**
 * Reminds every invited party of an open change round that has not answered and whose deadline is at most
 * `roadworks.reminderDays` working days away (and not past), once (`reminded_at`, claimed in the transaction):
 * a mail with a fresh link. Run by the job "roadworks-change-reminder"; returns the number of reminders queued.
 */
export async function remindOpenChangeConsents(db: Db, config: Pick<Config, "publicUrl" | "roadworks">, mail: ChangeMail, describeArea: (g: NonNullable<Database["roadworks_extensions"]["new_geometry"]>) => string, now = new Date()): Promise<number> {
  const today = berlinDate(now);
  const due = await db
    .selectFrom("roadworks_extension_consents as c")
    .innerJoin("roadworks_extensions as e", "e.id", "c.extension_id")
    .innerJoin("roadworks as r", "r.id", "e.roadwork_id")
    .select(["c.extension_id", "c.party", "c.due_on", "c.invited_email", "e.roadwork_id", "e.new_end", "e.new_geometry", "e.reason", "r.title", "r.reference", "r.road_name", "r.house_from", "r.house_to", "r.municipality", "r.start_date", "r.end_date", "r.authority_name"])
    .where("c.answer", "is", null)
    .where("c.reminded_at", "is", null)
    .where("c.invited_email", "is not", null)
    .where("e.status", "=", "consultation")
    .where("r.status", "=", "ordered")
    .where("c.due_on", ">=", today)
    .where("c.due_on", "<=", addWorkingDays(today, config.roadworks.reminderDays))
    .orderBy("c.due_on")
    .limit(500)
    .execute();
  let sent = 0;
  for (const c of due) {
    const done = await db.transaction().execute(async (tx) => {
      const claimed = await tx.updateTable("roadworks_extension_consents").set({ reminded_at: now }).where("extension_id", "=", c.extension_id).where("party", "=", c.party).where("reminded_at", "is", null).where("answer", "is", null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      const work: ChangeMailWork = { ...c, newEnd: c.new_end, newArea: c.new_geometry ? describeArea(c.new_geometry) : null, reason: c.reason };
      await addChangeAnswerLink(tx, { roadworkId: c.roadwork_id, extensionId: c.extension_id, work, party: c.party, email: c.invited_email!, dueOn: c.due_on, purpose: "reminder", graceDays: config.roadworks.answerGraceDays, publicUrl: config.publicUrl, mail });
      await appendAudit(tx, { type: "system", id: null }, { action: "roadworks.extension_consent_reminded", objectType: "roadwork", objectId: c.roadwork_id, details: { extension: c.extension_id, party: c.party, due_on: c.due_on } });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}
