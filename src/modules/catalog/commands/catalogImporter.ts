import { sql, type Transaction } from "kysely";
import type { Database } from "../../../platform/db/index.js";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { catalogFilesFingerprint, readCatalogFiles, type CatalogFiles } from "../dataFiles.js";
import { datasetVersion, datasetVersionRecorder } from "../../geo/index.js";
import { deriveParts } from "../leika.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import { recordCatalogFacts, type CatalogFacts } from "../../responsibility/index.js";

export interface CatalogImporterProps {
  /** Directory with leika.csv, ozg_*.csv and content/ (default data/catalog). */
  dir?: string;
  /** Already read files (tests). */
  files?: CatalogFiles;
}

export interface CatalogImportResult {
  servicesInserted: number;
  servicesUpdated: number;
  contentApplied: number;
  changed: boolean;
  catalogVersion: string | null;
}

// Serialises imports of several app nodes starting at once.
const IMPORT_LOCK = 7_236_004;
/** Fingerprint of the data files last imported (master_data_versions): unchanged files are not read again at start. */
const DATASET = "catalog";

/** Task categories the content files may use; the responsibility module documents and extends them. */
const TASK_CATEGORY_DEFAULTS: Array<{ key: string; name: string; description: string; legal_source: string }> = [
  { key: "municipal", name: "Gemeindeaufgabe", description: "Aufgabe der Gemeinde (weisungsfreie oder Pflichtaufgabe, z. B. Meldewesen, Pass- und Ausweiswesen, Hundesteuer, Gewerbeanzeige).", legal_source: "Art. 71 LV BW, § 2 GemO BW" },
  { key: "county", name: "Aufgabe des Landratsamts", description: "Aufgabe des Landkreises oder des Landratsamts als untere Verwaltungsbehörde, die keine Große Kreisstadt übernimmt (z. B. Fahrerlaubnis, Zulassung, Versorgungsamt).", legal_source: "§ 15 Abs. 1 Nr. 1 LVG BW, § 1 LKrO BW" },
  { key: "lower_admin_authority", name: "Untere Verwaltungsbehörde", description: "Aufgabe der unteren Verwaltungsbehörde: Landratsamt, in Großen Kreisstädten und Verwaltungsgemeinschaften nach § 15 Abs. 1 Nr. 2 LVG die Stadt bzw. Gemeinschaft.", legal_source: "§§ 15, 19 LVG BW" },
  { key: "lower_building_authority", name: "Untere Baurechtsbehörde", description: "Baurechtsbehörde: Landratsamt oder Gemeinde/Verwaltungsgemeinschaft, die die Aufgabe übernommen hat.", legal_source: "§ 46 LBO BW" },
  { key: "state", name: "Landesaufgabe", description: "Aufgabe einer Landesbehörde oder Landesanstalt (z. B. L-Bank für Elterngeld).", legal_source: "Landesrecht BW" },
];

/**
 * Loads the LeiKa catalogue, the OZG classification and the editorial content files. Idempotent
 * and quick enough to run at every start: inserts missing services, refreshes LeiKa data and
 * applies content only to services editors have never changed (version = 1), so their work is
 * never overwritten. Bumps catalog_version and writes one audit entry when anything changed.
 */
