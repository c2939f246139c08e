import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import "../db.js";

export interface PlaceReport {
  kind: string;
  freePlaces: number;
  /** ISO date from which the places are free (null: now). */
  availableFrom: string | null;
}

/**
 * Stores the free places of a provider (one row per kind, replacing the previous number) with the
 * current time as "reported at"; audited. The caller has checked the policy and that every kind is one
 * the provider offers. Search documents do not carry numbers, so the catalogue version does not move
 * (a thousand reports a minute must not rebuild every node's index).
 */
export async function placesReporter(ctx: CommandContext, providerId: string, reports: readonly PlaceReport[], now = new Date()): Promise<void> {
  if (reports.length === 0) return;
  await ctx.db.transaction().execute(async (tx) => {
    for (const r of reports) {
      await tx
        .insertInto("care_places")
        .values({ provider_id: providerId, kind: r.kind, free_places: r.freePlaces, available_from: r.availableFrom, reported_at: now, reported_by_type: ctx.actor.type, reported_by_id: ctx.actor.id })
        .onConflict((oc) =>
          oc.columns(["provider_id", "kind"]).doUpdateSet({ free_places: r.freePlaces, available_from: r.availableFrom, reported_at: now, reported_by_type: ctx.actor.type, reported_by_id: ctx.actor.id }),
        )
        .execute();
    }
    await appendAudit(tx, ctx.actor, {
      action: "care.places_reported",
      objectType: "care_provider",
      objectId: providerId,
      details: { places: Object.fromEntries(reports.map((r) => [r.kind, r.freePlaces])) },
      requestId: ctx.requestId,
    });
  });
}

/** "Angaben sind aktuell": confirms every reported number unchanged (new timestamp); audited. Returns how many rows were confirmed. */
export async function placesConfirmer(ctx: CommandContext, providerId: string, now = new Date()): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable("care_places")
      .set({ reported_at: now, reported_by_type: ctx.actor.type, reported_by_id: ctx.actor.id })
      .where("provider_id", "=", providerId)
      .executeTakeFirst();
    const n = Number(res.numUpdatedRows);
    await appendAudit(tx, ctx.actor, { action: "care.places_confirmed", objectType: "care_provider", objectId: providerId, details: { rows: n }, requestId: ctx.requestId });
    return n;
  });
}
