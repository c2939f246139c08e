import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, copyFile, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase } from "../../../../test/helpers.js";
import { systemContext } from "../../../platform/commands.js";
import { CATALOG_DIR, CatalogDataError, readCatalogFiles, type CatalogFiles } from "../dataFiles.js";
import { catalogImporter } from "./catalogImporter.js";

const KEY = "99023001012000";

async function catalogCopy(t: { after(fn: () => unknown): void }, content: Record<string, unknown>) {
  const dir = await mkdtemp(path.join(tmpdir(), "kp-catalog-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const f of ["leika.csv", "ozg_topics.csv", "ozg_life_situations.csv", "ozg_services.csv"]) await copyFile(path.join(CATALOG_DIR, f), path.join(dir, f));
  await mkdir(path.join(dir, "content"));
  for (const [name, data] of Object.entries(content)) await writeFile(path.join(dir, "content", name), typeof data === "string" ? data : JSON.stringify(data));
  return dir;
}

const entry = (over: Record<string, unknown> = {}) => ({
  leikaKey: KEY, shortText: "Kurz", fullText: "Lang", requirements: [], documents: [], fees: "43,40 €", processingTime: "Wochen",
  legalBasis: [], taskCategory: "county", department: "fuehrerschein", searchTerms: ["Lappen"], popularity: 90, ...over,
});

test("a broken content file stops the import before anything is written", async (t) => {
  for (const [content, re] of [
    [{ "a.json": "{ kein json" }, /not valid JSON/],
    [{ "a.json": [entry({ fees: 12 })] }, /fees/],
    [{ "a.json": [entry()], "b.json": [entry()] }, /already has content in a\.json/],
    [{ "a.json": [entry({ leikaKey: "99000000000001" })] }, /not in the catalogue/],
  ] as const) {
    const dir = await catalogCopy(t, content as Record<string, unknown>);
    await assert.rejects(readCatalogFiles(dir), (e: Error) => e instanceof CatalogDataError && re.test(e.message));
  }
});

test("importer: content goes only to services no editor has changed; a rerun changes nothing; catalog_version moves only on change", async (t) => {
  const { db } = await createTestDatabase(t);
  const base = await readCatalogFiles(await catalogCopy(t, {}));
  const version = async () => Number((await db.selectFrom("catalog_version").select("version").executeTakeFirstOrThrow()).version);
  // The test template already holds the shipped catalogue; start from LeiKa data without content.
  await db.updateTable("services").set({ short_text: null, fees: null, version: 1 }).execute();
  const files = (content: CatalogFiles["content"]): CatalogFiles => ({ ...base, content, contentFiles: ["x.json"] });

  const v0 = await version();
  const first = await catalogImporter(systemContext(db), { files: files([entry() as never]) });
  assert.equal(first.servicesInserted, 0);
  assert.equal(first.contentApplied, 1);
  assert.equal(await version(), v0 + 1);
  const row = await db.selectFrom("services").selectAll().where("leika_key", "=", KEY).executeTakeFirstOrThrow();
  assert.equal(row.fees, "43,40 €");
  assert.equal(row.task_category, "county");
  assert.equal(row.responsible_department, "fuehrerschein");
  assert.deepEqual(row.search_terms, ["Lappen"]);
  assert.equal(row.version, 1);

  const again = await catalogImporter(systemContext(db), { files: files([entry() as never]) });
  assert.deepEqual([again.changed, again.contentApplied], [false, 0]);
  assert.equal(await version(), v0 + 1);

  // An editor changed the service: a new file version does not overwrite it.
  await db.updateTable("services").set({ fees: "Redaktion", version: 2 }).where("leika_key", "=", KEY).execute();
  const third = await catalogImporter(systemContext(db), { files: files([entry({ fees: "50,00 €" }) as never]) });
  assert.equal(third.contentApplied, 0);
  assert.equal((await db.selectFrom("services").select("fees").where("leika_key", "=", KEY).executeTakeFirstOrThrow()).fees, "Redaktion");

  // A missing service is inserted again, with its derived parts and legal basis.
  await db.deleteFrom("services").where("leika_key", "=", "99023001036003").execute();
  const fourth = await catalogImporter(systemContext(db), { files: files([]) });
  assert.equal(fourth.servicesInserted, 1);
  const back = await db.selectFrom("services").selectAll().where("leika_key", "=", "99023001036003").executeTakeFirstOrThrow();
  assert.equal(back.service_object, "Führerschein");
  assert.equal(back.activity, "Ersatz");
  assert.equal(back.activity_detail, "wegen Verlust");
  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "catalog.imported").orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.equal((audit.details as { inserted: number }).inserted, 1);
});

test("importer from a directory: unchanged files (same SHA-256) are not read again at the next start; a changed file is imported", async (t) => {
  const { db } = await createTestDatabase(t);
  const dir = await catalogCopy(t, { "a.json": [entry()] });
  const first = await catalogImporter(systemContext(db), { dir });
  assert.equal(first.contentApplied, 1);
  const recorded = await db.selectFrom("master_data_versions").select("version").where("dataset", "=", "catalog").executeTakeFirstOrThrow();
  assert.match(recorded.version, /^[0-9a-f]{64}$/);

  // Skipped: a service deleted meanwhile stays deleted (the files were not read), nothing is audited.
  await db.deleteFrom("services").where("leika_key", "=", "99023001036003").execute();
  const audits = async () => (await db.selectFrom("audit_log").select("id").where("action", "=", "catalog.imported").execute()).length;
  const before = await audits();
  const again = await catalogImporter(systemContext(db), { dir });
  assert.deepEqual([again.changed, again.servicesInserted, again.contentApplied], [false, 0, 0]);
  assert.equal(await db.selectFrom("services").select("leika_key").where("leika_key", "=", "99023001036003").executeTakeFirst(), undefined);
  assert.equal(await audits(), before);

  // One changed byte in a content file: the whole import runs again.
  await writeFile(path.join(dir, "content", "a.json"), JSON.stringify([entry({ fees: "44,00 €" })]));
  const third = await catalogImporter(systemContext(db), { dir });
  assert.equal(third.servicesInserted, 1);
  assert.equal(third.contentApplied, 1);
  assert.equal((await db.selectFrom("services").select("fees").where("leika_key", "=", KEY).executeTakeFirstOrThrow()).fees, "44,00 €");
});
