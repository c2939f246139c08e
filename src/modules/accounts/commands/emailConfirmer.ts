import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { consumeToken, issueToken } from "../tokens.js";
import { CONFIRM_TTL_MS } from "./citizenRegistrar.js";

/** Confirms the e-mail address behind a token. Returns the user id, or undefined for a bad token. */
export async function emailConfirmer(ctx: CommandContext, props: { token: string }): Promise<string | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const userId = await consumeToken(tx, props.token, "confirm_email");
    if (!userId) return undefined;
    await tx.updateTable("users").set({ email_verified_at: new Date(), updated_at: new Date() }).where("id", "=", userId).where("email_verified_at", "is", null).execute();
    await appendAudit(tx, { type: "user", id: userId }, { action: "account.email_confirmed", objectType: "user", objectId: userId, requestId: ctx.requestId });
    return userId;
  });
}

/** Issues a fresh confirmation token for an unconfirmed account (resend). */
export async function confirmationReissuer(ctx: CommandContext, props: { userId: string }): Promise<string> {
  return ctx.db.transaction().execute((tx) => issueToken(tx, props.userId, "confirm_email", CONFIRM_TTL_MS));
}
