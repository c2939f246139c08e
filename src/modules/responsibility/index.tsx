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
import { OfficeListPage, OfficeNotFoundPage, OfficePage } from "./pages/officePages.js";
import { findOffice, listOffices, listResponsibilities, listRules, type Office } from "./queries.js";
import { can } from "./policies.js";
import { responsibilityEditorPages } from "./pages/editorPages.js";
import { RuleListPage } from "./pages/rulePages.js";
import { requireStaff } from "../../platform/auth/guards.js";
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

/** How many explicit responsibilities the rule overview lists (all of them: /verwaltung/zustaendigkeiten). */
const EXPLICIT_SHOWN = 100;

/** Responsibility finder API (/api/v1/responsibility, /api/v1/offices), office pages (/stellen), and the editors' back office for rules and explicit responsibilities (/verwaltung/zustaendigkeit…). */
async function responsibilityPlugin(app: FastifyInstance) {
  const { db, config } = app.deps;
  const served = [config.countyKey, ...config.partnerKeys];
  // geo's municipality pages and API name the municipal authority (org_units are this module's).
  app.services.municipalAuthorities = municipalAuthorities;
  await app.register(responsibilityRoutes);

  app.get("/stellen", async (req, reply) => {
    const groups = await listOffices(db, served);
    return reply.page(req.t("offices.list.title"), (ctx) => <OfficeListPage ctx={ctx} groups={groups} />);
  });

  // Back office: the rules and explicit responsibilities as stored, for all staff; editors get the links to change them.
  app.get("/verwaltung/zustaendigkeitsregeln", { preHandler: requireStaff }, async (req, reply) => {
    const [rules, explicit] = await Promise.all([listRules(db), listResponsibilities(db, {}, EXPLICIT_SHOWN + 1)]);
    const editable = can(req.user, "update", "rule");
    return reply.page(
      req.t("rules.title"),
      (ctx) => <RuleListPage ctx={ctx} rules={rules} explicit={explicit.slice(0, EXPLICIT_SHOWN)} explicitMore={explicit.length > EXPLICIT_SHOWN} editable={editable} />,
      { noindex: true },
    );
  });
  await responsibilityEditorPages(app);

  app.get<{ Params: { id: string } }>("/stellen/:id", async (req, reply) => {
    const office = await findOffice(db, req.params.id);
    if (!office) return reply.page(req.t("offices.notFound.title"), (ctx) => <OfficeNotFoundPage ctx={ctx} />, { status: 404, noindex: true });
    return reply.page(office.name, (ctx) => <OfficePage ctx={ctx} office={office} children={office.children} />);
  });
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
