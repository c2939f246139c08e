import { sql, type Transaction } from "kysely";
import type { Database } from "../../../platform/db/index.js";
import type { ServiceFactsRow, TaskCategoryFactsRow } from "../db.js";

export interface CatalogFacts {
  /** Services as the catalogue has them now (new or changed ones; all of them when `complete`). */
  services: readonly ServiceFactsRow[];
  /** Task categories (name, legal source); all of them when `complete`. */
  taskCategories?: readonly TaskCategoryFactsRow[];
  /** The lists are the whole catalogue: services and categories not in them are forgotten. */
  complete?: boolean;
}

/**
 * Records what the responsibility finder needs of the catalogue (task category, county department,
 * popularity, name per service; task categories' names), in the catalogue's writing transaction (ADR 0052),
 * so the finder's single query reads only responsibility's tables. Rows that did not change are not written.
 */
export async function catalogFactsRecorder(tx: Transaction<Database>, facts: CatalogFacts): Promise<{ changed: number }> {
  let changed = 0;
  const cats = facts.taskCategories ?? [];
  if (cats.length) {
    const res = await sql`
      INSERT INTO responsibility_task_categories (key, name, legal_source)
      SELECT * FROM unnest(${cats.map((c) => c.key)}::text[], ${cats.map((c) => c.name)}::text[], ${cats.map((c) => c.legal_source)}::text[])
      ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, legal_source = EXCLUDED.legal_source
      WHERE (responsibility_task_categories.name, responsibility_task_categories.legal_source) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.legal_source)`.execute(tx);
    changed += Number(res.numAffectedRows ?? 0n);
  }
  const s = facts.services;
  if (s.length) {
    const res = await sql`
      INSERT INTO responsibility_service_facts (leika_key, name, task_category, responsible_department, popularity)
      SELECT * FROM unnest(${s.map((x) => x.leika_key)}::bpchar[], ${s.map((x) => x.name)}::text[], ${s.map((x) => x.task_category)}::text[],
                           ${s.map((x) => x.responsible_department)}::text[], ${s.map((x) => x.popularity)}::int[])
      ON CONFLICT (leika_key) DO UPDATE SET name = EXCLUDED.name, task_category = EXCLUDED.task_category,
        responsible_department = EXCLUDED.responsible_department, popularity = EXCLUDED.popularity
      WHERE (responsibility_service_facts.name, responsibility_service_facts.task_category, responsibility_service_facts.responsible_department, responsibility_service_facts.popularity)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.task_category, EXCLUDED.responsible_department, EXCLUDED.popularity)`.execute(tx);
    changed += Number(res.numAffectedRows ?? 0n);
  }
  if (facts.complete) {
    const gone = await tx.deleteFrom("responsibility_service_facts").where("leika_key", "not in", s.length ? s.map((x) => x.leika_key) : [""]).executeTakeFirst();
    changed += Number(gone.numDeletedRows ?? 0n);
    if (cats.length) {
      const goneCats = await tx.deleteFrom("responsibility_task_categories").where("key", "not in", cats.map((c) => c.key)).executeTakeFirst();
      changed += Number(goneCats.numDeletedRows ?? 0n);
    }
  }
  return { changed };
}
