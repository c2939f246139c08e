/**
 * Who is signed in: a session token (cookie) or a personal API token (Bearer kp_…) resolved to its account.
 * The platform owns sessions and the token format; the accounts (users, user_roles, api_tokens) are this module's.
 */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { hashToken, type SessionPolicy, type SessionUser } from "../../platform/auth/session.js";
import { API_TOKEN_PREFIX, isApiScope, type ApiPrincipal } from "../../platform/auth/apiTokens.js";

const TOUCH_AFTER_MS = 60_000;

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
    roles: [...new Set(roles.filter((r) => r.role !== "member").map((r) => r.role))],
    sessionHash: idHash,
  };
}

/**
 * Resolves a personal token to its account: unknown, revoked, expired tokens and disabled accounts
 * give undefined. `last_used_at` is written at most once a minute per token.
 */
export async function resolveApiToken(db: Db, secret: string): Promise<ApiPrincipal | undefined> {
  if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return undefined;
  const row = await db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["t.id", "t.name", "t.scopes", "t.expires_at", "t.revoked_at", "t.last_used_at", "u.id as user_id", "u.kind", "u.email", "u.locale", "u.disabled_at"])
    .where("t.token_hash", "=", hashToken(secret))
    .executeTakeFirst();
  const now = Date.now();
  if (!row || row.revoked_at || row.disabled_at || new Date(row.expires_at).getTime() <= now) return undefined;
  if (!row.last_used_at || now - new Date(row.last_used_at).getTime() > TOUCH_AFTER_MS) {
    await db.updateTable("api_tokens").set({ last_used_at: new Date(now) }).where("id", "=", row.id).execute();
  }
  return { tokenId: row.id, tokenName: row.name, userId: row.user_id, email: row.email, kind: row.kind, locale: row.locale === "en" ? "en" : "de", scopes: row.scopes.filter(isApiScope) };
}

