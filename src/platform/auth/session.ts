import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/index.js";

/** The signed-in user as every request sees it. */
export interface SessionUser {
  id: string;
  kind: "citizen" | "staff";
  email: string;
  displayName: string;
  homeAgs: string | null;
  isAdmin: boolean;
  isEditor: boolean;
  /** Org units the user is a member of. */
  orgUnitIds: string[];
  /** Names of the account's roles other than org-unit membership (admin, editor, care_counsellor …), for policies. */
  roles: string[];
  sessionHash: string;
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** Creates a server-side session and returns the opaque token for the cookie. */
export async function createSession(db: Db, userId: string, authMethod: string, policy: SessionPolicy): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      id_hash: hashToken(token),
      user_id: userId,
      auth_method: authMethod,
      expires_at: new Date(Date.now() + policy.absoluteHours * 3600_000),
    })
    .execute();
  return token;
}

export async function destroySession(db: Db, sessionHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", sessionHash).execute();
}

/** Ends every session of a user (password reset, role change, account disabled). */
export async function destroyUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/** Removes expired sessions; run periodically by the job queue. */
export async function purgeExpiredSessions(db: Db, policy: SessionPolicy): Promise<number> {
  const r = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<", new Date()), eb("last_seen_at", "<", new Date(Date.now() - policy.idleMinutes * 60_000))]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
