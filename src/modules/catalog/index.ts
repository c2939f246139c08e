import type { FastifyInstance } from "fastify";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { catalogImporter, type CatalogImportResult, type CatalogImporterProps } from "./commands/catalogImporter.js";
import "./db.js";

export type { CatalogImportResult } from "./commands/catalogImporter.js";
export type { CatalogTables, LegalBasisEntry, OpeningHours } from "./db.js";
export { CatalogDataError, type ServiceContent } from "./dataFiles.js";

/** Loads LeiKa services, OZG classification and content files; idempotent, never overwrites editors' work. */
export function importCatalog(db: Db, props: CatalogImporterProps = {}): Promise<CatalogImportResult> {
  return catalogImporter(systemContext(db), props);
}

/** Service catalogue: /leistungen pages, /api/v1/services, editing in /verwaltung/leistungen. */
export async function catalogModule(_app: FastifyInstance) {}
