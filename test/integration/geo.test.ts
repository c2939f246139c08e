import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, createTestDatabase } from "../helpers.js";
import { ensureMunicipalAuthorities, importMasterData, loadCounty, municipalitiesMentionedIn, searchMunicipalities } from "../../src/modules/geo/index.js";

const ENZKREIS = "08236";
const MUEHLACKER = "08236040";

test("master data import: whole country, idempotent, audited, fast", async (t) => {
  const { db } = await createTestDatabase(t);
  // The test template already holds the master data: forget its version to import afresh.
  await db.deleteFrom("master_data_versions").execute();
  const auditBefore = (await db.selectFrom("audit_log").select("seq").where("action", "=", "master_data.imported").execute()).length;
  const first = await importMasterData(db);
  assert.equal(first.imported, true);
  if (!first.imported) return;
  assert.ok(first.areas > 16_000, `areas: ${first.areas}`);
  assert.ok(first.postcodes > 12_000, `postcodes: ${first.postcodes}`);
  t.diagnostic(`import of ${first.areas} areas and ${first.postcodes} postcode rows: ${first.ms} ms`);

  const again = await importMasterData(db);
  assert.deepEqual(again, { imported: false, version: first.version });
  const counts = await db
    .selectFrom("areas")
    .select(["level", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy("level")
    .execute();
  const n = Object.fromEntries(counts.map((c) => [c.level, Number(c.n)]));
  assert.equal(n.land, 16);
  assert.equal(n.kreis, 400);
  assert.equal(n.gemeinde, 10_997);
  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "master_data.imported").execute();
  assert.equal(audit.length - auditBefore, 1, "one audit entry for one import");

  // A changed data version re-imports in place: rows keep their keys, edits are undone.
  await db.updateTable("areas").set({ name: "falsch" }).where("ags", "=", MUEHLACKER).execute();
  await db.updateTable("master_data_versions").set({ version: "alt" }).execute();
  const third = await importMasterData(db);
  assert.equal(third.imported, true);
  const m = await db.selectFrom("areas").select("name").where("ags", "=", MUEHLACKER).executeTakeFirstOrThrow();
  assert.equal(m.name, "Mühlacker, Stadt");
  assert.equal(Number((await db.selectFrom("areas").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n), first.areas);
});

test("municipal authorities: one per municipality of county and partner, created once", async (t) => {
  const { db } = await createTestDatabase(t);
  await importMasterData(db);
  const config = { countyKey: ENZKREIS, partnerKeys: ["08231"] };
  const first = await ensureMunicipalAuthorities(db, config);
  assert.equal(first.created.length, 29);
  const units = await db.selectFrom("org_units").select(["key", "name", "kind", "ars"]).where("kind", "=", "municipal_authority").orderBy("key").execute();
  assert.equal(units.length, 29);
  assert.deepEqual(units.find((u) => u.key === `gem-${MUEHLACKER}`), { key: `gem-${MUEHLACKER}`, name: "Bürgermeisteramt Mühlacker", kind: "municipal_authority", ars: "082365004040" });
  assert.deepEqual(units.find((u) => u.key === "gem-08231000"), { key: "gem-08231000", name: "Stadtverwaltung Pforzheim", kind: "municipal_authority", ars: "082310000000" });
  // Renamed by an operator: left alone, nothing created twice.
  await db.updateTable("org_units").set({ name: "Stadt Mühlacker – Bürgerbüro" }).where("key", "=", `gem-${MUEHLACKER}`).execute();
  assert.deepEqual(await ensureMunicipalAuthorities(db, config), { created: [] });
  assert.equal((await db.selectFrom("org_units").select("name").where("key", "=", `gem-${MUEHLACKER}`).executeTakeFirstOrThrow()).name, "Stadt Mühlacker – Bürgerbüro");
  const audit = await db.selectFrom("audit_log").select("action").where("action", "=", "org_units.municipal_authorities_created").execute();
  assert.equal(audit.length, 1);
  await assert.rejects(ensureMunicipalAuthorities(db, { countyKey: "99999", partnerKeys: [] }), /99999 ist im Gemeindeverzeichnis nicht enthalten/);
  await assert.rejects(loadCounty(db, "99999"), /99999/);
});

test("Enzkreis: 28 municipalities and Pforzheim as Stadtkreis, via the API", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject("/api/v1/municipalities");
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.total, 29);
  assert.match(body.attribution, /Destatis/);
  assert.match(body.attribution, /OpenStreetMap/);
  const enz = body.items.filter((m: { county: { ags: string } }) => m.county.ags === ENZKREIS);
  assert.equal(enz.length, 28);
  assert.ok(enz.every((m: { served: boolean; authority: unknown }) => m.served && m.authority));
  const pf = body.items.find((m: { ags: string }) => m.ags === "08231000");
  assert.equal(pf.name, "Pforzheim");
  assert.equal(pf.type, "stadtkreis");
  assert.equal(pf.typeLabel, "Stadtkreis");
  assert.deepEqual(pf.county, { ags: "08231", name: "Stadt Pforzheim", type: "stadtkreis" });
  assert.equal(pf.association, null);
  assert.deepEqual(pf.postcodes, ["75172", "75173", "75175", "75177", "75179", "75180", "75181"]);
  assert.deepEqual(pf.authority, { key: "gem-08231000", name: "Stadtverwaltung Pforzheim" });

  const m = body.items.find((x: { ags: string }) => x.ags === MUEHLACKER);
  assert.equal(m.name, "Mühlacker");
  assert.equal(m.officialName, "Mühlacker, Stadt");
  assert.equal(m.type, "grosse_kreisstadt");
  assert.equal(m.typeLabel, "Große Kreisstadt");
  assert.equal(m.population, 26093);
  assert.deepEqual(m.association, { ars: "082365004", name: "VVG der Stadt Mühlacker", type: "verwaltungsgemeinschaft", typeLabel: "Vereinbarte Verwaltungsgemeinschaft (VVG)", seat: "Mühlacker" });
  // Sorted the German way: Ölbronn-Dürrn and Ötisheim after Niefern-Öschelbronn, before Pforzheim.
  const names = body.items.map((x: { name: string }) => x.name);
  assert.ok(names.indexOf("Ölbronn-Dürrn") > names.indexOf("Niefern-Öschelbronn") && names.indexOf("Ötisheim") < names.indexOf("Pforzheim"), names.join(", "));

  const q = (await app.inject("/api/v1/municipalities?q=muehlacker")).json();
  assert.deepEqual(q.items.map((x: { ags: string }) => x.ags), [MUEHLACKER]);
  assert.equal((await app.inject("/api/v1/municipalities?q=x")).statusCode, 400);
});

