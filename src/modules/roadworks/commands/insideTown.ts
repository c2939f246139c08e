import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { guessInsideTown } from "../rules.js";
import "../db.js";

/**
 * Staff correct whether a work lies inside the town (innerorts, the through road; migration 0090) – it decides the
 * special use's road owner. Audited with the value before (stated or guessed) and after; nothing when unchanged.
 */
export async function insideTownCorrector(ctx: CommandContext, roadworkId: string, insideTown: boolean): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("roadworks").select(["inside_town", "house_from"]).where("id", "=", roadworkId).forUpdate().executeTakeFirst();
    if (!row) return false;
    const before = row.inside_town ?? guessInsideTown(row.house_from);
    if (row.inside_town === insideTown) return true;
    await tx.updateTable("roadworks").set({ inside_town: insideTown }).where("id", "=", roadworkId).execute();
    await appendAudit(tx, ctx.actor, { action: "roadworks.inside_town_corrected", objectType: "roadwork", objectId: roadworkId, details: { from: before, to: insideTown, was_guessed: row.inside_town === null }, requestId: ctx.requestId });
    return true;
  });
}
