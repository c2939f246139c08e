import type { Db } from "../../../platform/db/index.js";

/**
 * Versions of imported data sets (master_data_versions, owned by geo): geo's own master data and other
 * modules' data files tied to them (responsibility's offices). The importer that calls it audits its import
 * in the same transaction.
 */
export async function datasetVersion(db: Db, dataset: string): Promise<string | undefined> {
  return (await db.selectFrom("master_data_versions").select("version").where("dataset", "=", dataset).executeTakeFirst())?.version;
}

/** Stores the version of an imported data set (in the importer's transaction). */
export async function datasetVersionRecorder(tx: Db, props: { dataset: string; version: string; rowCount: number }): Promise<void> {
  await tx
    .insertInto("master_data_versions")
    .values({ dataset: props.dataset, version: props.version, row_count: props.rowCount })
    .onConflict((oc) => oc.column("dataset").doUpdateSet((eb) => ({ version: eb.ref("excluded.version"), row_count: eb.ref("excluded.row_count"), imported_at: new Date() })))
    .execute();
}
