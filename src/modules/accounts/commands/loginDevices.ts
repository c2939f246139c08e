import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import { hashToken } from "../../../platform/auth/session.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import { consumeToken, issueToken } from "../tokens.js";

/** A known device is remembered for a year after its last successful login. */
export const DEVICE_TTL_MS = 365 * 86400_000;
const UNLOCK_TTL_MS = 24 * 3600_000;

/** The account a device cookie belongs to (hash and user), if it is known and not expired. */
export async function findDevice(db: Db, token: string | undefined): Promise<{ tokenHash: string; userId: string } | undefined> {
  if (!token || token.length > 100) return undefined;
  const tokenHash = hashToken(token);
  const row = await db.selectFrom("login_devices").select("user_id").where("token_hash", "=", tokenHash).where("expires_at", ">", new Date()).executeTakeFirst();
  return row ? { tokenHash, userId: row.user_id } : undefined;
}

/**
 * Remembers the browser of a successful login. A device already known for this account is kept
 * (its year starts again); otherwise a new token is returned for the cookie.
 */
export async function deviceRememberer(ctx: CommandContext, props: { userId: string; known?: { tokenHash: string; userId: string } }): Promise<string | undefined> {
  const expires = new Date(Date.now() + DEVICE_TTL_MS);
  if (props.known?.userId === props.userId) {
    await ctx.db.updateTable("login_devices").set({ last_used_at: new Date(), expires_at: expires }).where("token_hash", "=", props.known.tokenHash).execute();
    return undefined;
  }
  const token = randomBytes(32).toString("base64url");
  await ctx.db.insertInto("login_devices").values({ token_hash: hashToken(token), user_id: props.userId, expires_at: expires }).execute();
  return token;
}

/** Issues the single-use link that lets the owner of a locked account in (mailed, valid 24 h). */
export async function unlockMailRequester(ctx: CommandContext, props: { userId: string }): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const token = await issueToken(tx, props.userId, "unlock_login", UNLOCK_TTL_MS);
    await appendAudit(tx, ctx.actor, { action: "auth.unlock_mailed", objectType: "user", objectId: props.userId, requestId: ctx.requestId });
    return token;
  });
}

/**
 * Uses an unlock link: the account's failed attempts are forgotten and this browser becomes a known
 * device of the account, so further guesses by others no longer keep the owner out.
 */
export async function loginUnlocker(ctx: CommandContext, props: { token: string; accountKey: (email: string) => string }): Promise<{ userId: string; deviceToken: string } | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const userId = await consumeToken(tx, props.token, "unlock_login");
    if (!userId) return undefined;
    const user = await tx.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
    await sql`DELETE FROM login_throttle WHERE key = ${props.accountKey(user.email)}`.execute(tx);
    const deviceToken = randomBytes(32).toString("base64url");
    await tx.insertInto("login_devices").values({ token_hash: hashToken(deviceToken), user_id: userId, expires_at: new Date(Date.now() + DEVICE_TTL_MS) }).execute();
    await appendAudit(tx, { type: "user", id: userId }, { action: "auth.unlocked", objectType: "user", objectId: userId, requestId: ctx.requestId });
    return { userId, deviceToken };
  });
}