test("a GVV with its members; one municipality via the API", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject("/api/v1/municipalities/08236039"); // Mönsheim, seat of the GVV Heckengäu
  assert.equal(res.statusCode, 200);
  const { municipality: m } = res.json();
  assert.equal(m.name, "Mönsheim");
  assert.equal(m.type, "gemeinde");
  assert.equal(m.association.name, "GVV Heckengäu");
  assert.equal(m.association.type, "verwaltungsverband");
  assert.equal(m.association.typeLabel, "Gemeindeverwaltungsverband (GVV)");
  assert.deepEqual(
    m.association.members.map((x: { name: string }) => x.name),
    ["Friolzheim", "Heimsheim", "Mönsheim", "Wiernsheim", "Wimsheim", "Wurmberg"],
  );
  assert.deepEqual(m.authority, { key: "gem-08236039", name: "Bürgermeisteramt Mönsheim" });

  // Any municipality in Germany can be looked up; the portal only serves its own.
  const other = (await app.inject("/api/v1/municipalities/08326074")).json().municipality;
  assert.equal(other.name, "Villingen-Schwenningen");
  assert.equal(other.served, false);
  assert.equal(other.authority, null);

  const bad = await app.inject("/api/v1/municipalities/0823604");
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().type, "urn:kreisportal:problem:validation");
  const missing = await app.inject("/api/v1/municipalities/08236999");
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().type, "urn:kreisportal:problem:not-found");
});

