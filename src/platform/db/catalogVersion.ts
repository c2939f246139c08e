import { sql, type Transaction } from "kysely";
import type { Database, Db } from "./index.js";

/**
 * The catalogue version (table catalog_version, one row): every write to services, synonyms, offices,
 * rules or responsibilities bumps it in the writer's transaction; each node's caches (search index,
 * responsibility finder) reload when it moved. Owned by the platform because three modules write and
 * read it (catalog, responsibility, search) – the one place for it (ADR 0027).
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

/** The current catalogue version ("0" before the first import). */
export async function readCatalogVersion(db: Db | Transaction<Database>): Promise<string> {
  const row = await db.selectFrom("catalog_version").select(sql<string>`version::text`.as("version")).executeTakeFirst();
  return row?.version ?? "0";
}
