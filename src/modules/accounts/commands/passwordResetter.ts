import { appendAudit } from "../../../platform/audit/index.js";
import { hashPassword } from "../../../platform/auth/password.js";
import { destroyUserSessions } from "../../../platform/auth/session.js";
import type { CommandContext } from "../../../platform/commands.js";
import { consumeToken, issueToken } from "../tokens.js";

export const RESET_TTL_MS = 3600_000;
/** Staff invitations use the reset flow with a longer validity. */
export const INVITE_TTL_MS = 7 * 86400_000;

/** Issues a password-reset token for an active account. */
export async function passwordResetRequester(ctx: CommandContext, props: { userId: string }): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const token = await issueToken(tx, props.userId, "reset_password", RESET_TTL_MS);
    await appendAudit(tx, ctx.actor, { action: "account.password_reset_requested", objectType: "user", objectId: props.userId, requestId: ctx.requestId });
    return token;
  });
}

/**
 * Sets a new password with a reset token. Using the link also proves the e-mail address; all existing
 * sessions and API tokens of the account end.
 */
export async function passwordResetter(ctx: CommandContext, props: { token: string; password: string }): Promise<string | undefined> {
  const hash = await hashPassword(props.password);
  return ctx.db.transaction().execute(async (tx) => {
    const userId = await consumeToken(tx, props.token, "reset_password");
    if (!userId) return undefined;
    await tx
      .updateTable("users")
      .set((eb) => ({ password_hash: hash, updated_at: new Date(), email_verified_at: eb.fn.coalesce("email_verified_at", eb.val(new Date())) }))
      .where("id", "=", userId)
      .execute();
    await destroyUserSessions(tx, userId);
    // Browsers the account trusted may be the intruder's.
    await tx.deleteFrom("login_devices").where("user_id", "=", userId).execute();
    // A reset means the account may have been taken over: its API tokens end with its sessions.
    const revoked = await tx.updateTable("api_tokens").set({ revoked_at: new Date() }).where("user_id", "=", userId).where("revoked_at", "is", null).returning("id").execute();
    await appendAudit(tx, { type: "user", id: userId }, { action: "account.password_changed", objectType: "user", objectId: userId, details: { apiTokensRevoked: revoked.length }, requestId: ctx.requestId });
    return userId;
  });
}
