import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { importCatalog } from "../../src/modules/catalog/index.js";

test("import: all keyed LeiKa services, no junk rows, classification, idempotent", async (t) => {
  const { db } = await buildTestApp(t);
  const { n } = await db.selectFrom("services").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  assert.ok(Number(n) >= 4500, `${n} services`);
  const junk = await db.selectFrom("services").select("leika_key").where((eb) => eb.or([eb("name", "ilike", "%sdesf%"), eb(eb.fn("length", ["name"]), "<", 3)])).execute();
  assert.deepEqual(junk, []);
  const fs = await db.selectFrom("services").selectAll().where("leika_key", "=", "99023001012000").executeTakeFirstOrThrow();
  assert.equal(fs.service_object, "Führerschein");
  assert.equal(fs.activity, "Ausstellung");
  assert.ok(fs.ozg_id);
  assert.match(JSON.stringify(fs.legal_basis), /gesetze-im-internet\.de\/fev_2010/);
  const topics = await db.selectFrom("ozg_topics").select("id").execute();
  assert.equal(topics.length, 14);

  const before = await db.selectFrom("catalog_version").select("version").executeTakeFirstOrThrow();
  const again = await importCatalog(db);
  assert.equal(again.changed, false);
  assert.equal(again.servicesInserted, 0);
  const after = await db.selectFrom("catalog_version").select("version").executeTakeFirstOrThrow();
  assert.equal(after.version, before.version);
});
