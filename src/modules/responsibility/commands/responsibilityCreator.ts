import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";

export interface ResponsibilityCreatorProps {
  /** 14-digit LeiKa key of an existing service. */
  leikaKey: string;
  /** ARS of the area: a municipality (12 digits) or a whole Kreis (5 digits). */
  areaArs: string;
  /** The responsible org unit. */
  orgUnitId: string;
  /** XZuFi role; the finder answers with 'zustaendig' rows first. */
  role?: string;
}

export type ResponsibilityCreatorResult = { ok: true; id: string } | { ok: false; reason: "exists" | "unknown_service" | "unknown_office" };

/**
 * Creates an explicit Zuständigkeit (service × area → office), which beats every rule for that
 * area. Audit entry and catalog_version bump in the same transaction, so every node's finder and
 * search follow within seconds.
 */
export async function responsibilityCreator(ctx: CommandContext, props: ResponsibilityCreatorProps): Promise<ResponsibilityCreatorResult> {
  const role = props.role ?? "zustaendig";
  return ctx.db.transaction().execute(async (tx) => {
    const service = await tx.selectFrom("services").select("leika_key").where("leika_key", "=", props.leikaKey).executeTakeFirst();
    if (!service) return { ok: false as const, reason: "unknown_service" as const };
    const office = await tx.selectFrom("org_units").select("id").where("id", "=", props.orgUnitId).executeTakeFirst();
    if (!office) return { ok: false as const, reason: "unknown_office" as const };
    const { rows } = await sql<{ id: string }>`
      INSERT INTO responsibilities (leika_key, area_ars, org_unit_id, role) VALUES (${props.leikaKey}, ${props.areaArs}, ${props.orgUnitId}, ${role})
      ON CONFLICT (leika_key, area_ars, role) DO NOTHING
      RETURNING id`.execute(tx);
    const id = rows[0]?.id;
    if (!id) return { ok: false as const, reason: "exists" as const };
    const catalogVersion = await bumpCatalogVersion(tx);
    await appendAudit(tx, ctx.actor, {
      action: "responsibility.created",
      objectType: "responsibility",
      objectId: id,
      details: { leikaKey: props.leikaKey, areaArs: props.areaArs, orgUnitId: props.orgUnitId, role, catalogVersion },
      requestId: ctx.requestId,
    });
    return { ok: true as const, id };
  });
}
