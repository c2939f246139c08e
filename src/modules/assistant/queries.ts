/** Reads of the assistant's own tables. */
import type { Db } from "../../platform/db/index.js";

export interface ConversationRow {
  id: string;
  secret_hash: string;
  channel: string;
  ags: string | null;
  pending_leika: string | null;
  pending_choices: string[];
}

/** A conversation by id (ownership is checked by the caller with policies.ownsConversation). */
export async function findConversation(db: Db, id: string): Promise<ConversationRow | undefined> {
  return db.selectFrom("assistant_conversations").select(["id", "secret_hash", "channel", "ags", "pending_leika", "pending_choices"]).where("id", "=", id).executeTakeFirst();
}

/** The turns of a conversation, oldest first. */
export async function listTurns(db: Db, conversationId: string) {
  return db.selectFrom("assistant_turns").select(["seq", "role", "text", "links", "kind", "created_at"]).where("conversation_id", "=", conversationId).orderBy("seq").execute();
}

/** The newest reply of a conversation (the phone channel reads which keys are live). */
export async function lastAssistantTurn(db: Db, conversationId: string) {
  return db.selectFrom("assistant_turns").select(["seq", "text", "kind"]).where("conversation_id", "=", conversationId).where("role", "=", "assistant").orderBy("seq", "desc").limit(1).executeTakeFirst();
}

/** The handoffs a conversation started (their answers are shown in it). */
export async function listConversationHandoffs(db: Db, conversationId: string) {
  return db.selectFrom("assistant_handoffs").select(["reference", "status", "answer", "answered_at", "created_at"]).where("conversation_id", "=", conversationId).orderBy("created_at").execute();
}

/** The staff queue: open questions first (oldest first), then the last 50 answered ones. */
export async function listHandoffs(db: Db) {
  const cols = ["id", "reference", "channel", "question", "contact_name", "contact_email", "contact_phone", "status", "created_at", "answered_at"] as const;
  const [open, answered] = await Promise.all([
    db.selectFrom("assistant_handoffs").select(cols).where("status", "=", "open").orderBy("created_at").limit(200).execute(),
    db.selectFrom("assistant_handoffs").select(cols).where("status", "=", "answered").orderBy("answered_at", "desc").limit(50).execute(),
  ]);
  return [...open, ...answered];
}

export async function findHandoff(db: Db, id: string) {
  return db.selectFrom("assistant_handoffs").selectAll().where("id", "=", id).executeTakeFirst();
}
