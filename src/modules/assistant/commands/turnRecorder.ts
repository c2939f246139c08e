import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { AssistantChannel, ReplyKind, ReplyLink } from "../db.js";
import type { DialogueState } from "../engine.js";

export interface TurnRecorderProps {
  /** The conversation's id; a new one when `create` is true. */
  conversationId: string;
  /** SHA-256 of the owner's secret (only for a new conversation). */
  secretHash: string;
  create: boolean;
  channel: AssistantChannel;
  locale: "de" | "en";
  userText: string;
  reply: { kind: ReplyKind; text: string; links: ReplyLink[]; leikaKey?: string };
  state: DialogueState;
}

/**
 * Stores one turn (the person's message and the reply) and what the engine remembers. A new conversation is
 * audited once (its id and channel only: the texts never reach the audit log or the application log).
 */
export async function turnRecorder(ctx: CommandContext, p: TurnRecorderProps): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    if (p.create) {
      await tx.insertInto("assistant_conversations").values({ id: p.conversationId, secret_hash: p.secretHash, channel: p.channel, locale: p.locale, ags: p.state.ags, pending_leika: p.state.pendingLeika, pending_choices: p.state.choices }).execute();
      await appendAudit(tx, ctx.actor, { action: "assistant.conversation_started", objectType: "assistant_conversation", objectId: p.conversationId, details: { channel: p.channel }, requestId: ctx.requestId });
    } else {
      await tx.updateTable("assistant_conversations").set({ ags: p.state.ags, pending_leika: p.state.pendingLeika, pending_choices: p.state.choices, updated_at: sql<Date>`now()` }).where("id", "=", p.conversationId).execute();
    }
    const last = await tx.selectFrom("assistant_turns").select((eb) => eb.fn.max("seq").as("seq")).where("conversation_id", "=", p.conversationId).executeTakeFirst();
    const seq = Number(last?.seq ?? 0);
    await tx
      .insertInto("assistant_turns")
      .values([
        { conversation_id: p.conversationId, seq: seq + 1, role: "user", text: p.userText.slice(0, 4000), links: "[]", kind: null, leika_key: null },
        { conversation_id: p.conversationId, seq: seq + 2, role: "assistant", text: p.reply.text.slice(0, 4000), links: JSON.stringify(p.reply.links), kind: p.reply.kind, leika_key: p.reply.leikaKey ?? null },
      ])
      .execute();
  });
}
