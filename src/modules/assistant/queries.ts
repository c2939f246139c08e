/** Reads of the assistant's own tables. */
import { sql } from "kysely";
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

/** What the person and the staff page show of a live case ("expired": waited in vain, the call back is offered). */
export type LiveState = "waiting" | "claimed" | "expired" | "closed";

export interface LiveCase {
  id: string;
  conversation_id: string | null;
  org_unit_id: string | null;
  reference: string;
  state: LiveState;
  transcript: Array<{ role: "user" | "assistant"; text: string }>;
  claimed_by: string | null;
  created_at: Date;
  wait_until: Date;
  /** The person's newest message seq when staff last opened the case (null: never opened). */
  staff_seen_seq: number | null;
}

const liveCols = ["id", "conversation_id", "org_unit_id", "reference", "status", "transcript", "claimed_by", "created_at", "wait_until", "staff_seen_seq"] as const;

function toLiveCase<T extends { status: "waiting" | "claimed" | "closed"; expired: boolean }>(r: T): Omit<T, "status" | "expired"> & { state: LiveState } {
  const { status, expired, ...rest } = r;
  return { ...rest, state: status === "waiting" && expired ? "expired" : status };
}

/** One live case by id (the caller checks who may see it: policies.ownsLiveCase / canSeeLiveCase). */
export async function findLiveCase(db: Db, id: string): Promise<LiveCase | undefined> {
  const row = await db.selectFrom("assistant_live_handoffs").select([...liveCols, sql<boolean>`wait_until <= now()`.as("expired")]).where("id", "=", id).executeTakeFirst();
  return row ? toLiveCase(row) : undefined;
}

/** The conversation's newest live case (open, waited in vain, or closed). */
export async function latestLiveCase(db: Db, conversationId: string): Promise<LiveCase | undefined> {
  const row = await db
    .selectFrom("assistant_live_handoffs")
    .select([...liveCols, sql<boolean>`wait_until <= now()`.as("expired")])
    .where("conversation_id", "=", conversationId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? toLiveCase(row) : undefined;
}

/** The messages of a live case after `afterSeq`, oldest first. */
export async function listLiveMessages(db: Db, handoffId: string, afterSeq = 0) {
  return db.selectFrom("assistant_live_messages").select(["seq", "author", "text", "created_at"]).where("handoff_id", "=", handoffId).where("seq", ">", afterSeq).orderBy("seq").limit(500).execute();
}

/** The number of the person's newest message in a case (0: none yet – the opening itself is their last word). */
export async function lastPersonSeq(db: Db, handoffId: string): Promise<number> {
  const r = await db.selectFrom("assistant_live_messages").select((eb) => eb.fn.max("seq").as("seq")).where("handoff_id", "=", handoffId).where("author", "=", "person").executeTakeFirst();
  return Number(r?.seq ?? 0);
}

/** "Ihre Nachricht wurde gelesen": a member of staff opened the case after the person's last message (ADR 0083). */
export const liveRead = (c: { staff_seen_seq: number | null }, lastPerson: number) => c.staff_seen_seq !== null && c.staff_seen_seq >= lastPerson;

/** The staff's live queue: open cases (waiting first, oldest first) of the given offices, or all for administrators; then the last 20 closed ones. */
export async function listLiveQueue(db: Db, scope: { isAdmin: boolean; orgUnitIds: string[] }) {
  if (!scope.isAdmin && scope.orgUnitIds.length === 0) return [];
  const base = () => {
    let q = db.selectFrom("assistant_live_handoffs").select(["id", "reference", "status", "org_unit_id", "claimed_by", "created_at", "updated_at", sql<boolean>`wait_until <= now()`.as("expired")]);
    if (!scope.isAdmin) q = q.where("org_unit_id", "in", scope.orgUnitIds);
    return q;
  };
  const [open, closed] = await Promise.all([
    base().where("status", "in", ["waiting", "claimed"]).orderBy("status", "desc").orderBy("created_at").limit(200).execute(),
    base().where("status", "=", "closed").orderBy("updated_at", "desc").limit(20).execute(),
  ]);
  return [...open, ...closed].map(toLiveCase);
}
