import { appendAudit } from "../../../platform/audit/index.js";
import { createSession, destroySession, type SessionPolicy } from "../../../platform/auth/session.js";
import type { CommandContext } from "../../../platform/commands.js";

/** Starts a session for a verified login and records the security event. Returns the cookie token. */
export async function sessionStarter(ctx: CommandContext, props: { userId: string; kind: "citizen" | "staff"; method: string; policy: SessionPolicy }): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const token = await createSession(tx, props.userId, props.method, props.policy);
    await appendAudit(tx, { type: props.kind === "staff" ? "staff" : "user", id: props.userId }, {
      action: "auth.login",
      objectType: "user",
      objectId: props.userId,
      details: { method: props.method },
      requestId: ctx.requestId,
    });
    return token;
  });
}

/** Records a failed login. The user id only when the account exists; never the typed e-mail. */
export async function loginFailureRecorder(ctx: CommandContext, props: { userId: string | undefined; reason: string }): Promise<void> {
  await ctx.db.transaction().execute((tx) =>
    appendAudit(tx, { type: "anonymous", id: null }, {
      action: "auth.login_failed",
      objectType: props.userId ? "user" : undefined,
      objectId: props.userId,
      details: { reason: props.reason },
      requestId: ctx.requestId,
    }),
  );
}

export async function sessionEnder(ctx: CommandContext, props: { sessionHash: string; userId: string; kind: "citizen" | "staff" }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await destroySession(tx, props.sessionHash);
    await appendAudit(tx, { type: props.kind === "staff" ? "staff" : "user", id: props.userId }, { action: "auth.logout", objectType: "user", objectId: props.userId, requestId: ctx.requestId });
  });
}
