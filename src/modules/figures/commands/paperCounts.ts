import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import "../db.js";

export interface PaperCount { service: string; ags: string; month: string; count: number }

/** Stores the number of paper applications of a month (replacing an earlier entry for the same service, municipality and month); audited. */
export async function paperCountSaver(ctx: CommandContext, p: PaperCount): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto("figures_paper_counts")
      .values({ service: p.service, ags: p.ags, month: p.month, count: p.count, entered_by: ctx.actor.id })
      .onConflict((oc) => oc.columns(["service", "ags", "month"]).doUpdateSet({ count: p.count, entered_by: ctx.actor.id, entered_at: new Date() }))
      .execute();
    await appendAudit(tx, ctx.actor, { action: "figures.paper_count_saved", objectType: "figures_paper_count", objectId: `${p.service}/${p.ags || "-"}/${p.month}`, details: { count: p.count }, requestId: ctx.requestId });
  });
}