test("postcode → municipality: 75417 is Mühlacker; 400 for malformed, 404 for unknown", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject("/api/v1/postcodes/75417");
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.postcode, "75417");
  assert.match(body.attribution, /OpenStreetMap/);
  assert.deepEqual(
    body.municipalities.map((m: { ags: string; name: string; place: string; served: boolean }) => [m.ags, m.name, m.place, m.served]),
    [[MUEHLACKER, "Mühlacker", "Mühlacker", true]],
  );
  assert.equal(body.municipalities[0].type, "grosse_kreisstadt");

  for (const bad of ["7541", "754177", "75a17"]) assert.equal((await app.inject(`/api/v1/postcodes/${bad}`)).statusCode, 400, bad);
  const unknown = await app.inject("/api/v1/postcodes/00000");
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().type, "urn:kreisportal:problem:not-found");

  const spec = (await app.inject("/api/openapi.json")).json();
  for (const p of ["/api/v1/municipalities", "/api/v1/municipalities/{ags}", "/api/v1/postcodes/{postcode}"]) assert.deepEqual(spec.paths[p]?.get?.tags, ["Stammdaten"], p);
});

test("name search folds umlauts and case; places named in a query are found", async (t) => {
  const { db } = await buildTestApp(t);
  for (const q of ["muehlacker", "Muhlacker", "MÜHLACKER", "mühl"]) {
    const rows = await searchMunicipalities(db, q, { within: [ENZKREIS, "08231"] });
    assert.equal(rows[0]?.ags, MUEHLACKER, q);
  }
  assert.equal((await searchMunicipalities(db, "oelbronn"))[0]?.short_name, "Ölbronn-Dürrn");
  // OpenStreetMap's long form of a Bavarian name finds the official short form.
  assert.equal((await searchMunicipalities(db, "Altdorf bei Nürnberg"))[0]?.name, "Altdorf b.Nürnberg, St");
  const mentioned = await municipalitiesMentionedIn(db, "Sperrmüll abholen in Niefern-Oeschelbronn oder Mühlacker?", { within: [ENZKREIS] });
  assert.deepEqual(mentioned.map((m) => m.short_name), ["Niefern-Öschelbronn", "Mühlacker"]);
  assert.deepEqual(await municipalitiesMentionedIn(db, "Personalausweis beantragen", { within: [ENZKREIS] }), []);
});

test("pages: /gemeinden lists the towns with type, association, population, postcodes (German and English)", async (t) => {
  const { app } = await buildTestApp(t);
  const de = await app.inject("/gemeinden");
  assert.equal(de.statusCode, 200);
  assert.match(de.body, /<h1[^>]*>Städte und Gemeinden<\/h1>/);
  assert.match(de.body, /<h2[^>]*>Enzkreis<\/h2>/);
  assert.match(de.body, /<h2[^>]*>Stadt Pforzheim<\/h2>/);
  assert.match(de.body, /Landkreis mit 28 Städten und Gemeinden/);
  assert.equal((de.body.match(/<a class="kern-link" href="\/gemeinden\/08236\d{3}">/g) ?? []).length, 28 + 20, "28 rows and the 20 members of the 7 associations");
  assert.match(de.body, /<caption class="kern-title"[^>]*>Städte und Gemeinden: Enzkreis<\/caption>/);
  assert.match(de.body, /<th class="kern-table__header" scope="row"><a class="kern-link" href="\/gemeinden\/08236040">Mühlacker<\/a><\/th><td class="kern-table__cell">Große Kreisstadt<\/td><td class="kern-table__cell">VVG der Stadt Mühlacker<\/td><td class="kern-table__cell kern-table__cell--numeric">26\.093<\/td><td class="kern-table__cell">75417<\/td>/);
  assert.match(de.body, /href="\/gemeinden\/08231000">Pforzheim<\/a><\/th><td class="kern-table__cell">Stadtkreis<\/td>/);
  assert.match(de.body, /GVV Heckengäu<\/th><td class="kern-table__cell">Gemeindeverwaltungsverband \(GVV\)<\/td><td class="kern-table__cell">Mönsheim<\/td>/);
  assert.match(de.body, /© Statistisches Bundesamt \(Destatis\)/);
  assert.match(de.body, /© OpenStreetMap-Mitwirkende/);

  const en = await app.inject({ url: "/gemeinden", headers: { "accept-language": "en" } });
  assert.equal(en.statusCode, 200);
  assert.match(en.body, /<html lang="en"/);
  assert.match(en.body, /<h1[^>]*>Towns and municipalities<\/h1>/);
  assert.match(en.body, /Major district town \(Große Kreisstadt\)/);
  assert.match(en.body, /26,093/);
});

