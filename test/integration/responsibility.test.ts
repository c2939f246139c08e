/**
 * Responsibility finder (issue 3, item 2): (service, municipality) → office, from the rules in
 * data/offices and explicit responsibilities rows. The services are written here with the task
 * category and department the content files use, so the table does not depend on content.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { buildTestApp, Client, createTestDatabase, upsertCatalogService } from "../helpers.js";
import { hashPassword } from "../../src/platform/auth/password.js";
import { importMasterData } from "../../src/modules/geo/index.js";
import { ensureMunicipalAuthorities } from "../../src/modules/responsibility/index.js";
import type { Db } from "../../src/platform/db/index.js";
import { findResponsible, findResponsibleMany, importOffices } from "../../src/modules/responsibility/index.js";
import { municipalityOfPostcode } from "../../src/modules/geo/index.js";
import { homeMunicipality } from "../../src/modules/accounts/index.js";

const DOG_TAX = "99102013000000";
const DRIVING_LICENCE = "99023002000000";
const HOUSING_BENEFIT = "99107023000000";
const BUILDING_PERMIT = "99012008000000";
const PARENTAL_ALLOWANCE = "99041006000000";
const INFECTION_BRIEFING = "99003002000000";
const DISABILITY_CARD = "99015007000000";

const MUEHLACKER = "08236040"; // Große Kreisstadt, VVG der Stadt Mühlacker
const OETISHEIM = "08236050"; // member of the VVG der Stadt Mühlacker
const ISPRINGEN = "08236030"; // small municipality, no association
const BIRKENFELD = "08236004"; // own untere Baurechtsbehörde
const NEUENBUERG = "08236043"; // own untere Baurechtsbehörde (the town, not its VVG)
const ENGELSBRAND = "08236013"; // VVG der Stadt Neuenbürg, building permits at the Landratsamt
const PFORZHEIM = "08231000"; // Stadtkreis
const STUTTGART = "08111000"; // outside the portal

async function seedServices(db: Db) {
  const services: Array<[string, string, string, string | null]> = [
    [DOG_TAX, "Hundesteuer", "municipal", null],
    [DRIVING_LICENCE, "Fahrerlaubnis", "county", "fuehrerschein"],
    [HOUSING_BENEFIT, "Wohngeld", "lower_admin_authority", "wohngeld"],
    [BUILDING_PERMIT, "Baugenehmigung", "lower_building_authority", "baurecht"],
    [PARENTAL_ALLOWANCE, "Elterngeld", "state", null],
    [INFECTION_BRIEFING, "Belehrung nach dem Infektionsschutzgesetz", "county", "gesundheit"],
    [DISABILITY_CARD, "Schwerbehindertenausweis", "county", "versorgung"],
  ];
  for (const [key, name, category, dept] of services) {
    await upsertCatalogService(db, { leikaKey: key, name, taskCategory: category, department: dept });
  }
}

async function unitKeyOf(db: Db, id: string): Promise<string> {
  const row = await db.selectFrom("org_units").select("key").where("id", "=", id).executeTakeFirstOrThrow();
  return row.key;
}

async function bumpVersion(db: Db) {
  await sql`UPDATE catalog_version SET version = version + 1`.execute(db);
}

test("responsibility finder: rules table", async (t) => {
  const { db } = await buildTestApp(t);
  await seedServices(db);

  const cases: Array<{ what: string; leika: string; ags: string; key: string | undefined; level?: string; name?: RegExp }> = [
    { what: "dog tax in Mühlacker → the town", leika: DOG_TAX, ags: MUEHLACKER, key: `gem-${MUEHLACKER}`, level: "municipality", name: /(Stadtverwaltung|Bürgermeisteramt) Mühlacker/ },
    { what: "dog tax in Ispringen → the municipality", leika: DOG_TAX, ags: ISPRINGEN, key: `gem-${ISPRINGEN}`, level: "municipality" },
    { what: "dog tax in Pforzheim → the city", leika: DOG_TAX, ags: PFORZHEIM, key: `gem-${PFORZHEIM}`, level: "city", name: /Pforzheim/ },
    { what: "driving licence in Mühlacker → Landratsamt Führerscheinstelle (county task, also for a Große Kreisstadt)", leika: DRIVING_LICENCE, ags: MUEHLACKER, key: "lra-08236-fuehrerschein", level: "county", name: /Führerscheinstelle/ },
    { what: "driving licence in Ispringen → Landratsamt", leika: DRIVING_LICENCE, ags: ISPRINGEN, key: "lra-08236-fuehrerschein", level: "county" },
    { what: "driving licence in Pforzheim → Stadt Pforzheim", leika: DRIVING_LICENCE, ags: PFORZHEIM, key: `gem-${PFORZHEIM}-fuehrerschein`, level: "city" },
    { what: "housing benefit in Mühlacker (Große Kreisstadt, lower admin authority) → the town", leika: HOUSING_BENEFIT, ags: MUEHLACKER, key: `gem-${MUEHLACKER}`, level: "municipality" },
    { what: "housing benefit in Ispringen → Landratsamt Wohngeldstelle", leika: HOUSING_BENEFIT, ags: ISPRINGEN, key: "lra-08236-wohngeld", level: "county" },
    { what: "housing benefit in Ötisheim (VVG not declared lower admin authority) → Landratsamt", leika: HOUSING_BENEFIT, ags: OETISHEIM, key: "lra-08236-wohngeld", level: "county" },
    { what: "housing benefit in Pforzheim → the city's Wohngeldstelle", leika: HOUSING_BENEFIT, ags: PFORZHEIM, key: `gem-${PFORZHEIM}-wohngeld`, level: "city" },
    { what: "building permit in Mühlacker → the town (untere Baurechtsbehörde)", leika: BUILDING_PERMIT, ags: MUEHLACKER, key: `gem-${MUEHLACKER}`, level: "municipality" },
    { what: "building permit in Ispringen → Landratsamt Baurechtsamt", leika: BUILDING_PERMIT, ags: ISPRINGEN, key: "lra-08236-baurecht", level: "county", name: /Baurecht/ },
    { what: "building permit in Birkenfeld → Birkenfeld (designated)", leika: BUILDING_PERMIT, ags: BIRKENFELD, key: `gem-${BIRKENFELD}`, level: "municipality" },
    { what: "building permit in Neuenbürg → Neuenbürg (designated)", leika: BUILDING_PERMIT, ags: NEUENBUERG, key: `gem-${NEUENBUERG}` },
    { what: "building permit in Engelsbrand (VVG Neuenbürg) → Landratsamt", leika: BUILDING_PERMIT, ags: ENGELSBRAND, key: "lra-08236-baurecht" },
    { what: "building permit in Pforzheim → the city's Baurechtsbehörde", leika: BUILDING_PERMIT, ags: PFORZHEIM, key: `gem-${PFORZHEIM}-baurecht`, level: "city" },
    { what: "parental allowance in Mühlacker → L-Bank (state)", leika: PARENTAL_ALLOWANCE, ags: MUEHLACKER, key: "land-08-lbank", level: "state", name: /L-Bank/ },
    { what: "infection briefing in Pforzheim → Gesundheitsamt of the Enzkreis (joint health office)", leika: INFECTION_BRIEFING, ags: PFORZHEIM, key: "lra-08236-gesundheit", level: "county" },
    { what: "infection briefing in Mühlacker → Gesundheitsamt", leika: INFECTION_BRIEFING, ags: MUEHLACKER, key: "lra-08236-gesundheit" },
    { what: "disability card in Neuenbürg → Versorgungsamt at the Landratsamt", leika: DISABILITY_CARD, ags: NEUENBUERG, key: "lra-08236-versorgung" },
    { what: "unknown AGS → nothing", leika: DOG_TAX, ags: "08236999", key: undefined },
    { what: "municipality outside the portal → nothing", leika: DRIVING_LICENCE, ags: STUTTGART, key: undefined },
    { what: "unknown LeiKa key → nothing", leika: "99999999999999", ags: MUEHLACKER, key: undefined },
    { what: "malformed AGS → nothing", leika: DOG_TAX, ags: "0823604'", key: undefined },
  ];
  for (const c of cases) {
    const r = await findResponsible(db, c.leika, c.ags);
    if (c.key === undefined) {
      assert.equal(r, undefined, c.what);
      continue;
    }
    assert.ok(r, `${c.what}: no answer`);
    assert.equal(await unitKeyOf(db, r.office.id), c.key, c.what);
    if (c.level) assert.equal(r.level, c.level, c.what);
    if (c.name) assert.match(r.office.name, c.name, c.what);
    assert.ok(r.ruleSource.length > 3, `${c.what}: rule source`);
    assert.equal(r.role, "zustaendig");
  }

  // A service without a task category takes the one of its service object (same LeiKa digits 1–8), marked unverified.
  const exemption = "99102013010000";
  await upsertCatalogService(db, { leikaKey: exemption, name: "Hundesteuer Befreiung", taskCategory: null });
  const inherited = await findResponsible(db, exemption, MUEHLACKER);
  assert.equal(await unitKeyOf(db, inherited!.office.id), `gem-${MUEHLACKER}`);
  assert.equal(inherited?.inheritedFrom, DOG_TAX);
  assert.equal(inherited?.certainty, "unverified");
  assert.equal((await findResponsible(db, DOG_TAX, MUEHLACKER))?.inheritedFrom, null);
  assert.equal((await findResponsible(db, DOG_TAX, MUEHLACKER))?.certainty, "verified");
  // Without a sibling that has a category there is no answer.
  await upsertCatalogService(db, { leikaKey: "99999998000000", name: "Ohne Aufgabenart", taskCategory: null });
  assert.equal(await findResponsible(db, "99999998000000", MUEHLACKER), undefined);

  // Office details come from data/offices.
  const lra = await findResponsible(db, DRIVING_LICENCE, ISPRINGEN);
  assert.equal(lra?.office.parentName, "Landratsamt Enzkreis");
  assert.equal(lra?.ars, "082360000000");
  assert.equal(lra?.areaArs, "082360030030");
  const county = await db.selectFrom("org_units").selectAll().where("key", "=", "lra-08236").executeTakeFirstOrThrow();
  assert.equal(county.name, "Landratsamt Enzkreis");
  assert.equal((county as unknown as { street: string }).street, "Zähringerallee 3");
  // Municipal authorities without a known street get the seat postcode from the master data.
  const isp = await findResponsible(db, DOG_TAX, ISPRINGEN);
  assert.equal(isp?.office.postcode, "75228");
  assert.equal(isp?.office.street, null);
});

test("responsibility finder: explicit responsibilities override rules; rule edits apply after a version bump", async (t) => {
  const { db } = await buildTestApp(t);
  await seedServices(db);
  const zentrale = await db.selectFrom("org_units").select("id").where("key", "=", "lra-08236-zentrale").executeTakeFirstOrThrow();

  // An explicit row for Mühlacker beats the municipal rule.
  await sql`INSERT INTO responsibilities (leika_key, area_ars, org_unit_id) VALUES (${DOG_TAX}, '082365004040', ${zentrale.id})`.execute(db);
  const overridden = await findResponsible(db, DOG_TAX, MUEHLACKER);
  assert.equal(overridden?.office.id, zentrale.id);
  assert.equal(overridden?.ruleSource, "Zuständigkeitseintrag");
  // … only for Mühlacker.
  assert.equal(await unitKeyOf(db, (await findResponsible(db, DOG_TAX, ISPRINGEN))!.office.id), `gem-${ISPRINGEN}`);

  // A Kreis-wide explicit row applies to every municipality; a municipality's row beats it.
  const muehlacker = await db.selectFrom("org_units").select("id").where("key", "=", `gem-${MUEHLACKER}`).executeTakeFirstOrThrow();
  await sql`INSERT INTO responsibilities (leika_key, area_ars, org_unit_id) VALUES (${DRIVING_LICENCE}, '08236', ${zentrale.id}),
            (${DRIVING_LICENCE}, '082365004040', ${muehlacker.id})`.execute(db);
  assert.equal((await findResponsible(db, DRIVING_LICENCE, ISPRINGEN))?.office.id, zentrale.id);
  assert.equal((await findResponsible(db, DRIVING_LICENCE, MUEHLACKER))?.office.id, muehlacker.id);

  // A staff rule (no key) for one municipality: the association's executing town does Wohngeld for Ötisheim.
  await sql`INSERT INTO responsibility_rules (task_category, area_ars, target, source) VALUES ('lower_admin_authority', '082365004050', 'association_authority', 'Test: § 17 LVG')`.execute(db);
  await bumpVersion(db);
  const assoc = await findResponsible(db, HOUSING_BENEFIT, OETISHEIM);
  assert.equal(await unitKeyOf(db, assoc!.office.id), `gem-${MUEHLACKER}`);
  assert.equal(assoc?.level, "association");
  assert.equal(assoc?.ruleSource, "Test: § 17 LVG");

  // Switching a seeded rule off: Mühlacker falls back to the Landratsamt for Wohngeld.
  await sql`UPDATE responsibility_rules SET active = false WHERE key = 'lower_admin_authority.grosse_kreisstadt'`.execute(db);
  await bumpVersion(db);
  assert.equal(await unitKeyOf(db, (await findResponsible(db, HOUSING_BENEFIT, MUEHLACKER))!.office.id), "lra-08236-wohngeld");

  // A re-import of unchanged files changes nothing and keeps the switched-off rule off.
  const again = await importOffices(db, { countyKey: "08236", partnerKeys: ["08231"] });
  assert.equal(again.imported, false);
  const rule = await sql<{ active: boolean }>`SELECT active FROM responsibility_rules WHERE key = 'lower_admin_authority.grosse_kreisstadt'`.execute(db);
  assert.equal(rule.rows[0]?.active, false);
});

test("responsibility finder: batch lookup and speed", async (t) => {
  const { db } = await buildTestApp(t);
  await seedServices(db);
  const many = await findResponsibleMany(db, [DOG_TAX, DRIVING_LICENCE, BUILDING_PERMIT, "99999999999999", "nonsense"], MUEHLACKER);
  assert.deepEqual([...many.keys()].sort(), [BUILDING_PERMIT, DOG_TAX, DRIVING_LICENCE].sort());
  assert.match(many.get(DRIVING_LICENCE)!.office.name, /Führerscheinstelle/);
  assert.equal((await findResponsibleMany(db, [DOG_TAX], STUTTGART)).size, 0);

});

test("responsibility API and office pages", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedServices(db);

  const ok = await app.inject({ method: "GET", url: `/api/v1/responsibility?leikaKey=${DOG_TAX}&ags=${MUEHLACKER}` });
  assert.equal(ok.statusCode, 200, ok.body);
  const body = ok.json();
  assert.match(body.office.name, /Mühlacker/);
  assert.equal(body.level, "municipality");
  assert.equal(body.office.url, `/stellen/${body.office.id}`);
  assert.equal(body.areaArs, "082365004040");

  const pf = await app.inject({ method: "GET", url: `/api/v1/responsibility?leikaKey=${DRIVING_LICENCE}&ags=${PFORZHEIM}` });
  assert.equal(pf.statusCode, 200);
  assert.match(pf.json().office.name, /Führerscheinstelle/);
  assert.equal(pf.json().office.parentName, "Stadtverwaltung Pforzheim");

  assert.equal((await app.inject({ method: "GET", url: `/api/v1/responsibility?leikaKey=${DOG_TAX}&ags=${STUTTGART}` })).statusCode, 404);
  assert.equal((await app.inject({ method: "GET", url: `/api/v1/responsibility?leikaKey=${DOG_TAX}&ags=abc` })).statusCode, 400);
  assert.equal((await app.inject({ method: "GET", url: `/api/v1/responsibility?ags=${MUEHLACKER}` })).statusCode, 400);
  assert.equal((await app.inject({ method: "GET", url: `/api/v1/responsibility?leikaKey=1%27%20OR%201=1&ags=${MUEHLACKER}` })).statusCode, 400);

  const list = await app.inject({ method: "GET", url: "/api/v1/offices" });
  assert.equal(list.statusCode, 200);
  const lraItem = list.json().items.find((i: { office: { name: string } }) => i.office.name === "Landratsamt Enzkreis");
  assert.ok(lraItem, "Landratsamt listed");
  assert.ok(lraItem.children.some((c: { name: string }) => /Kfz-Zulassungsstelle/.test(c.name)));

  const lra = await db.selectFrom("org_units").select("id").where("key", "=", "lra-08236").executeTakeFirstOrThrow();
  const page = await app.inject({ method: "GET", url: `/stellen/${lra.id}` });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Zähringerallee 3/);
  assert.match(page.body, /75177 Pforzheim/);
  assert.match(page.body, /Führerscheinstelle/);
  assert.match(page.body, /Öffnungszeiten/);
  const en = await app.inject({ method: "GET", url: `/stellen/${lra.id}`, headers: { "accept-language": "en" } });
  assert.match(en.body, /Opening hours/);

  const apiOffice = await app.inject({ method: "GET", url: `/api/v1/offices/${lra.id}` });
  assert.equal(apiOffice.statusCode, 200);
  assert.equal(apiOffice.json().office.street, "Zähringerallee 3");

  const listPage = await app.inject({ method: "GET", url: "/stellen" });
  assert.equal(listPage.statusCode, 200);
  assert.match(listPage.body, /Bürgermeisteramt Ispringen/);
  assert.match(listPage.body, /L-Bank/);

  assert.equal((await app.inject({ method: "GET", url: "/stellen/00000000-0000-4000-8000-000000000000" })).statusCode, 404);
  assert.equal((await app.inject({ method: "GET", url: "/stellen/%3Cscript%3E" })).statusCode, 404);
  assert.equal((await app.inject({ method: "GET", url: "/api/v1/offices/not-a-uuid" })).statusCode, 400);
});

test("any county key works: generic offices from the Destatis names (Hersfeld-Rotenburg, Hessen)", async (t) => {
  const { db } = await createTestDatabase(t);
  await importMasterData(db);
  const config = { countyKey: "06632", partnerKeys: [] };
  await ensureMunicipalAuthorities(db, config);
  const first = await importOffices(db, config);
  assert.equal(first.imported, true);
  await seedServices(db);
  const county = await db.selectFrom("org_units").select(["name", "kind"]).where("key", "=", "lra-06632").executeTakeFirstOrThrow();
  assert.deepEqual(county, { name: "Kreisverwaltung Landkreis Hersfeld-Rotenburg", kind: "county_authority" });
  const badHersfeld = (await db.selectFrom("areas").select("ags").where("level", "=", "gemeinde").where("short_name", "=", "Bad Hersfeld").executeTakeFirstOrThrow()).ags!;
  const licence = await findResponsible(db, DRIVING_LICENCE, badHersfeld);
  assert.equal(await unitKeyOf(db, licence!.office.id), "lra-06632-fuehrerschein");
  assert.equal(await unitKeyOf(db, (await findResponsible(db, DOG_TAX, badHersfeld))!.office.id), `gem-${badHersfeld}`);
  // BW-only rules do not apply in Hessen: no L-Bank, and the Enzkreis is not served here.
  assert.equal(await findResponsible(db, PARENTAL_ALLOWANCE, badHersfeld), undefined);
  assert.equal(await findResponsible(db, DOG_TAX, MUEHLACKER), undefined);
  // Idempotent.
  assert.equal((await importOffices(db, config)).imported, false);
});

test("the finder's routes are in the OpenAPI document under Zuständigkeit", async (t) => {
  const { app } = await buildTestApp(t);
  await app.ready();
  const spec = app.swagger() as { paths: Record<string, Record<string, { tags?: string[] }>> };
  for (const p of ["/api/v1/responsibility", "/api/v1/offices", "/api/v1/offices/{id}"]) {
    assert.deepEqual(spec.paths[p]?.get?.tags, ["Zuständigkeit"], p);
  }
});

test("the municipality of a citizen: from the account or a postcode within the served Kreise", async (t) => {
  const { db } = await buildTestApp(t);
  const user = await db.insertInto("users").values({ kind: "citizen", email: "wohnort@example.org", display_name: "Wohnort", password_hash: null, email_verified_at: null, home_ags: MUEHLACKER, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  assert.equal(await homeMunicipality(db, user.id), MUEHLACKER);
  assert.equal(await homeMunicipality(db, "00000000-0000-4000-8000-000000000000"), undefined);
  const served = ["08236", "08231"];
  assert.deepEqual(await municipalityOfPostcode(db, "75417", served), { ags: MUEHLACKER, ambiguous: false });
  assert.deepEqual(await municipalityOfPostcode(db, "75175", served), { ags: PFORZHEIM, ambiguous: false });
  assert.equal(await municipalityOfPostcode(db, "70173", served), undefined, "Stuttgart is not served");
  assert.equal(await municipalityOfPostcode(db, "7541'", served), undefined);
});

test("rules overview for staff: anonymous → login, citizen → 403, staff → 200 with sources", async (t) => {
  const { app, db } = await buildTestApp(t);
  const anon = await app.inject({ method: "GET", url: "/verwaltung/zustaendigkeitsregeln" });
  assert.equal(anon.statusCode, 303);
  assert.match(anon.headers.location as string, /^\/anmelden\?next=/);
  const login = async (email: string, kind: "citizen" | "staff") => {
    const password = "Ein-sehr-gutes-Passwort-2026";
    await db.insertInto("users").values({ kind, email, display_name: email, password_hash: await hashPassword(password), email_verified_at: new Date(), home_ags: null, disabled_at: null }).execute();
    const c = new Client(app);
    assert.equal((await c.submit("/anmelden", "/anmelden", { email, password })).statusCode, 303);
    return c;
  };
  const citizen = await login("buerger@example.org", "citizen");
  assert.equal((await citizen.get("/verwaltung/zustaendigkeitsregeln")).statusCode, 403);
  const staff = await login("sachbearbeitung@example.org", "staff");
  const page = await staff.get("/verwaltung/zustaendigkeitsregeln");
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /§ 46 Abs. 2 LBO BW/);
  assert.match(page.body, /Birkenfeld/);
  assert.match(page.body, /nicht geprüft/);
});
