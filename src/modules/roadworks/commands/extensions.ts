import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import { publishEvent } from "../../../platform/events/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { addWorkingDays } from "../../../platform/time/workingDays.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import type { ChangeConflict, RoadGeometry } from "../db.js";
import { addChangeAnswerLink, type ChangeMail, type ChangeMailWork } from "./changeAnswers.js";
import { boundsOf, CONSENT_WORKING_DAYS, PARTIES, type Party } from "../rules.js";
import "../db.js";
import "../events.js";

export interface ExtensionRequest {
  newEnd: string;
  /** The new area, or null when only the period changes. */
  newGeometry: RoadGeometry | null;
  reason: string;
  /** The change's conflicts with other works and events (found by the caller with the first application's check). */
  conflicts: ChangeConflict[];
}

/** Where and how the parties are asked (a party without an address is recorded by staff). */
export interface ChangeInvitations {
  work: ChangeMailWork;
  emails: Partial<Record<Party, string>>;
  publicUrl: string;
  graceDays: number;
  mail: ChangeMail;
}

/**
 * Opens the consultation round of an extension or change of an ordered work (ADR 0065): the parties are asked again,
 * each due in CONSENT_WORKING_DAYS working days; parties with an address get a request mail with their answer link
 * (commands/changeAnswers.ts, migration 0076). The change's conflicts are stored with the round. One open round per
 * work. Audited.
 */
export async function extensionRequester(ctx: CommandContext, roadworkId: string, change: ExtensionRequest, invite: ChangeInvitations, now = new Date()): Promise<{ id: string; dueOn: string } | undefined> {
  const dueOn = addWorkingDays(berlinDate(now), CONSENT_WORKING_DAYS);
  return ctx.db.transaction().execute(async (tx) => {
    const work = await tx.selectFrom("roadworks").select(["end_date", "geometry"]).where("id", "=", roadworkId).where("status", "=", "ordered").forUpdate().executeTakeFirst();
    if (!work) return undefined;
    const open = await tx.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", roadworkId).where("status", "=", "consultation").executeTakeFirst();
    if (open) return undefined;
    const row = await tx
      .insertInto("roadworks_extensions")
      .values({ roadwork_id: roadworkId, old_end: work.end_date, new_end: change.newEnd, old_geometry: JSON.stringify(work.geometry) as never, new_geometry: change.newGeometry ? (JSON.stringify(change.newGeometry) as never) : null, reason: change.reason, conflicts: JSON.stringify(change.conflicts) as never, requested_at: now, requested_by: ctx.actor.id, decided_at: null, decided_by: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const invited: Party[] = [];
    for (const party of PARTIES) {
      const email = invite.emails[party] ?? null;
      await tx.insertInto("roadworks_extension_consents").values({ extension_id: row.id, party, due_on: dueOn, invited_email: email, answer: null, answered_at: null, answered_by: null }).execute();
      if (email) {
        await addChangeAnswerLink(tx, { roadworkId, extensionId: row.id, work: invite.work, party, email, dueOn, purpose: "request", graceDays: invite.graceDays, publicUrl: invite.publicUrl, mail: invite.mail });
        invited.push(party);
      }
    }
    await appendAudit(tx, ctx.actor, { action: "roadworks.extension_requested", objectType: "roadwork", objectId: roadworkId, details: { extension: row.id, from: work.end_date, to: change.newEnd, area_changed: !!change.newGeometry, due_on: dueOn, invited, conflicts: change.conflicts.length }, requestId: ctx.requestId });
    return { id: row.id, dueOn };
  });
}

/** Records a party's answer in the open round (after the deadline kept and marked late); audited. */
export async function extensionConsentRecorder(ctx: CommandContext, roadworkId: string, extensionId: string, party: Party, answer: { kind: "consent" | "refusal"; text: string }, now = new Date()): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom("roadworks_extension_consents as c")
      .innerJoin("roadworks_extensions as e", "e.id", "c.extension_id")
      .select(["c.due_on"])
      .where("c.extension_id", "=", extensionId)
      .where("e.roadwork_id", "=", roadworkId)
      .where("e.status", "=", "consultation")
      .where("c.party", "=", party)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return false;
    const late = berlinDate(now) > row.due_on;
    await tx.updateTable("roadworks_extension_consents").set({ answer: answer.kind, text: answer.text, late, answered_at: now, answered_by: ctx.actor.id, answered_name: "", answered_via: "staff" }).where("extension_id", "=", extensionId).where("party", "=", party).execute();
    await appendAudit(tx, ctx.actor, { action: "roadworks.extension_consent_recorded", objectType: "roadwork", objectId: roadworkId, details: { extension: extensionId, party, answer: answer.kind, late, text: answer.text !== "" }, requestId: ctx.requestId });
    return true;
  });
}

/**
 * Decides the open round: granted only when every party consented – the new end (and area) take effect, the feeds,
 * search and push follow; refused – the order stays as it was. The company is mailed the decision (`notify`, a
 * short text with the link to its list; migration 0076; when granted the change notice – Änderungsbescheid – attached,
 * rendered for the decision's moment so it equals the served one) in the same transaction. Audited.
 */
