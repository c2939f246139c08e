import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import "../db.js";

/** How the counselling took place. */
export const CHANNELS = ["telefon", "vor-ort", "hausbesuch", "e-mail"] as const;
export const isChannel = (v: unknown): v is (typeof CHANNELS)[number] => typeof v === "string" && (CHANNELS as readonly string[]).includes(v);

export interface NoteInput {
  counsellorId: string;
  requestId: string | null;
  ags: string;
  kind: string | null;
  channel: (typeof CHANNELS)[number];
  note: string;
}

/** Records a counselling contact; the audit entry holds the municipality, kind and channel, never the note. */
export async function counsellingRecorder(ctx: CommandContext, input: NoteInput): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("care_counselling_notes")
      .values({ counsellor_id: input.counsellorId, request_id: input.requestId, ags: input.ags, kind: input.kind, channel: input.channel, note: input.note })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "care.counselling_recorded", objectType: "care_counselling", objectId: row.id, details: { ags: input.ags, kind: input.kind, channel: input.channel, requestId: input.requestId }, requestId: ctx.requestId });
    return row.id;
  });
}

/** Deletes one of the counsellor's own notes; false when there is none with that id for this counsellor. */
export async function counsellingDeleter(ctx: CommandContext, props: { id: string; counsellorId: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom("care_counselling_notes").where("id", "=", props.id).where("counsellor_id", "=", props.counsellorId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return false;
    await appendAudit(tx, ctx.actor, { action: "care.counselling_deleted", objectType: "care_counselling", objectId: props.id, requestId: ctx.requestId });
    return true;
  });
}

/** Changes one of the counsellor's own notes (channel, municipality, kind, text); false when it is not theirs. Audited without the text. */
export async function counsellingEditor(ctx: CommandContext, props: { id: string; counsellorId: string; ags: string; kind: string | null; channel: (typeof CHANNELS)[number]; note: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable("care_counselling_notes")
      .set({ ags: props.ags, kind: props.kind, channel: props.channel, note: props.note })
      .where("id", "=", props.id)
      .where("counsellor_id", "=", props.counsellorId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await appendAudit(tx, ctx.actor, { action: "care.counselling_edited", objectType: "care_counselling", objectId: props.id, details: { ags: props.ags, kind: props.kind, channel: props.channel }, requestId: ctx.requestId });
    return true;
  });
}

export interface HandOver {
  /** A counselling note, or a request sent for a family (its notes go with it). */
  object: "note" | "request";
  id: string;
  from: string;
  to: string;
  /** Link-only mail to the colleague who takes over (none when they take it themselves). */
  mail?: { to: string; subject: string; text: string };
}

/**
 * Hands a note or a family's request over to another counsellor of the team (a colleague takes over, or the
 * counsellor passes it on): the counsellor changes only if it is still `from` (two people handing over the same
 * thing at once: the second gets false). A request takes its notes along. Audited with both counsellors.
 */
export async function counsellingHandOver(ctx: CommandContext, h: HandOver): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    if (h.object === "note") {
      const r = await tx.updateTable("care_counselling_notes").set({ counsellor_id: h.to }).where("id", "=", h.id).where("counsellor_id", "=", h.from).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
    } else {
      const r = await tx.updateTable("care_requests").set({ counsellor_id: h.to }).where("id", "=", h.id).where("counsellor_id", "=", h.from).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await tx.updateTable("care_counselling_notes").set({ counsellor_id: h.to }).where("request_id", "=", h.id).where("counsellor_id", "=", h.from).execute();
    }
    if (h.mail) await enqueueMail(tx, { kind: "care.counselling_handed_over", ref: h.id, to: h.mail.to, subject: h.mail.subject, text: h.mail.text });
    await appendAudit(tx, ctx.actor, { action: "care.counselling_handed_over", objectType: h.object === "note" ? "care_counselling" : "care_request", objectId: h.id, details: { from: h.from, to: h.to }, requestId: ctx.requestId });
    return true;
  });
}

/** Audits that a counsellor opened the team page (colleagues' notes and requests: health-related personal data). */
export async function teamViewRecorder(ctx: CommandContext, props: { notes: number; requests: number }): Promise<void> {
  await ctx.db.transaction().execute((tx) =>
    appendAudit(tx, ctx.actor, { action: "care.counselling_team_viewed", objectType: "care_counselling", details: props, requestId: ctx.requestId }),
  );
}
