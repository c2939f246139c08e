import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
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

/**
 * Resolves a session token to its user, enforcing the idle and absolute timeouts.
 * `last_seen_at` is refreshed at most once a minute to keep reads cheap.
 */
export async function loadSession(db: Db, token: string, policy: SessionPolicy): Promise<SessionUser | undefined> {
  const idHash = hashToken(token);
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id_hash", "s.last_seen_at", "s.expires_at", "u.id", "u.kind", "u.email", "u.display_name", "u.home_ags", "u.disabled_at"])
    .select((eb) => [
      eb
        .selectFrom("user_roles as r")
        .whereRef("r.user_id", "=", "u.id")
        .select(sql<Array<{ role: string; org_unit_id: string | null }>>`coalesce(json_agg(json_build_object('role', r.role, 'org_unit_id', r.org_unit_id)), '[]')`.as("roles"))
        .as("roles"),
    ])
    .where("s.id_hash", "=", idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = Date.now();
  const idleLimit = new Date(row.last_seen_at).getTime() + policy.idleMinutes * 60_000;
  if (row.disabled_at || now > new Date(row.expires_at).getTime() || now > idleLimit) {
    await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
    return undefined;
  }
  if (now - new Date(row.last_seen_at).getTime() > 60_000) {
    await db.updateTable("sessions").set({ last_seen_at: new Date() }).where("id_hash", "=", idHash).execute();
  }
  const roles = (row.roles ?? []) as Array<{ role: string; org_unit_id: string | null }>;
  return {
    id: row.id,
    kind: row.kind as "citizen" | "staff",
    email: row.email,
    displayName: row.display_name,
    homeAgs: row.home_ags,
    isAdmin: roles.some((r) => r.role === "admin"),
    isEditor: roles.some((r) => r.role === "editor" || r.role === "admin"),
    orgUnitIds: roles.filter((r) => r.role === "member" && r.org_unit_id).map((r) => r.org_unit_id!),
    sessionHash: idHash,
  };
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
