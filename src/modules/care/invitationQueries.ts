import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import "./db.js";

/** An invitation's state at a moment: open, used, past its expiry, or revoked by staff. */
export type InvitationState = "pending" | "accepted" | "expired" | "revoked";

const stateAt = (now: Date) => sql<InvitationState>`CASE WHEN used_at IS NOT NULL THEN 'accepted' WHEN revoked_at IS NOT NULL THEN 'revoked' WHEN expires_at <= ${now} THEN 'expired' ELSE 'pending' END`;

export interface InvitationView {
  tokenHash: string;
  email: string;
  state: InvitationState;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
}

/** The invitations of a provider (staff list), newest first. */
export async function invitationsOf(db: Db, providerId: string, now: Date): Promise<InvitationView[]> {
  const rows = await db
    .selectFrom("care_invitations")
    .select(["token_hash", "email", "created_at", "expires_at", "used_at", "used_by"])
    .select(stateAt(now).as("state"))
    .where("provider_id", "=", providerId)
    .orderBy("created_at", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({ tokenHash: r.token_hash, email: r.email, state: r.state, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at, usedBy: r.used_by }));
}

/** The invitation behind a token's hash with its state (undefined: no such invitation). */
export async function invitationByHash(db: Db, tokenHash: string, now: Date): Promise<{ providerId: string; email: string; state: InvitationState; expiresAt: Date } | undefined> {
  const r = await db.selectFrom("care_invitations").select(["provider_id", "email", "expires_at"]).select(stateAt(now).as("state")).where("token_hash", "=", tokenHash).executeTakeFirst();
  return r ? { providerId: r.provider_id, email: r.email, state: r.state, expiresAt: r.expires_at } : undefined;
}
