import type { FastifyInstance } from "fastify";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { registerMessages } from "../../platform/i18n/index.js";
import { registerNavItem } from "../../platform/views/context.js";
import { catalogImporter, type CatalogImportResult, type CatalogImporterProps } from "./commands/catalogImporter.js";
import { catalogMessages } from "./messages.js";
import { catalogRoutes } from "./routes.js";
import { publicPages } from "./pages/publicPages.js";
import { editorPages } from "./pages/editorPages.js";
import "./db.js";

export type { CatalogImportResult } from "./commands/catalogImporter.js";
export type { CatalogTables, LegalBasisEntry, OpeningHours } from "./db.js";
export { CatalogDataError, type ServiceContent } from "./dataFiles.js";
export { catalogVersion, findLifeSituationsByName, findService, listPopularServices, type ServiceRow } from "./queries.js";
export { presentService } from "./presenters.js";
export { mostRequestedServices, recordServiceView, seedServiceUsage, type RequestedService } from "./usage.js";
export { can as canCatalog } from "./policies.js";

registerMessages(catalogMessages);
// At import time, so "Leistungen" is the first entry of the main navigation.
registerNavItem({ label: "nav.services", href: "/leistungen", audience: "all", order: 10 });
registerNavItem({ label: "nav.editorial", href: "/verwaltung/leistungen", audience: "editor", order: 95 });

/** Loads LeiKa services, OZG classification and content files; idempotent, never overwrites editors' work. */
export function importCatalog(db: Db, props: CatalogImporterProps = {}): Promise<CatalogImportResult> {
  return catalogImporter(systemContext(db), props);
}

/** Service catalogue: /leistungen pages, GET /api/v1/services/:leikaKey, editing under /verwaltung/leistungen. */
export async function catalogModule(app: FastifyInstance) {
  await catalogRoutes(app);
  await publicPages(app);
  await editorPages(app);
}
