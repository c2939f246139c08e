import { sql, type Transaction } from "kysely";
import type { Database } from "../../../platform/db/index.js";

/**
 * Bumps catalog_version inside the writer's transaction: every node's finder reloads its cached
 * rules and offices (and the search its index) when the version moved, so edits reach all nodes.
 */
export async function bumpCatalogVersion(tx: Transaction<Database>): Promise<string> {
  const { rows } = await sql<{ version: string }>`UPDATE catalog_version SET version = version + 1, changed_at = now() RETURNING version::text AS version`.execute(tx);
  return rows[0]!.version;
}
