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
  try {
    return await create(ctx, props);
  } catch (err) {
    // The service and the office must exist: the foreign keys say so (services are the catalogue's, ADR 0045).
    // With both unknown, PostgreSQL reports the first key (leika_key), as the explicit checks did before.
    const fk = err as { code?: string; constraint?: string };
    if (fk.code === "23503") return { ok: false, reason: fk.constraint?.includes("leika_key") ? "unknown_service" : "unknown_office" };
    throw err;
  }
}

async function create(ctx: CommandContext, props: ResponsibilityCreatorProps): Promise<ResponsibilityCreatorResult> {
  const role = props.role ?? "zustaendig";
  return ctx.db.transaction().execute(async (tx) => {
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
