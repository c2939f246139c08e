import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { servedKreise } from "../geo/index.js";
import { municipalAuthorityEnsurer, type MunicipalAuthorityEnsurerResult } from "./commands/municipalAuthorityEnsurer.js";
import "./db.js";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { systemContext } from "../../platform/commands.js";
import { officeImporter, type OfficeImporterResult } from "./commands/officeImporter.js";
import { responsibilityMessages } from "./messages.js";
import { listOffices, type Office } from "./queries.js";
import { responsibilityPages } from "./pages/routes.js";
import { responsibilityRoutes } from "./routes.js";
import { municipalAuthorities } from "./officeEditorQueries.js";

export type { Office, OfficeForSearch, Responsible } from "./queries.js";
export { listOfficesForSearch } from "./queries.js";
export type { Level } from "./rules.js";
export { OfficeCard } from "./pages/officePages.js";
export { officeContact, presentOffice, presentResponsible } from "./presenters.js";
export { can as canResponsibility } from "./policies.js";
export { ResponsibilityResponse, OfficeSchema } from "./schemas.js";
export {
  /** The office responsible for a service (LeiKa key) in a municipality (AGS), or undefined. */
  findResponsible,
  /** The responsible offices for several services in one municipality, in one query (search result lists). */
  findResponsibleMany,
  /** One office with its departments by id. */
  findOffice,
  /** Forgets this node's cached rules and offices (after a local edit; other nodes follow catalog_version). */
  clearResponsibilityCache,
} from "./queries.js";

/** The Landratsamt of a Kreis with its published contact data (imprint, contact), or undefined where the Kreis has none. */
export async function findCountyAuthority(db: Db, kreisKey: string): Promise<Office | undefined> {
  return (await listOffices(db, [kreisKey])).find((o) => o.kind === "county_authority");
}

/** Loads data/offices (Landratsamt, departments, municipal authority details, Land offices, seeded rules) for the configured county and partners; idempotent, logs disagreements with the master data. */
export async function importOffices(db: Db, config: Pick<Config, "countyKey" | "partnerKeys">, log: (m: string) => void = () => undefined): Promise<OfficeImporterResult> {
  const result = await officeImporter(systemContext(db), { kreisKeys: [config.countyKey, ...config.partnerKeys] });
  if (result.imported) log(`offices imported: ${result.units ?? 0} units, ${result.rules ?? 0} rules`);
  for (const w of result.warnings) log(`offices: ${w}`);
  return result;
}

/** Responsibility finder API (/api/v1/responsibility, /api/v1/offices), office pages (/stellen), and the editors' back office for rules and explicit responsibilities (/verwaltung/zustaendigkeit…). */
async function responsibilityPlugin(app: FastifyInstance) {
  // geo's municipality pages and API name the municipal authority (org_units are this module's).
  app.services.municipalAuthorities = municipalAuthorities;
  await app.register(responsibilityRoutes);
  await responsibilityPages(app);
}

/** Creates the org unit (municipal_authority, key gem-<AGS>) of every municipality of the county and its partner Kreise that has none (responsibility owns org_units). */
export function ensureMunicipalAuthorities(db: Db, config: Pick<Config, "countyKey" | "partnerKeys">): Promise<MunicipalAuthorityEnsurerResult> {
  return municipalAuthorityEnsurer(systemContext(db), { kreisKeys: servedKreise(config) });
}
export { authorityKey } from "./commands/municipalAuthorityEnsurer.js";
/** Saves an office's contact data (optimistic locking on updated_at; audited; bumps the catalogue version). */
export { officeUpdater, type OfficeUpdaterProps, type OfficeUpdaterResult } from "./commands/officeUpdater.js";
export type { OfficeContact, OpeningHours } from "./db.js";
/** Org units with their contact data for the editors' list (search by name or key) and form. */
export { listOfficesForEditors, findOfficeRow } from "./officeEditorQueries.js";
/** Org units (id, key, name, kind, parent_id) by keys or ids: responsibility owns org_units, others ask here. */
export { orgUnitsByKeys, orgUnitsByIds, orgUnitPlaces, listOrgUnits, firstCountyAuthorityId } from "./officeEditorQueries.js";
/** The municipal authorities (org units gem-<AGS>, kind municipal_authority) of municipalities: AGS → key and name. */
export { municipalAuthorities } from "./officeEditorQueries.js";
/** The catalogue records what the finder needs of its services and task categories, in its writing transaction (ADR 0052). */
export { catalogFactsRecorder as recordCatalogFacts, type CatalogFacts } from "./commands/catalogFactsRecorder.js";
export type { ServiceFactsRow, TaskCategoryFactsRow } from "./db.js";

/** The responsibility module (src/platform/modules.ts). */
export const responsibilityModule = defineModule({
  name: "responsibility",
  messages: [responsibilityMessages],
  nav: [
    { label: "nav.offices", href: "/stellen", audience: "all", order: 30 },
  ],
  plugin: responsibilityPlugin,
});
