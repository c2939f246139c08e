import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
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
