import type { Generated } from "kysely";

/** Level of an area in the official hierarchy (Land > Regierungsbezirk > Kreis > Gemeindeverband > Gemeinde). */
export type AreaLevel = "land" | "bezirk" | "kreis" | "verband" | "gemeinde";

/** One area (Land … Gemeinde) as stored and as parsed from the Destatis file. */
export interface AreaRow {
  ars: string;
  ags: string | null;
  level: AreaLevel;
  type_code: string | null;
  name: string;
  short_name: string;
  search_key: string;
  seat: string | null;
  parent_ars: string | null;
  kreis_key: string | null;
  population: number | null;
  area_ha: number | null;
  seat_postcode: string | null;
}

/** Tables of the geo module (migrations/0003_geo.sql). */
export interface GeoTables {
  areas: AreaRow;
  postcodes: { postcode: string; ags: string; place: string; search_key: string };
  master_data_versions: { dataset: string; version: string; row_count: number; imported_at: Generated<Date> };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends GeoTables {}
}