export async function extensionDecider(ctx: CommandContext, roadworkId: string, extensionId: string, kind: "granted" | "refused", now = new Date(), notify?: { /** The deciding staff member, stored and printed on the change notice (migration 0090). */ signer?: { name: string; unit: string }; to: string[]; subject: string; text: string; /** The change notice, attached when granted. */ notice?: { filename: string; pdf: (answers: { party: string; answer: string | null; text: string | null }[], decidedAt: Date) => Buffer } }): Promise<"done" | "not_ready" | "gone"> {
  return ctx.db.transaction().execute(async (tx) => {
    const ext = await tx.selectFrom("roadworks_extensions").selectAll().where("id", "=", extensionId).where("roadwork_id", "=", roadworkId).where("status", "=", "consultation").forUpdate().executeTakeFirst();
    const work = ext ? await tx.selectFrom("roadworks").select(["ags", "end_date", "detour"]).where("id", "=", roadworkId).where("status", "=", "ordered").forUpdate().executeTakeFirst() : undefined;
    if (!ext || !work) return "gone";
    let answers: { party: string; answer: string | null; text: string | null }[] = [];
    if (kind === "granted") {
      answers = await tx.selectFrom("roadworks_extension_consents").select(["party", "answer", "text"]).where("extension_id", "=", extensionId).orderBy("party").execute();
      if (answers.length !== PARTIES.length || !answers.every((a) => a.answer === "consent")) return "not_ready";
      const geometry = ext.new_geometry;
      await tx
        .updateTable("roadworks")
        .set({ end_date: ext.new_end, ...(geometry ? { geometry: JSON.stringify(geometry) as never, ...boundsOf(geometry, work.detour) } : {}) })
        .where("id", "=", roadworkId)
        .execute();
      await publishEvent(tx, "roadworks.changed", { roadworkId, ags: work.ags, kind: ext.new_end < work.end_date ? "ended_early" : "extended", endDate: ext.new_end });
      await bumpCatalogVersion(tx);
    }
    await tx.updateTable("roadworks_extensions").set({ status: kind, decided_at: now, decided_by: ctx.actor.id, signed_by: notify?.signer?.name ?? "", signed_unit: notify?.signer?.unit ?? "" }).where("id", "=", extensionId).execute();
    const notice = kind === "granted" && notify?.notice ? [{ filename: notify.notice.filename, contentType: "application/pdf", content: notify.notice.pdf(answers, now) }] : undefined;
    for (const to of new Set(notify?.to ?? [])) await enqueueMail(tx, { kind: "roadworks.extension_decided", ref: roadworkId, to, subject: notify!.subject, text: notify!.text, attachments: notice });
    await appendAudit(tx, ctx.actor, { action: kind === "granted" ? "roadworks.extended" : "roadworks.extension_refused", objectType: "roadwork", objectId: roadworkId, details: { extension: extensionId, from: ext.old_end, to: ext.new_end, area_changed: !!ext.new_geometry, company_mailed: (notify?.to.length ?? 0) > 0 }, requestId: ctx.requestId });
    return "done";
  });
}

/** An early end as staff apply it (no round): the new end, the reason, the signer and the company's link-only mail. */
export interface EarlyEnd {
  end: string;
  reason: string;
  signer: { name: string; unit: string };
  /** The company's address and the applying account; `text` gets the notice's link. */
  mail: { to: string[]; subject: string; text: (url: string) => string; publicUrl: string };
}

/**
 * An earlier end with the same area, applied by staff at once without a consent round (it affects nobody more than the
 * order did), stored as a decision of its own (migration 0090): a `roadworks_extensions` row of kind `early_end`,
 * granted at once, with who, when, reason, old and new end and the signer – its notice is rendered from it like a
 * change round's (`/baustellen/:id/aenderung/:ext/bescheid.pdf`). The feeds, search and push follow; the company gets a
 * link-only mail with the notice's link (the order link's token, as the order mail). Audited. Refused ("round_open",
 * nothing stored) while a change round of the work is open.
 */
export async function earlyEnder(ctx: CommandContext, roadworkId: string, e: EarlyEnd, now = new Date()): Promise<{ id: string } | "round_open" | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const work = await tx.selectFrom("roadworks").select(["ags", "start_date", "end_date", "geometry", "order_token"]).where("id", "=", roadworkId).where("status", "=", "ordered").forUpdate().executeTakeFirst();
    if (!work || e.end >= work.end_date || e.end < work.start_date) return undefined;
    // Not while a change round is open (under the work's row lock, which opening a round takes too): its parties were
    // asked about the order as it stands, and granting it would set the end again. The round is decided first.
    const open = await tx.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", roadworkId).where("status", "=", "consultation").executeTakeFirst();
    if (open) return "round_open";
    const row = await tx
      .insertInto("roadworks_extensions")
      .values({ roadwork_id: roadworkId, kind: "early_end", status: "granted", old_end: work.end_date, new_end: e.end, old_geometry: JSON.stringify(work.geometry) as never, new_geometry: null, reason: e.reason, requested_at: now, requested_by: ctx.actor.id, decided_at: now, decided_by: ctx.actor.id, signed_by: e.signer.name, signed_unit: e.signer.unit })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.updateTable("roadworks").set({ end_date: e.end }).where("id", "=", roadworkId).execute();
    await publishEvent(tx, "roadworks.changed", { roadworkId, ags: work.ags, kind: "ended_early", endDate: e.end });
    await bumpCatalogVersion(tx);
    const url = `${e.mail.publicUrl}/baustellen/${roadworkId}/aenderung/${row.id}/bescheid.pdf${work.order_token ? `?t=${work.order_token}` : ""}`;
    const to = [...new Set(e.mail.to)];
    for (const address of to) await enqueueMail(tx, { kind: "roadworks.ended_early", ref: roadworkId, to: address, subject: e.mail.subject, text: e.mail.text(url) });
    await appendAudit(tx, ctx.actor, { action: "roadworks.ended_early", objectType: "roadwork", objectId: roadworkId, details: { decision: row.id, from: work.end_date, to: e.end, reason: e.reason !== "", mails: to.length }, requestId: ctx.requestId });
    return { id: row.id };
  });
}
