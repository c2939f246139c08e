/**
 * The consulted parties answer themselves (ADR 0051): a consent request mails each party with an address a
 * link with a random token (only its SHA-256 is stored, valid until the deadline + grace days); the party
 * agrees, agrees with conditions or objects, naming itself, once. A job reminds open parties once shortly
 * before the deadline with a fresh link. Every step is audited in its transaction.
 */
import { randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import type { Database, Db } from "../../../platform/db/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { hashToken } from "../../../platform/auth/session.js";
import { addDays, berlinDate, berlinToUtc } from "../../../platform/time/berlin.js";
import { addWorkingDays } from "../../../platform/time/workingDays.js";
import type { Party } from "../rules.js";
import "../db.js";

/** How a party answers: agree, agree with conditions, object (with a reason). */
export type PartyAnswerKind = "agree" | "conditions" | "objection";
export interface PartyAnswer {
  kind: PartyAnswerKind;
  /** The conditions (kind "conditions") or the reason (kind "objection"); ignored for "agree". */
  text: string;
  /** The person answering for the party. */
  name: string;
}

/** What a party's mail names of the work. */
export interface PartyMailWork { title: string; reference: string; road_name: string; house_from: string; house_to: string; municipality: string; start_date: string; end_date: string; authority_name: string }
/** The mail a party gets: subject and text for the link (request or reminder); `until` is the link's last valid day. */
export type PartyMail = (m: { work: PartyMailWork; party: Party; url: string; dueOn: string; until: string; purpose: "request" | "reminder" }) => { subject: string; text: string };

/** The end of a link's validity: the start of the Berlin day after deadline + grace days. */
export const linkExpiry = (dueOn: string, graceDays: number): Date => berlinToUtc(addDays(dueOn, graceDays + 1), 0);

export const answerUrl = (publicUrl: string, token: string) => `${publicUrl}/baustellen/stellungnahme?t=${token}`;

/** A fresh answer token (32 random bytes, base64url) and the SHA-256 that is stored; shared by first and change rounds. */
export function newAnswerToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

/** Whether a string can be an answer token at all (checked before any lookup). */
export const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{20,100}$/.test(token);

/** Adds an answer link for a party's consent and queues its mail (inside the caller's transaction). */
export async function addAnswerLink(tx: Transaction<Database>, l: { roadworkId: string; work: PartyMailWork; party: Party; email: string; dueOn: string; purpose: "request" | "reminder"; graceDays: number; publicUrl: string; mail: PartyMail }): Promise<string> {
  const { token, hash } = newAnswerToken();
  await tx.insertInto("roadworks_consent_links").values({ token_hash: hash, roadwork_id: l.roadworkId, party: l.party, email: l.email, purpose: l.purpose, expires_at: linkExpiry(l.dueOn, l.graceDays) }).execute();
  const { subject, text } = l.mail({ work: l.work, party: l.party, url: answerUrl(l.publicUrl, token), dueOn: l.dueOn, until: addDays(l.dueOn, l.graceDays), purpose: l.purpose });
  await enqueueMail(tx, { kind: `roadworks.consent_${l.purpose}`, ref: l.roadworkId, to: l.email, subject, text });
  return token;
}

export type LinkState =
  | { state: "unknown" }
  | { state: "expired" | "answered" | "closed" | "open"; roadworkId: string; party: Party; dueOn: string; answeredAt: Date | null };

/** What a token leads to (the page decides what to show): unknown, expired, already answered, no longer in coordination, or open. */
export async function linkState(db: Db | Transaction<Database>, token: string, now = new Date(), forUpdate = false): Promise<LinkState> {
  if (!looksLikeToken(token)) return { state: "unknown" };
  let q = db
    .selectFrom("roadworks_consent_links as l")
    .innerJoin("roadworks_consents as c", (j) => j.onRef("c.roadwork_id", "=", "l.roadwork_id").onRef("c.party", "=", "l.party"))
    .innerJoin("roadworks as r", "r.id", "l.roadwork_id")
    .select(["l.roadwork_id", "l.party", "l.expires_at", "c.due_on", "c.answer", "c.answered_at", "r.status"])
    .where("l.token_hash", "=", hashToken(token));
  if (forUpdate) q = q.forUpdate("c");
  const row = await q.executeTakeFirst();
  if (!row) return { state: "unknown" };
  const base = { roadworkId: row.roadwork_id, party: row.party, dueOn: row.due_on, answeredAt: row.answered_at };
  if (row.answer !== null) return { state: "answered", ...base };
  if (row.expires_at <= now) return { state: "expired", ...base };
  if (row.status !== "coordination") return { state: "closed", ...base };
  return { state: "open", ...base };
}

/** Stores one answer of a party (once: an answered consent is never overwritten here); audited. */
async function storeAnswer(tx: Transaction<Database>, ctx: CommandContext, roadworkId: string, party: Party, dueOn: string, answer: PartyAnswer, via: "link" | "login", now: Date): Promise<{ late: boolean }> {
  const late = berlinDate(now) > dueOn;
  const consent = answer.kind !== "objection";
  const res = await tx
    .updateTable("roadworks_consents")
    .set({
      answer: consent ? "consent" : "refusal",
      condition: answer.kind === "conditions" ? answer.text : "",
      reason: answer.kind === "objection" ? answer.text : "",
      answered_name: answer.name,
      answered_via: via,
      answered_at: now,
      answered_by: via === "login" ? ctx.actor.id : null,
      late,
    })
    .where("roadwork_id", "=", roadworkId)
    .where("party", "=", party)
    .where("answer", "is", null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new Error("consent answered concurrently");
  // The name stays on the consent row, not in the audit details (no personal data there).
  await appendAudit(tx, ctx.actor, { action: "roadworks.consent_answered", objectType: "roadwork", objectId: roadworkId, details: { party, answer: answer.kind, late, via }, requestId: ctx.requestId });
  return { late };
}

export type PartyAnswerResult = { ok: true; roadworkId: string; party: Party; late: boolean } | { ok: false; state: "unknown" | "expired" | "answered" | "closed" };

/** A party answers through its mailed link (no account): checked and stored in one transaction. */
export async function partyAnswerByLink(ctx: CommandContext, token: string, answer: PartyAnswer, now = new Date()): Promise<PartyAnswerResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const s = await linkState(tx, token, now, true);
    if (s.state !== "open") return { ok: false, state: s.state };
    const { late } = await storeAnswer(tx, ctx, s.roadworkId, s.party, s.dueOn, answer, "link", now);
    return { ok: true, roadworkId: s.roadworkId, party: s.party, late };
  });
}

