import { sql, type Transaction } from "kysely";
import type { Database } from "../../../platform/db/index.js";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readMasterDataFiles, type AreaRow, type PostcodeRow } from "../masterData.js";
import { clearGeoCaches } from "../queries.js";

export interface MasterDataImporterProps {
  /** Directory with areas.csv and postcodes.csv; default: the project's data/. */
  dir?: string;
}

export type MasterDataImporterResult =
  | { imported: false; version: string }
  | { imported: true; version: string; areas: number; postcodes: number; ms: number };

const DATASET = "geo";
// Several app nodes starting at once: one imports, the others wait and then find the data current.
const IMPORT_LOCK = 7_236_004;

const column = <T, K extends keyof T>(rows: readonly T[], key: K) => rows.map((r) => r[key]);

/**
 * Loads data/areas.csv and data/postcodes.csv into the tables when they are empty or the files
 * changed (the files' SHA-256 is kept in master_data_versions). One transaction; each table is
 * written with a single statement over arrays (unnest), which takes well under a second for the
 * whole country. Areas are upserted, so rows other tables may refer to keep their identity;
 * areas no longer in the file are removed.
 */
export async function masterDataImporter(ctx: CommandContext, props: MasterDataImporterProps = {}): Promise<MasterDataImporterResult> {
  const files = await readMasterDataFiles(props.dir);
  const current = () => ctx.db.selectFrom("master_data_versions").select("version").where("dataset", "=", DATASET).executeTakeFirst();
  if ((await current())?.version === files.version) return { imported: false, version: files.version };

  const started = performance.now();
  const { areas, postcodes } = files.parse();
  const result = await ctx.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(tx);
    const again = await tx.selectFrom("master_data_versions").select("version").where("dataset", "=", DATASET).executeTakeFirst();
    if (again?.version === files.version) return false;
    await sql`SET CONSTRAINTS ALL DEFERRED`.execute(tx);
    await tx.deleteFrom("postcodes").execute();
    // A municipality that changes its association keeps its AGS under a new ARS: free the AGS first.
    const pairs = areas.filter((a) => a.ags).map((a) => `${a.ars}/${a.ags}`);
    await sql`UPDATE areas a SET ags = NULL WHERE a.ags IS NOT NULL AND NOT EXISTS (SELECT 1 FROM unnest(${pairs}::text[]) AS n(pair) WHERE n.pair = a.ars || '/' || a.ags)`.execute(tx);
    await upsertAreas(tx, areas);
    await sql`DELETE FROM areas a WHERE NOT EXISTS (SELECT 1 FROM unnest(${column(areas, "ars")}::text[]) AS n(ars) WHERE n.ars = a.ars)`.execute(tx);
    await insertPostcodes(tx, postcodes);
    await tx
      .insertInto("master_data_versions")
      .values({ dataset: DATASET, version: files.version, row_count: areas.length + postcodes.length })
      .onConflict((oc) => oc.column("dataset").doUpdateSet({ version: files.version, row_count: areas.length + postcodes.length, imported_at: new Date() }))
      .execute();
    await appendAudit(tx, ctx.actor, {
      action: "master_data.imported",
      objectType: "master_data",
      objectId: DATASET,
      details: { version: files.version, previous: again?.version ?? null, areas: areas.length, postcodes: postcodes.length },
      requestId: ctx.requestId,
    });
    return true;
  });
  clearGeoCaches(ctx.db);
  if (!result) return { imported: false, version: files.version };
  return { imported: true, version: files.version, areas: areas.length, postcodes: postcodes.length, ms: Math.round(performance.now() - started) };
}

type Tx = Transaction<Database>;

async function upsertAreas(tx: Tx, rows: readonly AreaRow[]): Promise<void> {
  await sql`
    INSERT INTO areas (ars, ags, level, type_code, name, short_name, search_key, seat, parent_ars, kreis_key, population, area_ha, seat_postcode)
    SELECT * FROM unnest(
      ${column(rows, "ars")}::text[], ${column(rows, "ags")}::text[], ${column(rows, "level")}::text[], ${column(rows, "type_code")}::text[],
      ${column(rows, "name")}::text[], ${column(rows, "short_name")}::text[], ${column(rows, "search_key")}::text[], ${column(rows, "seat")}::text[],
      ${column(rows, "parent_ars")}::text[], ${column(rows, "kreis_key")}::text[], ${column(rows, "population")}::integer[], ${column(rows, "area_ha")}::integer[],
      ${column(rows, "seat_postcode")}::text[])
    ON CONFLICT (ars) DO UPDATE SET
      ags = excluded.ags, level = excluded.level, type_code = excluded.type_code, name = excluded.name, short_name = excluded.short_name,
      search_key = excluded.search_key, seat = excluded.seat, parent_ars = excluded.parent_ars, kreis_key = excluded.kreis_key,
      population = excluded.population, area_ha = excluded.area_ha, seat_postcode = excluded.seat_postcode
  `.execute(tx);
}

async function insertPostcodes(tx: Tx, rows: readonly PostcodeRow[]): Promise<void> {
  await sql`
    INSERT INTO postcodes (postcode, ags, place, search_key)
    SELECT * FROM unnest(${column(rows, "postcode")}::text[], ${column(rows, "ags")}::text[], ${column(rows, "place")}::text[], ${column(rows, "search_key")}::text[])
  `.execute(tx);
}
