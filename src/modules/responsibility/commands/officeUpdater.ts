import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { OfficeContact } from "../db.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";

export interface OfficeUpdaterProps {
  id: string;
  /** updated_at the editor saw (ISO string); a different value is a conflict. */
  expectedUpdatedAt: string;
  contact: OfficeContact;
}

export type OfficeUpdaterResult = { ok: true } | { ok: false; reason: "not_found" | "conflict" };

/** Saves an office's contact data with optimistic locking on updated_at; audited, bumps catalog_version. */
export async function officeUpdater(ctx: CommandContext, props: OfficeUpdaterProps): Promise<OfficeUpdaterResult> {
  const c = props.contact;
  return ctx.db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom("org_units").select(["id", "updated_at"]).where("id", "=", props.id).forUpdate().executeTakeFirst();
    if (!current) return { ok: false as const, reason: "not_found" as const };
    if (new Date(current.updated_at).toISOString() !== props.expectedUpdatedAt) return { ok: false as const, reason: "conflict" as const };
    await tx
      .updateTable("org_units")
      .set({ building: c.building, street: c.street, postcode: c.postcode, city: c.city, phone: c.phone, email: c.email, website: c.website, opening_hours: JSON.stringify(c.openingHours), accessibility: c.accessibility, updated_at: new Date() })
      .where("id", "=", props.id)
      .execute();
    const catalogVersion = await bumpCatalogVersion(tx);
    await appendAudit(tx, ctx.actor, { action: "catalog.office_updated", objectType: "org_unit", objectId: props.id, details: { catalogVersion }, requestId: ctx.requestId });
    return { ok: true as const };
  });
}
