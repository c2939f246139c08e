import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { buildTestApp, Client, type TestApp, signedInMember } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { rootPath } from "../../src/platform/paths.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;
const REMCHINGEN = DEMO_PROCEDURES[1]!;
const sample = (f: string) => readFileSync(rootPath("data", "xplanung", "samples", f));

/** Staff of the municipality with this AGS, signed in. */
const staffOf = (ta: TestApp, email: string, ags: string) => signedInMember(ta, email, `gem-${ags}`);

async function upload(app: FastifyInstance, c: Client, url: string, csrf: string, content: Buffer, name = "plan.gml") {
  const { payload, contentType } = multipartBody({ _csrf: csrf }, [{ field: "xplan", name, type: "application/gml+xml", content }]);
  return app.inject({ method: "POST", url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": contentType }, payload });
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

test("issue 18: demo plans from XPlanGML, map data, download; staff upload checked against the XSDs, invalid plans not published; cached municipality filter", { timeout: 180_000 }, async (t) => {
  const ta = await buildTestApp(t, { MAP_TILE_URL: "https://tiles.example.org/{z}/{x}/{y}.png" });
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const c = new Client(ta.app);

  // The list page's municipality filter comes from geo's cached list: a renamed municipality shows its old name until the cache expires (or an import clears it).
  assert.match((await c.get("/beteiligung")).body, />Mühlacker<\/option>/);
  await ta.db.updateTable("areas").set({ short_name: "Mühlacker-Umbenannt" }).where("ags", "=", MUEHLACKER.ags).where("level", "=", "gemeinde").execute();
  const cachedList = (await c.get("/beteiligung")).body;
  assert.match(cachedList, />Mühlacker<\/option>/);
  assert.doesNotMatch(cachedList, /Umbenannt<\/option>/);
  await ta.db.updateTable("areas").set({ short_name: "Mühlacker" }).where("ags", "=", MUEHLACKER.ags).where("level", "=", "gemeinde").execute();

  // Public: the demo plan's section with the land-use list, the map box (tile origin allowed by the CSP) and the download.
  const page = await c.get(`/beteiligung/${MUEHLACKER.slug}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Planzeichnung \(XPlanung\)/);
  assert.match(page.body, /Mischgebiet \(Baugebiet\)/);
  assert.match(page.body, /id="kp-plan-map"/);
  assert.match(String(page.headers["content-security-policy"]), /img-src 'self' data: https:\/\/tiles\.example\.org/);
  // The statement form carries the point picker (Leaflet, ADR 0059) under the typed fields, tiles allowed there too.
  const form = await c.get(`/beteiligung/${MUEHLACKER.slug}/stellungnahme`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /id="breite"[^]*id="laenge"[^]*id="kp-comment-map" class="kp-map" hidden role="region"/);
  assert.match(form.body, /<script src="\/assets\/leaflet\/leaflet\.js" defer><\/script>/);
  assert.match(String(form.headers["content-security-policy"]), /img-src 'self' data: https:\/\/tiles\.example\.org/);
  const geo = await ta.app.inject({ url: `/api/v1/participation/procedures/${MUEHLACKER.slug}/plan` });
  assert.equal(geo.statusCode, 200);
  const fc = geo.json() as { features: Array<{ properties: { role: string; featureType: string; use: string | null }; geometry: { coordinates: number[][][][] } }> };
  assert.deepEqual(fc.features.map((f) => f.properties.role), ["area", "landUse"]);
  assert.deepEqual(fc.features[1]!.properties, { role: "landUse", featureType: "BP_BaugebietsTeilFlaeche", use: "1500", useAttribute: "besondereArtDerBaulNutzung", label: "Mischgebiet (Baugebiet)" });
  const [lon, lat] = fc.features[0]!.geometry.coordinates[0]![0]![0]!;
  assert.ok(lon! > 9.9 && lon! < 10.1 && lat! > 53.4 && lat! < 53.6, `${lon} ${lat}`);
  const gml = await c.get(`/beteiligung/${MUEHLACKER.slug}/plan.gml`);
  assert.equal(gml.statusCode, 200);
  assert.match(String(gml.headers["content-disposition"]), /^attachment/);
  assert.match(gml.body, /<xplan:XPlanAuszug/);

  // Staff of Remchingen: the page shows the current demo plan; uploads go through the XSD check.
  const staff = await staffOf(ta, "planung@remchingen.example", REMCHINGEN.ags);
  const id = (await ta.db.selectFrom("participation_procedures").select("id").where("slug", "=", REMCHINGEN.slug).executeTakeFirstOrThrow()).id;
  const staffPage = await staff.get(`/verwaltung/beteiligung/${id}`);
  assert.equal(staffPage.statusCode, 200);
  assert.match(staffPage.body, /Aktueller Plan: „BPlan_SO-Objekte-Test_6-0-2_SoapUI-XPlanValidatorAPI“/);
  const csrf = csrfOf(staffPage.body);
  const before = await ta.db.selectFrom("participation_plans").select("sha256").where("procedure_id", "=", id).executeTakeFirstOrThrow();

  const broken = Buffer.from(sample("BP_6.0.gml").toString("utf8").replace("<xplan:planArt>1000</xplan:planArt>", "<xplan:planArt>abc</xplan:planArt>"));
  const bad = await upload(ta.app, staff, `/verwaltung/beteiligung/${id}/plan`, csrf, broken);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /entspricht nicht dem XPlanGML-6\.0-Schema \(1 Fehler/);
  assert.match(bad.body, /<td[^>]*>42<\/td>/);
  assert.match(bad.body, /xplan:planArt/);
  assert.match(bad.body, /href="#xplan"/);
  // Past the XSD, the XPlanung rules: a reference to an object that is not in the document refuses the plan.
  const dangling = Buffer.from(sample("BP_6.0.gml").toString("utf8").replace('<xplan:bereich xlink:href="#GML_033a8b97-b5f7-4453-99d7-b624fc1b4ef5" />', '<xplan:bereich xlink:href="#GML_gibt-es-nicht" />'));
  const refused = await upload(ta.app, staff, `/verwaltung/beteiligung/${id}/plan`, csrf, dangling);
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /verletzt Regeln von XPlanung \(\d+ Fehler/);
  assert.match(refused.body, /Der Verweis in xplan:bereich zeigt auf „GML_gibt-es-nicht“, das es im Dokument nicht gibt\./);
  assert.match(refused.body, /<td[^>]*>48<\/td>/);
  const notXml = await upload(ta.app, staff, `/verwaltung/beteiligung/${id}/plan`, csrf, Buffer.from("%PDF-1.4 kein Plan"));
  assert.equal(notXml.statusCode, 422);
  assert.match(notXml.body, /kein XPlanGML-Dokument/);
  const none = await upload(ta.app, staff, `/verwaltung/beteiligung/${id}/plan`, csrf, Buffer.alloc(0));
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /Bitte wählen Sie eine XPlanGML-Datei aus/);
  assert.equal((await ta.db.selectFrom("participation_plans").select("sha256").where("procedure_id", "=", id).executeTakeFirstOrThrow()).sha256, before.sha256, "nothing published when invalid");
  assert.equal((await upload(ta.app, staff, `/verwaltung/beteiligung/${id}/plan`, "falsch", sample("BP_6.0.gml"))).statusCode, 403);

  // Staff of another municipality and citizens may not upload.
  const other = await staffOf(ta, "planung@muehlacker.example", MUEHLACKER.ags);
  const otherCsrf = csrfOf((await other.get(`/verwaltung/beteiligung`)).body);
  assert.equal((await upload(ta.app, other, `/verwaltung/beteiligung/${id}/plan`, otherCsrf, sample("BP_6.0.gml"))).statusCode, 403);

  // A valid plan replaces the previous one, audited.
  const ok = await upload(ta.app, staff, `/verwaltung/beteiligung/${id}/plan`, csrf, sample("BP_6.0.gml"));
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, `/verwaltung/beteiligung/${id}?plan=1`);
  const published = (await staff.get(String(ok.headers.location))).body;
  assert.match(published, /Der Plan wurde geprüft und veröffentlicht/);
  // Its open ring (the sample's land-use area ends 14 m from where it starts) is a warning shown to staff beside the plan.
  assert.match(published, /Hinweise der Geometrieprüfung zum veröffentlichten Plan \(1\)/);
  assert.match(published, /Ein Ring von „GML_1dd3969f-1703-4c63-ab27-88b2bb10e090“ ist nicht geschlossen/);
  assert.doesNotMatch((await c.get(`/beteiligung/${REMCHINGEN.slug}`)).body, /Geometrieprüfung/, "the public page does not show the findings");
  const pub = await c.get(`/beteiligung/${REMCHINGEN.slug}`);
  assert.match(pub.body, /Original60_test\(1Aend\)_SoapUI-XPlanValidatorAPI/);
  const audit = await ta.db.selectFrom("audit_log").select(["details"]).where("action", "=", "participation.plan_uploaded").where("object_id", "=", id).orderBy("id").execute();
  assert.equal(audit.length, 2, "demo plan and the staff upload");
  assert.equal((audit[1]!.details as { previous: string }).previous, before.sha256);
  assert.equal((audit[1]!.details as { warnings: number }).warnings, 1);

  // Without a plan: no section, the API answers 404.
  await ta.db.deleteFrom("participation_plans").where("procedure_id", "=", id).execute();
  assert.doesNotMatch((await c.get(`/beteiligung/${REMCHINGEN.slug}`)).body, /Planzeichnung/);
  assert.equal((await ta.app.inject({ url: `/api/v1/participation/procedures/${REMCHINGEN.slug}/plan` })).statusCode, 404);
  assert.equal((await c.get(`/beteiligung/${REMCHINGEN.slug}/plan.gml`)).statusCode, 404);
});

test("issue 18: a plan with a building line, a tree (point) and holes: published, the GeoJSON has lines, points and the holes", { timeout: 120_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const staff = await staffOf(ta, "bauamt@muehlacker.example", MUEHLACKER.ags);
  const id = (await ta.db.selectFrom("participation_procedures").select("id").where("slug", "=", MUEHLACKER.slug).executeTakeFirstOrThrow()).id;
  const csrf = csrfOf((await staff.get(`/verwaltung/beteiligung/${id}`)).body);
  const fixture = readFileSync(rootPath("src", "modules", "participation", "xplan", "fixtures", "BP_lines_points_holes.gml"));
  const ok = await upload(ta.app, staff, `/verwaltung/beteiligung/${id}/plan`, csrf, fixture);
  assert.equal(ok.statusCode, 303);
  assert.doesNotMatch((await staff.get(String(ok.headers.location))).body, /Hinweise der Geometrieprüfung/);

  const geo = await ta.app.inject({ url: `/api/v1/participation/procedures/${MUEHLACKER.slug}/plan` });
  assert.equal(geo.statusCode, 200);
  const fc = geo.json() as { features: Array<{ properties: { role: string; featureType: string }; geometry: { type: string; coordinates: unknown } }> };
  assert.deepEqual(fc.features.map((f) => [f.properties.role, f.properties.featureType, f.geometry.type]), [
    ["area", "BP_Plan", "MultiPolygon"],
    ["landUse", "BP_BaugebietsTeilFlaeche", "MultiPolygon"],
    ["landUse", "BP_BauGrenze", "MultiLineString"],
    ["landUse", "BP_AnpflanzungBindungErhaltung", "MultiPoint"],
  ]);
  // Holes as further rings of their polygon, in the area and in the land-use area.
  assert.equal((fc.features[0]!.geometry.coordinates as number[][][][])[0]!.length, 2);
  assert.equal((fc.features[1]!.geometry.coordinates as number[][][][])[0]!.length, 2);
  assert.equal((fc.features[2]!.geometry.coordinates as number[][][])[0]!.length, 3);
  const [lon, lat] = (fc.features[3]!.geometry.coordinates as number[][])[0]!;
  assert.ok(lon! > 8.8 && lon! < 8.85 && lat! > 48.97 && lat! < 48.99, `${lon} ${lat}`);

  // The public list names the line and the point in words (catalogue), under a heading for all kinds of content.
  const pubPage = (await new Client(ta.app).get(`/beteiligung/${MUEHLACKER.slug}`)).body;
  const list = /<h3[^>]*>Festsetzungen im Plan<\/h3>\s*<ul class="kern-list">([^]*?)<\/ul>/.exec(pubPage)?.[1];
  assert.ok(list, "heading and list");
  // The building area's allgArtDerBaulNutzung 1000 is a Wohnbaufläche (its own code list), not a Kleinsiedlungsgebiet.
  assert.deepEqual([...list.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]), ["Wohnbaufläche (Baugebiet)", "Baugrenze", "Einzelbaum (anpflanzen oder erhalten)"]);
  assert.doesNotMatch(pubPage, /Kleinsiedlungsgebiet/);
  assert.doesNotMatch(pubPage, /Flächen im Plan|BP_BauGrenze|BP_AnpflanzungBindungErhaltung/);
  const enPage = (await ta.app.inject({ url: `/beteiligung/${MUEHLACKER.slug}`, headers: { cookie: "kp_lang=en" } })).body;
  assert.match(enPage, /Provisions of the plan \(Festsetzungen\)/);
  assert.match(enPage, /<li>Building boundary \(Baugrenze\)<\/li>/);
  // The map's labels (the API's label, in the reader's language) are the names of the list.
  const labelled = (r: { json(): unknown }) => (r.json() as { features: Array<{ properties: { role: string; label: string } }> }).features.map((f) => f.properties.label);
  assert.deepEqual(labelled(geo), ["Räumlicher Geltungsbereich", "Wohnbaufläche (Baugebiet)", "Baugrenze", "Einzelbaum (anpflanzen oder erhalten)"]);
  const enGeo = await ta.app.inject({ url: `/api/v1/participation/procedures/${MUEHLACKER.slug}/plan`, headers: { cookie: "kp_lang=en" } });
  assert.deepEqual(labelled(enGeo).slice(2), ["Building boundary (Baugrenze)", "Single tree (to plant or to keep)"]);
  for (const l of labelled(enGeo).slice(1)) assert.ok(enPage.includes(`<li>${l}</li>`), l);

  // A point in the hole of the plan's area is not in the plan area (the statement form refuses it).
  const hole = (fc.features[0]!.geometry.coordinates as number[][][][])[0]![1]!;
  const inHole = { lat: (hole[0]![1]! + hole[2]![1]!) / 2, lon: (hole[0]![0]! + hole[2]![0]!) / 2 };
  const c = new Client(ta.app);
  const form = `/beteiligung/${MUEHLACKER.slug}/stellungnahme`;
  const refused = await c.submit(form, form, { text: "Ein Punkt im Loch des Plangebiets.", name: "Eva Muster", strasse: "Weg 1", plz: "75417", ort: "Mühlacker", breite: inHole.lat.toFixed(6).replace(".", ","), laenge: inHole.lon.toFixed(6).replace(".", ",") });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Der Punkt liegt nicht im Plangebiet/);

  // Migration 0089 on plans stored before useAttribute: the attribute is taken where the document decides it (this
  // fixture has only allgArtDerBaulNutzung; 1500 is only a besondere code), else the code is left unnamed.
  const strip = sql`UPDATE participation_plans SET land_uses = (SELECT jsonb_agg(e.lu - 'useAttribute' ORDER BY e.ord) FROM jsonb_array_elements(land_uses) WITH ORDINALITY AS e(lu, ord)) WHERE procedure_id = ${id}`;
  const migration = sql.raw(readFileSync(rootPath("migrations", "0089_participation_plan_use_attribute.sql"), "utf8"));
  const stored = async () => {
    const r = await ta.db.selectFrom("participation_plans").select("land_uses").where("procedure_id", "=", id).executeTakeFirstOrThrow();
    return (r.land_uses as Array<{ use: string | null; useAttribute?: string | null }>).map((l) => [l.use, l.useAttribute]);
  };
  await strip.execute(ta.db);
  assert.doesNotMatch((await c.get(`/beteiligung/${MUEHLACKER.slug}`)).body, /Wohnbaufläche|Kleinsiedlungsgebiet/, "an unknown attribute is not guessed");
  await migration.execute(ta.db);
  assert.deepEqual(await stored(), [["1000", "allgArtDerBaulNutzung"], [null, null], [null, null]]);
  assert.match((await c.get(`/beteiligung/${MUEHLACKER.slug}`)).body, /<li>Wohnbaufläche \(Baugebiet\)<\/li>/);
  // Both attributes in the document: a code of both lists stays unnamed, a code only of the besondere list is named.
  await strip.execute(ta.db);
  await sql`UPDATE participation_plans SET gml = gml || '<!-- besondereArtDerBaulNutzung -->' WHERE procedure_id = ${id}`.execute(ta.db);
  await migration.execute(ta.db);
  assert.deepEqual(await stored(), [["1000", undefined], [null, null], [null, null]]);
  await sql`UPDATE participation_plans SET land_uses = jsonb_set(land_uses, '{0,use}', '"1500"') - 0 || jsonb_build_array(jsonb_set(land_uses->0, '{use}', '"1500"') - 'useAttribute') WHERE procedure_id = ${id}`.execute(ta.db);
  await migration.execute(ta.db);
  assert.deepEqual((await stored()).at(-1), ["1500", "besondereArtDerBaulNutzung"]);
});
