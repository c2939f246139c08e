/**
 * Front door (issue 24 item 18): service page views are counted per municipality and day, the start
 * page lists the most requested services of the chosen (and remembered) municipality, demo seeding
 * happens once. No personal data in the counts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client } from "../helpers.js";
import { mostRequestedServices, seedServiceUsage } from "../../src/modules/catalog/index.js";

test("views counted per municipality; start page lists them for the remembered municipality", async (t) => {
  const { app, db } = await buildTestApp(t);
  const c = new Client(app);
  for (const url of ["/leistungen/99102013000000?ags=08236040", "/leistungen/99102013000000?ags=08236040", "/leistungen/99001009000000?ags=08236040", "/leistungen/99008001000000?ags=08236004"]) {
    assert.equal((await c.get(url)).statusCode, 200);
  }
  const muehlacker = await mostRequestedServices(db, { ags: "08236040" });
  assert.deepEqual(muehlacker.map((s) => [s.leikaKey, s.views]), [["99102013000000", 2], ["99001009000000", 1]]);
  const county = await mostRequestedServices(db, {});
  assert.equal(county.length, 3, "the whole county counts every municipality");
  const rows = await db.selectFrom("service_usage").selectAll().execute();
  assert.deepEqual(Object.keys(rows[0]!).sort(), ["ags", "day", "leika_key", "views"], "counts only");

  // Choosing a municipality on the start page remembers it in a cookie.
  const chosen = await c.get("/?ags=08236040");
  assert.match(chosen.body, /Häufig genutzt in Mühlacker/);
  assert.match(chosen.body, /href="\/leistungen\/99102013000000\?ags=08236040">Hundesteuer</);
  assert.match(String(chosen.headers["set-cookie"]), /kp_ort=08236040/);
  const again = await c.get("/");
  assert.match(again.body, /Häufig genutzt in Mühlacker/);
  assert.match(again.body, /<input type="hidden" name="ags" value="08236040"/, "the search carries the municipality");

  // An unknown AGS is not remembered; "" forgets.
  await c.get("/?ags=99999999");
  assert.match((await c.get("/")).body, /Häufig genutzt in Mühlacker/);
  await c.get("/?ags=");
  assert.match((await c.get("/")).body, /Häufig genutzt im Enzkreis/);
});

test("demo usage is seeded once", async (t) => {
  const { db } = await buildTestApp(t);
  const n = await seedServiceUsage(db, ["08236040", "08236004"]);
  assert.ok(n > 10, `seeded ${n} rows`);
  assert.equal(await seedServiceUsage(db, ["08236040"]), 0);
  const top = await mostRequestedServices(db, { ags: "08236040", limit: 3 });
  assert.equal(top.length, 3);
});
