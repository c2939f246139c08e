import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import type { ProviderFields } from "../db.js";
import type { GeoPoint } from "../../../platform/geo/centres.js";

/**
 * A provider's master data as county staff enter it (validated by the caller) and, when the caller geocoded
 * the address, its point (null = not found: the municipality's centre stands in; absent = keep the stored one).
 */
export type ProviderInput = ProviderFields & { point?: GeoPoint | null };

const pointColumns = (point: GeoPoint | null | undefined) => (point === undefined ? {} : { lat: point?.lat ?? null, lon: point?.lon ?? null });

/** Creates a provider (audited; search documents change, so the catalogue version moves). */
export async function providerCreator(ctx: CommandContext, input: ProviderInput & { isDemo?: boolean }): Promise<{ id: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("care_providers")
      .values({ name: input.name, carrier: input.carrier, kinds: input.kinds, ags: input.ags, ars: input.ars, street: input.street, postcode: input.postcode, town: input.town, phone: input.phone, email: input.email, website: input.website, description: input.description, specialisations: input.specialisations, languages: input.languages, accessible: input.accessible, active: input.active, is_demo: input.isDemo ?? false, ...pointColumns(input.point) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "care.provider_created", objectType: "care_provider", objectId: row.id, details: { ags: input.ags, kinds: input.kinds, located: !!input.point }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return { id: row.id };
  });
}

/** Updates a provider's master data; places of kinds it no longer offers are removed (audited). */
export async function providerUpdater(ctx: CommandContext, id: string, input: ProviderInput): Promise<boolean> {
  const { point, ...fields } = input;
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable("care_providers")
      .set({ ...fields, ...pointColumns(point), updated_at: new Date() })
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await tx.deleteFrom("care_places").where("provider_id", "=", id).where(sql<boolean>`NOT (kind = ANY(${input.kinds}::text[]))`).execute();
    await appendAudit(tx, ctx.actor, { action: "care.provider_updated", objectType: "care_provider", objectId: id, details: { ags: input.ags, kinds: input.kinds, active: input.active, ...(point === undefined ? {} : { located: !!point }) }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return true;
  });
}
