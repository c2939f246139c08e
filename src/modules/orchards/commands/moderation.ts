import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";

/**
 * A signed-in user reports a listing (abuse, spam, wrong information); staff see it in their queue.
 * One open report per reporter and listing (migrations/0047): a second one stores nothing (undefined).
 */
export async function reportFiler(ctx: CommandContext, props: { listingId: string; reporterId: string; reason: string }): Promise<{ id: string } | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.insertInto("orchard_reports").values({ listing_id: props.listingId, reporter_id: props.reporterId, reason: props.reason, resolved_at: null, resolved_by: null, resolution: null }).onConflict((oc) => oc.doNothing()).returning("id").executeTakeFirst();
    if (!row) return undefined;
    await appendAudit(tx, ctx.actor, { action: "orchards.listing_reported", objectType: "orchard_listing", objectId: props.listingId, details: { report: row.id }, requestId: ctx.requestId });
    return { id: row.id };
  });
}

/**
 * Staff hide a listing with a reason the author sees on "Meine Anzeigen"; every open report on it is
 * resolved as hidden. Audited; the listing leaves the search in the same transaction.
 */
export async function listingHider(ctx: CommandContext, props: { listingId: string; staffId: string; reason: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable("orchard_listings").set({ status: "hidden", hidden_reason: props.reason, updated_at: new Date() }).where("id", "=", props.listingId).where("status", "<>", "hidden").executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    const resolved = await tx.updateTable("orchard_reports").set({ resolved_at: new Date(), resolved_by: props.staffId, resolution: "hidden" }).where("listing_id", "=", props.listingId).where("resolved_at", "is", null).executeTakeFirst();
    await appendAudit(tx, ctx.actor, { action: "orchards.listing_hidden", objectType: "orchard_listing", objectId: props.listingId, details: { reportsResolved: Number(resolved.numUpdatedRows) }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return true;
  });
}

/** Staff dismiss a report (nothing wrong with the listing). */
export async function reportDismisser(ctx: CommandContext, props: { reportId: string; staffId: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable("orchard_reports").set({ resolved_at: new Date(), resolved_by: props.staffId, resolution: "dismissed" }).where("id", "=", props.reportId).where("resolved_at", "is", null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await appendAudit(tx, ctx.actor, { action: "orchards.report_dismissed", objectType: "orchard_report", objectId: props.reportId, requestId: ctx.requestId });
    return true;
  });
}
