import { sql } from "kysely";
import { appendAudit, canonicalJson } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { FormLink, LegalBasisEntry, OnlineService } from "../db.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import { recordCatalogFacts } from "../../responsibility/index.js";

/** The editable content fields of a service (XZuFi texts and classification). */
export interface ServiceChanges {
  shortText: string | null;
  fullText: string | null;
  requirements: string[];
  documents: string[];
  fees: string | null;
  deadlines: string | null;
  processingTime: string | null;
  legalBasis: LegalBasisEntry[];
  forms: FormLink[];
  onlineService: OnlineService | null;
  searchTerms: string[];
  taskCategory: string | null;
  department: string | null;
  popularity: number;
}

export interface ServiceUpdaterProps {
  leikaKey: string;
  /** The version the editor started from; a different current version is a conflict. */
  expectedVersion: number;
  changes: ServiceChanges;
}

export type ServiceUpdaterResult = { ok: true; version: number } | { ok: false; reason: "not_found" } | { ok: false; reason: "conflict"; currentVersion: number };

/**
 * Saves an editor's changes with optimistic locking: the row is updated only if its version is
 * still `expectedVersion`; the version goes up by one, so later imports leave the text alone.
 * Writes the audit entry (changed field names, no texts) and bumps catalog_version.
 */
export async function serviceUpdater(ctx: CommandContext, props: ServiceUpdaterProps): Promise<ServiceUpdaterResult> {
  const c = props.changes;
  return ctx.db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom("services").selectAll().where("leika_key", "=", props.leikaKey).forUpdate().executeTakeFirst();
    if (!current) return { ok: false as const, reason: "not_found" as const };
    if (current.version !== props.expectedVersion) return { ok: false as const, reason: "conflict" as const, currentVersion: current.version };
    const next = {
      short_text: c.shortText,
      full_text: c.fullText,
      requirements: JSON.stringify(c.requirements),
      documents: JSON.stringify(c.documents),
      fees: c.fees,
      deadlines: c.deadlines,
      processing_time: c.processingTime,
      legal_basis: JSON.stringify(c.legalBasis),
      forms: JSON.stringify(c.forms),
      online_service: c.onlineService ? JSON.stringify(c.onlineService) : null,
      search_terms: c.searchTerms,
      task_category: c.taskCategory,
      responsible_department: c.department,
      popularity: c.popularity,
    };
    // Compared as canonical JSON: jsonb does not keep the key order of what was written.
    const before: Record<string, unknown> = {
      short_text: current.short_text,
      full_text: current.full_text,
      requirements: current.requirements,
      documents: current.documents,
      fees: current.fees,
      deadlines: current.deadlines,
      processing_time: current.processing_time,
      legal_basis: current.legal_basis,
      forms: current.forms,
      online_service: current.online_service,
      search_terms: current.search_terms,
      task_category: current.task_category,
      responsible_department: current.responsible_department,
      popularity: current.popularity,
    };
    const after: Record<string, unknown> = { ...c, short_text: c.shortText, full_text: c.fullText, processing_time: c.processingTime, legal_basis: c.legalBasis, online_service: c.onlineService, search_terms: c.searchTerms, task_category: c.taskCategory, responsible_department: c.department };
    const changed = Object.keys(before).filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k]));
    const row = await tx
      .updateTable("services")
      .set({ ...next, version: sql`version + 1`, updated_at: new Date() })
      .where("leika_key", "=", props.leikaKey)
      .where("version", "=", props.expectedVersion)
      .returning(["version", "leika_key", "name", "task_category", "responsible_department", "popularity"])
      .executeTakeFirstOrThrow();
    await recordCatalogFacts(tx, { services: [{ leika_key: row.leika_key, name: row.name, task_category: row.task_category, responsible_department: row.responsible_department, popularity: row.popularity }] });
    const catalogVersion = await bumpCatalogVersion(tx);
    await appendAudit(tx, ctx.actor, {
      action: "catalog.service_updated",
      objectType: "service",
      objectId: props.leikaKey,
      details: { version: row.version, fields: changed, catalogVersion },
      requestId: ctx.requestId,
    });
    return { ok: true as const, version: row.version };
  });
}
