import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";

/** Conversations are deleted this long after their last turn. */
export const CONVERSATION_RETENTION_HOURS = 24;
/** Answered handoffs (with their transcript and contact data) are deleted this long after the answer. */
export const HANDOFF_RETENTION_DAYS = 90;
/** Unanswered handoffs are deleted this long after they came in. */
export const OPEN_HANDOFF_RETENTION_DAYS = 180;

/** Deletes what is past its retention period (job "assistant-retention"); audited with the counts when anything went. */
export async function retentionSweeper(ctx: CommandContext, now: Date = new Date()): Promise<{ conversations: number; handoffs: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    const conv = await tx
      .deleteFrom("assistant_conversations")
      .where("updated_at", "<", sql<Date>`${now}::timestamptz - make_interval(hours => ${CONVERSATION_RETENTION_HOURS})`)
      .executeTakeFirst();
    const hand = await tx
      .deleteFrom("assistant_handoffs")
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", "answered"), eb("answered_at", "<", sql<Date>`${now}::timestamptz - make_interval(days => ${HANDOFF_RETENTION_DAYS})`)]),
          eb.and([eb("status", "=", "open"), eb("created_at", "<", sql<Date>`${now}::timestamptz - make_interval(days => ${OPEN_HANDOFF_RETENTION_DAYS})`)]),
        ]),
      )
      .executeTakeFirst();
    const result = { conversations: Number(conv.numDeletedRows), handoffs: Number(hand.numDeletedRows) };
    if (result.conversations + result.handoffs > 0) await appendAudit(tx, ctx.actor, { action: "assistant.retention_swept", details: result, requestId: ctx.requestId });
    return result;
  });
}
