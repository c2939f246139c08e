import type { FastifyInstance } from "fastify";
import type { Config } from "../../platform/config.js";
import { ConfigError } from "../../platform/config.js";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { registerMessages } from "../../platform/i18n/index.js";
import { geoMessages } from "./messages.js";
import { countyDisplayName } from "./names.js";
import { findKreis } from "./queries.js";
import { geoRoutes, servedKreise } from "./routes.js";
import { municipalityPages } from "./pages/municipalityPages.js";
import { masterDataImporter, type MasterDataImporterResult } from "./commands/masterDataImporter.js";
import { municipalAuthorityEnsurer, type MunicipalAuthorityEnsurerResult } from "./commands/municipalAuthorityEnsurer.js";
import "./db.js";

export { foldName, searchKey } from "./names.js";
export { authorityKey } from "./commands/municipalAuthorityEnsurer.js";
export { DATA_ATTRIBUTION, DESTATIS_ATTRIBUTION, OSM_ATTRIBUTION } from "./masterData.js";
export { countMunicipalities, findMunicipality, listMunicipalities, municipalitiesByPostcode, municipalitiesMentionedIn, searchMunicipalities, type MunicipalityRow, type NameSearchOptions } from "./queries.js";
export { presentMunicipality, type Municipality } from "./presenters.js";
export { servedKreise } from "./routes.js";
export { rememberedPlace, rememberPlace } from "./place.js";

registerMessages(geoMessages);

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

/** Creates the org unit (municipal_authority, key gem-<AGS>) of every municipality of the county and its partner Kreise that has none. */
export function ensureMunicipalAuthorities(db: Db, config: Pick<Config, "countyKey" | "partnerKeys">): Promise<MunicipalAuthorityEnsurerResult> {
  return municipalAuthorityEnsurer(systemContext(db), { kreisKeys: servedKreise(config) });
}

/** Master data: pages /gemeinden and /gemeinden/:ags, JSON API /api/v1/municipalities and /api/v1/postcodes. */
export async function geoModule(app: FastifyInstance) {
  await geoRoutes(app);
  await municipalityPages(app);
}