test("pages: /gemeinden/:ags shows one municipality with its authority; 404 outside the served area", async (t) => {
  const { app } = await buildTestApp(t);
  const de = await app.inject(`/gemeinden/${MUEHLACKER}`);
  assert.equal(de.statusCode, 200);
  assert.match(de.body, /<title>Mühlacker – /);
  assert.match(de.body, /<p class="kern-preline">Enzkreis<\/p>/);
  assert.match(de.body, /<dd class="kern-description-list-item__value">Große Kreisstadt<\/dd>/);
  assert.match(de.body, /VVG der Stadt Mühlacker – Vereinbarte Verwaltungsgemeinschaft \(VVG\)/);
  assert.match(de.body, /href="\/gemeinden\/08236050">Ötisheim<\/a>/);
  assert.match(de.body, /Zuständige Stelle<\/dt><dd class="kern-description-list-item__value">Bürgermeisteramt Mühlacker<\/dd>/);
  assert.match(de.body, />26\.093</);
  assert.match(de.body, />54,32 km²</);
  assert.match(de.body, />75417</);

  const en = await app.inject({ url: "/gemeinden/08231000", headers: { "accept-language": "en" } });
  assert.equal(en.statusCode, 200);
  assert.match(en.body, /Urban district \(Stadtkreis\)/);
  assert.match(en.body, /Responsible office<\/dt><dd class="kern-description-list-item__value">Stadtverwaltung Pforzheim<\/dd>/);
  assert.match(en.body, /The municipality does not belong to an administrative association\./);

  assert.equal((await app.inject("/gemeinden/08326074")).statusCode, 404, "Villingen-Schwenningen is not served by the Enzkreis portal");
  assert.equal((await app.inject("/gemeinden/abc")).statusCode, 404);
});

test("home page: card with the county's number of municipalities", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject("/");
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<h2 class="kern-title" id="card-municipalities">Städte und Gemeinden<\/h2>/);
  assert.match(res.body, /28 Städte und Gemeinden gehören zum Enzkreis/);
  assert.match(res.body, /href="\/gemeinden">Alle Städte und Gemeinden</);
});

test("any county by its key: COUNTY_KEY=08326 serves the Schwarzwald-Baar-Kreis", async (t) => {
  const { app, db } = await buildTestApp(t, { COUNTY_KEY: "08326", PARTNER_KEYS: "" });
  assert.deepEqual(await loadCounty(db, "08326"), { key: "08326", name: "Schwarzwald-Baar-Kreis" });
  const body = (await app.inject("/api/v1/municipalities")).json();
  assert.equal(body.total, 20);
  assert.ok(body.items.every((m: { county: { ags: string } }) => m.county.ags === "08326"));
  const vs = body.items.find((m: { name: string }) => m.name === "Villingen-Schwenningen");
  assert.equal(vs.type, "grosse_kreisstadt");
  assert.equal(vs.association.name, "VVG der Stadt Villingen-Schwenningen");
  assert.equal(body.items.some((m: { ags: string }) => m.ags === MUEHLACKER), false);
  const home = await app.inject("/");
  assert.match(home.body, /20 Städte und Gemeinden gehören zum Schwarzwald-Baar-Kreis/);
  assert.match((await app.inject("/gemeinden")).body, /<h2[^>]*>Schwarzwald-Baar-Kreis<\/h2>/);
  assert.equal((await app.inject(`/gemeinden/${MUEHLACKER}`)).statusCode, 404);
  assert.equal((await app.inject("/gemeinden/08326074")).statusCode, 200);
  const units = await db.selectFrom("org_units").select("key").where("kind", "=", "municipal_authority").execute();
  assert.equal(units.length, 20);

  const hef = await loadCounty(db, "06632");
  assert.equal(hef.name, "Landkreis Hersfeld-Rotenburg");
});
