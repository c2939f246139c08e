import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";

export interface ResponsibilityDeleterProps {
  id: string;
}

/** Deletes an explicit Zuständigkeit (the rules decide again); audited with what it said, bumps catalog_version. False when there was none. */
export async function responsibilityDeleter(ctx: CommandContext, props: ResponsibilityDeleterProps): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ id: string; leika_key: string; area_ars: string; org_unit_id: string; role: string }>`
      DELETE FROM responsibilities WHERE id = ${props.id}::uuid RETURNING id, leika_key, area_ars, org_unit_id, role`.execute(tx);
    const row = rows[0];
    if (!row) return false;
    const catalogVersion = await bumpCatalogVersion(tx);
    await appendAudit(tx, ctx.actor, {
      action: "responsibility.deleted",
      objectType: "responsibility",
      objectId: row.id,
      details: { leikaKey: row.leika_key.trim(), areaArs: row.area_ars, orgUnitId: row.org_unit_id, role: row.role, catalogVersion },
      requestId: ctx.requestId,
    });
    return true;
  });
}
