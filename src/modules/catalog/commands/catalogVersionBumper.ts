import { sql, type Transaction } from "kysely";
import type { Database } from "../../../platform/db/index.js";

/**
 * Bumps catalog_version inside the writer's transaction. App nodes poll this single row and
 * rebuild their search index when it moved, so every catalogue write must call it.
 */
export async function bumpCatalogVersion(tx: Transaction<Database>): Promise<string> {
  const row = await tx
    .updateTable("catalog_version")
    .set({ version: sql`version + 1`, changed_at: new Date() })
    .where("id", "=", true)
    .returning("version")
    .executeTakeFirstOrThrow();
  return String(row.version);
}
