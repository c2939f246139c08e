import { randomBytes } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { AssistantChannel, TranscriptLine } from "../db.js";

export interface HandoffCreatorProps {
  conversationId: string | null;
  channel: AssistantChannel;
  question: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Only when the person chose to send it; the handoff keeps its own copy. */
  transcript: TranscriptLine[];
}

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** "A-" and eight characters (Crockford base 32): what the person quotes on the phone. */
export function newReference(): string {
  const bytes = randomBytes(8);
  return `A-${[...bytes].map((b) => ALPHABET[b % 32]).join("")}`;
}

/** Puts a question into the staff queue (audited without its content). */
export async function handoffCreator(ctx: CommandContext, p: HandoffCreatorProps): Promise<{ id: string; reference: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const reference = newReference();
    const row = await tx
      .insertInto("assistant_handoffs")
      .values({ conversation_id: p.conversationId, reference, channel: p.channel, question: p.question, contact_name: p.name, contact_email: p.email, contact_phone: p.phone, transcript: JSON.stringify(p.transcript) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "assistant.handoff_created", objectType: "assistant_handoff", objectId: row.id, details: { channel: p.channel, transcript: p.transcript.length > 0, email: !!p.email, phone: !!p.phone }, requestId: ctx.requestId });
    return { id: row.id, reference };
  });
}
