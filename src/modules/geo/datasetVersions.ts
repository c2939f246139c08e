/**
 * master_data_versions (owner: geo) records the SHA-256 of every data-file set the app imports at
 * start (areas/postcodes, offices, the catalogue), so an unchanged set is skipped on the next start.
 */
import type { Transaction } from "kysely";
import type { Db } from "../../platform/db/index.js";
import type { Database } from "../../platform/db/schema.js";

type Tx = Transaction<Database>;

/** The fingerprint last imported for `dataset`, if any. */
export async function importedDatasetVersion(db: Db | Tx, dataset: string): Promise<string | undefined> {
  const row = await db.selectFrom("master_data_versions").select("version").where("dataset", "=", dataset).executeTakeFirst();
  return row?.version;
}

/** Records an import of `dataset`, in the importing transaction. */
export async function recordDatasetVersion(tx: Tx, dataset: string, version: string, rowCount: number): Promise<void> {
  await tx
    .insertInto("master_data_versions")
    .values({ dataset, version, row_count: rowCount })
    .onConflict((oc) => oc.column("dataset").doUpdateSet({ version, row_count: rowCount, imported_at: new Date() }))
    .execute();
}
