import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { catalogImporter, type CatalogImportResult, type CatalogImporterProps } from "./commands/catalogImporter.js";
import { catalogMessages } from "./messages.js";
import { catalogRoutes } from "./routes.js";
import { publicPages } from "./pages/publicPages.js";
import { editorPages } from "./pages/editorPages.js";
import "./db.js";
import { serviceNames } from "./queries.js";

declare module "../../platform/http/types.js" {
  interface AppServices {
    /** Names of catalogue services by LeiKa key (set by the catalog module, which owns services). */
    serviceNames?: (db: Db, leikaKeys: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  }
}

export type { CatalogImportResult } from "./commands/catalogImporter.js";
export type { CatalogTables, LegalBasisEntry } from "./db.js";
export type { OpeningHours } from "../responsibility/index.js";
export { CatalogDataError, type ServiceContent } from "./dataFiles.js";
export { serviceNames } from "./queries.js";
export { catalogVersion, findLifeSituationsByName, findService, listLifeSituations, listPopularServices, loadSearchableServices, type LifeSituationRow, type SearchableService, type ServiceRow } from "./queries.js";
export { presentService } from "./presenters.js";
/** Every service with its content and classification, ordered by LeiKa key (catalogue exchange: interop XZuFi export). */
export { listServicesForExchange } from "./queries.js";
/** Saves a service's editable content with optimistic locking, audited, bumps the catalogue version (editor page, XZuFi import). */
export { serviceUpdater as updateService, type ServiceChanges, type ServiceUpdaterResult } from "./commands/serviceUpdater.js";
export { mostRequestedServices, recordServiceView, seedServiceUsage, type RequestedService } from "./usage.js";
export { can as canCatalog } from "./policies.js";
export { EditorNav } from "./pages/editorViews.js";
export { parseTerms } from "./pages/editorForms.js";

/** Loads LeiKa services, OZG classification and content files; idempotent, never overwrites editors' work. */
export function importCatalog(db: Db, props: CatalogImporterProps = {}): Promise<CatalogImportResult> {
  return catalogImporter(systemContext(db), props);
}

/** Service catalogue: /leistungen pages, GET /api/v1/services/:leikaKey, editing under /verwaltung/leistungen. */
async function catalogPlugin(app: FastifyInstance) {
  // Modules the catalogue builds on (appointments) may not import it: they ask the app for service names.
  app.services.serviceNames = serviceNames;
  await catalogRoutes(app);
  await publicPages(app);
  await editorPages(app);
}

/** The catalog module (src/platform/modules.ts). */
export const catalogModule = defineModule({
  name: "catalog",
  messages: [catalogMessages],
  nav: [
    { label: "nav.services", href: "/leistungen", audience: "all", order: 10 },
    { label: "nav.editorial", href: "/verwaltung/leistungen", audience: "editor", order: 95 },
  ],
  plugin: catalogPlugin,
});
