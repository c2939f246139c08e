import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import type { Config } from "../../platform/config.js";
import { ConfigError } from "../../platform/config.js";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { geoMessages } from "./messages.js";
import { countyDisplayName } from "./names.js";
import { findKreis } from "./queries.js";
import { geoRoutes, servedKreise } from "./routes.js";
import { municipalityPages } from "./pages/municipalityPages.js";
import { masterDataImporter, type MasterDataImporterResult } from "./commands/masterDataImporter.js";
import "./db.js";

export { foldName, searchKey } from "./names.js";
/** Official names and type slugs of areas (authority names, county display names, municipality/association/Kreis types). */
export { authorityName, countyDisplayName, gemeindeType, isAssociation, kreisType, verbandType, UNINCORPORATED_TYPE_CODES } from "./names.js";
export { DATA_ATTRIBUTION, DESTATIS_ATTRIBUTION, OSM_ATTRIBUTION } from "./masterData.js";
export { countMunicipalities, findMunicipality, listMunicipalities, municipalitiesByPostcode, loadPlaceRows, municipalitiesMentionedIn, searchMunicipalities, type MunicipalityRow, type PlaceRow, type NameSearchOptions } from "./queries.js";
export { presentMunicipality, type Municipality, type MunicipalAuthorities } from "./presenters.js";

declare module "../../platform/http/types.js" {
  interface AppServices {
    /**
     * The municipal authorities (org units gem-<AGS>) of municipalities, for geo's pages and API: set by the
     * responsibility module, which owns org_units (geo may not import it: responsibility builds on geo).
     */
    municipalAuthorities?: (db: Db, ags: readonly string[]) => Promise<ReadonlyMap<string, { key: string; name: string }>>;
  }
}
/** Kreise by key and the municipalities of Kreise (office import, municipal authorities). */
export { listKreise, gemeindenOfKreise, type KreisRow } from "./queries.js";
/** The municipality (AGS) of a postcode within the served Kreise (the most populous when it spans several, with `ambiguous`). */
export { municipalityOfPostcode } from "./queries.js";
/** Versions of imported data sets (master_data_versions): read, and record in the importer's transaction. */
export { datasetVersion, datasetVersionRecorder } from "./commands/datasetVersionRecorder.js";
export { servedKreise } from "./routes.js";
/** Query parts over areas that other modules compose into one query (the responsibility finder). */
export { municipalityFactsSql, areaNamesSql } from "./sqlParts.js";
export { rememberedPlace, rememberPlace } from "./place.js";

/** Key and everyday name of the configured county ("Enzkreis", "Landkreis Hersfeld-Rotenburg", "Stadt Pforzheim"); ConfigError for an unknown key. */
export async function loadCounty(db: Db, key: string): Promise<{ key: string; name: string }> {
  const kreis = await findKreis(db, key);
  if (!kreis) throw new ConfigError(`Kreisschlüssel ${key} ist im Gemeindeverzeichnis nicht enthalten (COUNTY_KEY prüfen).`);
  return { key, name: countyDisplayName(kreis.name, kreis.type_code) };
}

/** Loads data/areas.csv and data/postcodes.csv into the database if they are not loaded yet or changed; a no-op otherwise. */
export function importMasterData(db: Db, opts: { dir?: string } = {}): Promise<MasterDataImporterResult> {
  return masterDataImporter(systemContext(db), opts);
}


/** Master data: pages /gemeinden and /gemeinden/:ags, JSON API /api/v1/municipalities and /api/v1/postcodes. */
async function geoPlugin(app: FastifyInstance) {
  await geoRoutes(app);
  await municipalityPages(app);
}

/** The geo module (src/platform/modules.ts). */
export const geoModule = defineModule({
  name: "geo",
  messages: [geoMessages],
  plugin: geoPlugin,
});