/** A signed-in staff account of the municipality answers for the municipality (the caller checked the policy). */
export async function municipalityAnswerByLogin(ctx: CommandContext, roadworkId: string, answer: PartyAnswer, now = new Date()): Promise<PartyAnswerResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom("roadworks_consents as c")
      .innerJoin("roadworks as r", "r.id", "c.roadwork_id")
      .select(["c.due_on", "c.answer", "r.status"])
      .where("c.roadwork_id", "=", roadworkId)
      .where("c.party", "=", "municipality")
      .forUpdate("c")
      .executeTakeFirst();
    if (!row) return { ok: false, state: "unknown" };
    if (row.answer !== null) return { ok: false, state: "answered" };
    if (row.status !== "coordination") return { ok: false, state: "closed" };
    const { late } = await storeAnswer(tx, ctx, roadworkId, "municipality", row.due_on, answer, "login", now);
    return { ok: true, roadworkId, party: "municipality", late };
  });
}

/**
 * Reminds every invited party that has not answered and whose deadline is at most `reminderDays` working days away (and
 * not past), once (`reminded_at`): a mail with a fresh answer link (the first link's secret is not stored).
 * Run by the job "roadworks-consent-reminder"; returns the number of reminders queued.
 */
export async function remindOpenConsents(db: Db, config: Pick<Config, "publicUrl" | "roadworks">, mail: PartyMail, now = new Date()): Promise<number> {
  const today = berlinDate(now);
  const due = await db
    .selectFrom("roadworks_consents as c")
    .innerJoin("roadworks as r", "r.id", "c.roadwork_id")
    .select(["c.roadwork_id", "c.party", "c.due_on", "c.invited_email", "r.title", "r.reference", "r.road_name", "r.house_from", "r.house_to", "r.municipality", "r.start_date", "r.end_date", "r.authority_name"])
    .where("c.answer", "is", null)
    .where("c.reminded_at", "is", null)
    .where("c.invited_email", "is not", null)
    .where("r.status", "=", "coordination")
    .where("c.due_on", ">=", today)
    .where("c.due_on", "<=", addWorkingDays(today, config.roadworks.reminderDays))
    .orderBy("c.due_on")
    .limit(500)
    .execute();
  let sent = 0;
  for (const c of due) {
    const done = await db.transaction().execute(async (tx) => {
      // Claimed in the transaction: two nodes running the job remind once.
      const claimed = await tx.updateTable("roadworks_consents").set({ reminded_at: now }).where("roadwork_id", "=", c.roadwork_id).where("party", "=", c.party).where("reminded_at", "is", null).where("answer", "is", null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      await addAnswerLink(tx, { roadworkId: c.roadwork_id, work: c, party: c.party, email: c.invited_email!, dueOn: c.due_on, purpose: "reminder", graceDays: config.roadworks.answerGraceDays, publicUrl: config.publicUrl, mail });
      await appendAudit(tx, { type: "system", id: null }, { action: "roadworks.consent_reminded", objectType: "roadwork", objectId: c.roadwork_id, details: { party: c.party, due_on: c.due_on } });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}
