import { createHash, timingSafeEqual } from "node:crypto";
import type { SessionUser } from "../../platform/auth/session.js";

/**
 * Who may do what in the assistant:
 * - a conversation belongs to whoever holds its secret (the browser's cookie or the phone interface's
 *   token); nobody else reads or continues it, not even staff (it holds nothing they need: a person who
 *   wants staff to see it sends it with a handoff);
 * - the handoff queue is for staff with a role: administrators or members of an office (the service
 *   centre). A staff account without any role and every citizen get 403.
 */
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export function ownsConversation(row: { secret_hash: string } | undefined, secret: string): boolean {
  if (!row || !secret) return false;
  const a = Buffer.from(row.secret_hash, "hex");
  const b = Buffer.from(hashSecret(secret), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

export function canWorkHandoffs(user: SessionUser | undefined): boolean {
  return !!user && user.kind === "staff" && (user.isAdmin || user.orgUnitIds.length > 0);
}

/**
 * Live cases (ADR 0076): staff see and claim only the cases of an office they are a member of; administrators
 * see all. A case without an office (no office in the conversation, no county authority) is for administrators.
 */
export function canSeeLiveCase(user: SessionUser | undefined, row: { org_unit_id: string | null }): boolean {
  if (!canWorkHandoffs(user)) return false;
  return user!.isAdmin || (row.org_unit_id !== null && user!.orgUnitIds.includes(row.org_unit_id));
}

/** The person sees a live case only through the conversation it came from (the caller proved ownership of that conversation). */
export function ownsLiveCase(row: { conversation_id: string | null } | undefined, conversationId: string | undefined): boolean {
  return !!row && !!conversationId && row.conversation_id === conversationId;
}
