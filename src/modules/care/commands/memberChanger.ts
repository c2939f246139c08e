import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import "../db.js";

/** County staff add an account to a provider (it may then report that provider's places); audited. Idempotent. */
export async function memberAdder(ctx: CommandContext, providerId: string, userId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto("care_provider_members").values({ provider_id: providerId, user_id: userId, added_by: ctx.actor.id }).onConflict((oc) => oc.doNothing()).execute();
    await appendAudit(tx, ctx.actor, { action: "care.member_added", objectType: "care_provider", objectId: providerId, details: { user: userId }, requestId: ctx.requestId });
  });
}

/** County staff remove an account from a provider; audited. */
export async function memberRemover(ctx: CommandContext, providerId: string, userId: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx.deleteFrom("care_provider_members").where("provider_id", "=", providerId).where("user_id", "=", userId).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) return false;
    await appendAudit(tx, ctx.actor, { action: "care.member_removed", objectType: "care_provider", objectId: providerId, details: { user: userId }, requestId: ctx.requestId });
    return true;
  });
}