export async function catalogImporter(ctx: CommandContext, props: CatalogImporterProps = {}): Promise<CatalogImportResult> {
  const fingerprint = props.files ? undefined : await catalogFilesFingerprint(props.dir);
  if (fingerprint && (await datasetVersion(ctx.db, DATASET)) === fingerprint) {
    return { servicesInserted: 0, servicesUpdated: 0, contentApplied: 0, changed: false, catalogVersion: null };
  }
  const files = props.files ?? (await readCatalogFiles(props.dir));
  const nameOf = new Map(files.services.map((s) => [s.leikaKey, s.name]));
  const rows = files.services.map((s) => ({ ...s, ...deriveParts(s.leikaKey, s.name, (k) => nameOf.get(k)) }));

  return ctx.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(tx);

    // Classification: insert missing, keep names current.
    await sql`
      INSERT INTO ozg_topics (id, name) SELECT * FROM unnest(${files.topics.map((t) => t.id)}::int[], ${files.topics.map((t) => t.name)}::text[])
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE ozg_topics.name IS DISTINCT FROM EXCLUDED.name`.execute(tx);
    await sql`
      INSERT INTO ozg_life_situations (id, name, topic_id)
      SELECT * FROM unnest(${files.lifeSituations.map((l) => l.id)}::int[], ${files.lifeSituations.map((l) => l.name)}::text[], ${files.lifeSituations.map((l) => l.topicId)}::int[])
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, topic_id = EXCLUDED.topic_id
      WHERE (ozg_life_situations.name, ozg_life_situations.topic_id) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.topic_id)`.execute(tx);
    await sql`
      INSERT INTO ozg_services (ozg_id, name, life_situation_id)
      SELECT * FROM unnest(${files.ozgServices.map((o) => o.ozgId)}::int[], ${files.ozgServices.map((o) => o.name)}::text[], ${files.ozgServices.map((o) => o.lifeSituationId)}::int[])
      ON CONFLICT (ozg_id) DO UPDATE SET name = EXCLUDED.name, life_situation_id = EXCLUDED.life_situation_id
      WHERE (ozg_services.name, ozg_services.life_situation_id) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.life_situation_id)`.execute(tx);
    const categoriesInserted = await tx
      .insertInto("task_categories")
      .values(TASK_CATEGORY_DEFAULTS)
      .onConflict((oc) => oc.column("key").doNothing())
      .executeTakeFirst();

    // Services: one statement each for insert and refresh, over unnest'ed arrays.
    const cols = {
      keys: rows.map((r) => r.leikaKey),
      names: rows.map((r) => r.name),
      types: rows.map((r) => r.leikaType),
      ozg: rows.map((r) => r.ozgId),
      objects: rows.map((r) => r.serviceObject),
      activities: rows.map((r) => r.activity),
      details: rows.map((r) => r.activityDetail),
      legal: rows.map((r) => JSON.stringify(r.legalBasis)),
    };
    const src = sql`unnest(${cols.keys}::text[], ${cols.names}::text[], ${cols.types}::text[], ${cols.ozg}::int[], ${cols.objects}::text[], ${cols.activities}::text[], ${cols.details}::text[], ${cols.legal}::jsonb[])
      AS src(leika_key, name, leika_type, ozg_id, service_object, activity, activity_detail, legal_basis)`;
    const inserted = await sql`
      INSERT INTO services (leika_key, name, leika_type, ozg_id, service_object, activity, activity_detail, legal_basis)
      SELECT * FROM ${src}
      ON CONFLICT (leika_key) DO NOTHING`.execute(tx);
    // LeiKa data of services nobody edited follows the data files (content fields are left alone).
    const updated = await sql`
      UPDATE services s SET name = src.name, leika_type = src.leika_type, ozg_id = src.ozg_id, service_object = src.service_object,
        activity = src.activity, activity_detail = src.activity_detail,
        legal_basis = CASE WHEN s.short_text IS NULL THEN src.legal_basis ELSE s.legal_basis END, updated_at = now()
      FROM ${src}
      WHERE s.leika_key = src.leika_key AND s.version = 1
        AND ((s.name, s.leika_type, s.ozg_id, s.service_object, s.activity, s.activity_detail) IS DISTINCT FROM
             (src.name, src.leika_type, src.ozg_id, src.service_object, src.activity, src.activity_detail)
          OR (s.short_text IS NULL AND s.legal_basis IS DISTINCT FROM src.legal_basis))`.execute(tx);

    // Editorial content, only where no editor has touched the service.
    const content = files.content.map((c) => ({
      leika_key: c.leikaKey,
      short_text: c.shortText,
      full_text: c.fullText,
      requirements: c.requirements,
      documents: c.documents,
      fees: c.fees,
      deadlines: c.deadlines ?? null,
      processing_time: c.processingTime,
      legal_basis: c.legalBasis,
      forms: c.forms ?? [],
      online_service: c.onlineService ?? null,
      search_terms: c.searchTerms,
      task_category: c.taskCategory,
      responsible_department: c.department ?? null,
      popularity: c.popularity,
    }));
    const applied = content.length
      ? await sql`
      UPDATE services s SET short_text = c.short_text, full_text = c.full_text, requirements = c.requirements, documents = c.documents,
        fees = c.fees, deadlines = c.deadlines, processing_time = c.processing_time, legal_basis = c.legal_basis, forms = c.forms,
        online_service = c.online_service, search_terms = c.search_terms, task_category = c.task_category,
        responsible_department = c.responsible_department, popularity = c.popularity, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(content)}::jsonb) AS c(leika_key text, short_text text, full_text text, requirements jsonb,
        documents jsonb, fees text, deadlines text, processing_time text, legal_basis jsonb, forms jsonb, online_service jsonb,
        search_terms text[], task_category text, responsible_department text, popularity int)
      WHERE s.leika_key = c.leika_key AND s.version = 1
        AND (s.short_text, s.full_text, s.requirements, s.documents, s.fees, s.deadlines, s.processing_time, s.legal_basis, s.forms,
             s.online_service, s.search_terms, s.task_category, s.responsible_department, s.popularity) IS DISTINCT FROM
            (c.short_text, c.full_text, c.requirements, c.documents, c.fees, c.deadlines, c.processing_time, c.legal_basis, c.forms,
             c.online_service, c.search_terms, c.task_category, c.responsible_department, c.popularity)`.execute(tx)
      : { numAffectedRows: 0n };

    const result: CatalogImportResult = {
      servicesInserted: Number(inserted.numAffectedRows ?? 0n),
      servicesUpdated: Number(updated.numAffectedRows ?? 0n),
      contentApplied: Number(applied.numAffectedRows ?? 0n),
      changed: false,
      catalogVersion: null,
    };
    result.changed = result.servicesInserted + result.servicesUpdated + result.contentApplied > 0;
    // The responsibility finder keeps what it needs of the catalogue (ADR 0052): told in this transaction.
    if (result.changed || Number(categoriesInserted.numInsertedOrUpdatedRows ?? 0n) > 0) await recordCatalogFacts(tx, await catalogFacts(tx));
    if (fingerprint) await datasetVersionRecorder(tx, { dataset: DATASET, version: fingerprint, rowCount: rows.length });
    if (result.changed) {
      result.catalogVersion = await bumpCatalogVersion(tx);
      await appendAudit(tx, ctx.actor, {
        action: "catalog.imported",
        objectType: "catalog",
        details: { inserted: result.servicesInserted, updated: result.servicesUpdated, content: result.contentApplied, files: files.contentFiles },
        requestId: ctx.requestId,
      });
    }
    return result;
  });
}

/** The whole catalogue as the responsibility finder records it (services' categories and names, task categories). */
async function catalogFacts(tx: Transaction<Database>): Promise<CatalogFacts> {
  const [services, taskCategories] = await Promise.all([
    tx.selectFrom("services").select(["leika_key", "name", "task_category", "responsible_department", "popularity"]).execute(),
    tx.selectFrom("task_categories").select(["key", "name", "legal_source"]).execute(),
  ]);
  return { services, taskCategories, complete: true };
}
