/**
 * The catalogue as XZuFi-shaped XML and PVOG-shaped JSON (export), and the import of such a file: a diff
 * preview per service for editors (changed fields, unchanged, refused with reasons) and applying it through
 * the catalogue's own command (optimistic locking, audit, catalogue version bump). Unknown LeiKa keys are
 * refused per item — the import changes existing services only; names and offices are master data.
 */
import type { CommandContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import { findService, listServicesForExchange, updateService, type ServiceRow } from "../../catalog/index.js";
import { orgUnitsByKeys } from "../../responsibility/index.js";
import { exportDocument, type ExchangeOffice, type ExchangeService } from "./format.js";
import { parseCatalogue, type ItemRefusal } from "./parse.js";

export const COMPARED_FIELDS = ["shortText", "fullText", "requirements", "documents", "fees", "deadlines", "processingTime", "legalBasis", "forms", "onlineService", "searchTerms", "taskCategory", "department"] as const;
type Field = (typeof COMPARED_FIELDS)[number];

export function toExchange(r: ServiceRow): ExchangeService {
  return {
    leikaKey: r.leika_key,
    name: r.name,
    shortText: r.short_text,
    fullText: r.full_text,
    requirements: r.requirements ?? [],
    documents: r.documents ?? [],
    fees: r.fees,
    deadlines: r.deadlines,
    processingTime: r.processing_time,
    legalBasis: (r.legal_basis ?? []).map((l) => ({ title: l.title, ...(l.url ? { url: l.url } : {}) })),
    forms: r.forms ?? [],
    onlineService: r.online_service ?? null,
    searchTerms: r.search_terms ?? [],
    taskCategory: r.task_category,
    department: r.responsible_department,
  };
}

const officeKey = (countyKey: string, department: string) => `lra-${countyKey}-${department}`;

async function servicesAndOffices(db: Db, countyKey: string) {
  const services = (await listServicesForExchange(db)).map(toExchange);
  const keys = [...new Set(services.flatMap((s) => (s.department ? [officeKey(countyKey, s.department)] : [])))];
  const offices = new Map<string, ExchangeOffice>((await orgUnitsByKeys(db, keys)).map((u) => [u.key, { id: u.key, name: u.name }]));
  return { services, offices, officeOf: (s: ExchangeService) => (s.department && offices.has(officeKey(countyKey, s.department)) ? officeKey(countyKey, s.department) : undefined) };
}

/** Every service with its responsibility and office as XZuFi-shaped XML. */
export async function exportXZuFi(db: Db, countyKey: string, now = new Date()): Promise<string> {
  const { services, offices, officeOf } = await servicesAndOffices(db, countyKey);
  return exportDocument(services, offices, officeOf, now);
}

/** The same in the shape of the PVOG REST API's service list (leistungen with texts, zustaendigkeiten). */
export async function exportPvogJson(db: Db, countyKey: string) {
  const { services, offices, officeOf } = await servicesAndOffices(db, countyKey);
  return {
    leistungen: services.map((s) => ({
      id: s.leikaKey,
      leistungsschluessel: s.leikaKey,
      leistungsbezeichnung: s.name,
      kurztext: s.shortText,
      volltext: s.fullText,
      voraussetzungen: s.requirements,
      erforderlicheUnterlagen: s.documents,
      kosten: s.fees,
      fristen: s.deadlines,
      bearbeitungsdauer: s.processingTime,
      rechtsgrundlagen: s.legalBasis,
      formulare: s.forms,
      onlinedienst: s.onlineService,
      suchbegriffe: s.searchTerms,
      zustaendigkeiten: officeOf(s) ? [{ organisationseinheitId: officeOf(s), aufgabenkategorie: s.taskCategory, abteilung: s.department }] : [],
    })),
    organisationseinheiten: [...offices.values()].map((o) => ({ id: o.id, name: o.name })),
  };
}

export interface ImportPreview {
  changed: Array<{ leikaKey: string; name: string; fields: Field[]; version: number }>;
  unchanged: number;
  refused: ItemRefusal[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What an import would change (nothing is written). Throws XZuFiFileError for a file that is not XML at all. */
export async function previewXZuFiImport(db: Db, xml: string): Promise<ImportPreview & { services: Map<string, ExchangeService> }> {
  const parsed = parseCatalogue(xml);
  const out: ImportPreview & { services: Map<string, ExchangeService> } = { changed: [], unchanged: 0, refused: [...parsed.refused], services: new Map() };
  const current = new Map((await listServicesForExchange(db)).map((r) => [r.leika_key, r]));
  for (const s of parsed.services) {
    const row = current.get(s.leikaKey);
    if (!row) {
      out.refused.push({ index: 0, leikaKey: s.leikaKey, reasons: ["Unbekannter LeiKa-Schlüssel (nicht im Katalog)"] });
      continue;
    }
    const cur = toExchange(row);
    const fields = COMPARED_FIELDS.filter((f) => !same(cur[f], s[f]));
    if (fields.length === 0) out.unchanged++;
    else {
      out.changed.push({ leikaKey: s.leikaKey, name: row.name, fields, version: row.version });
      out.services.set(s.leikaKey, s);
    }
  }
  return out;
}

/** Applies the changed items of a file (each through the catalogue's updater; a concurrent edit is a conflict). */
export async function applyXZuFiImport(ctx: CommandContext, xml: string): Promise<{ updated: string[]; conflicts: string[]; refused: ItemRefusal[]; unchanged: number }> {
  const preview = await previewXZuFiImport(ctx.db, xml);
  const updated: string[] = [];
  const conflicts: string[] = [];
  for (const c of preview.changed) {
    const s = preview.services.get(c.leikaKey)!;
    const row = await findService(ctx.db, c.leikaKey);
    const r = await updateService(ctx, {
      leikaKey: c.leikaKey,
      expectedVersion: c.version,
      changes: { shortText: s.shortText, fullText: s.fullText, requirements: s.requirements, documents: s.documents, fees: s.fees, deadlines: s.deadlines, processingTime: s.processingTime, legalBasis: s.legalBasis, forms: s.forms, onlineService: s.onlineService, searchTerms: s.searchTerms, taskCategory: s.taskCategory, department: s.department, popularity: row?.popularity ?? 0 },
    });
    if (r.ok) updated.push(c.leikaKey);
    else conflicts.push(c.leikaKey);
  }
  return { updated, conflicts, refused: preview.refused, unchanged: preview.unchanged };
}
