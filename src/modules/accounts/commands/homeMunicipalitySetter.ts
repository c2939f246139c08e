import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";

/**
 * Stores the municipality a person lives in (8-digit AGS, or null to forget it). The portal uses it
 * to show the responsible offices. The caller checks that the AGS is one the portal serves.
 */
export async function homeMunicipalitySetter(ctx: CommandContext, props: { userId: string; ags: string | null }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable("users").set({ home_ags: props.ags, updated_at: new Date() }).where("id", "=", props.userId).execute();
    // The place itself is personal data and stays out of the audit log.
    await appendAudit(tx, ctx.actor, { action: "account.home_changed", objectType: "user", objectId: props.userId, requestId: ctx.requestId });
  });
}
