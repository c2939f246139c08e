/**
 * Issue 3, item 5: editors maintain explicit responsibilities and the rules' switch and note in the
 * back office; every write is audited and bumps catalog_version, so the finder and the search on
 * every app node follow.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, signedIn, upsertCatalogService } from "../helpers.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import type { Db } from "../../src/platform/db/index.js";
import { findResponsible, importOffices } from "../../src/modules/responsibility/index.js";
import { responsibilityCreator } from "../../src/modules/responsibility/commands/responsibilityCreator.js";

const DOG_TAX = "99102013000000";
const HOUSING_BENEFIT = "99107023000000";
const MUEHLACKER = "08236040";
const MUEHLACKER_ARS = "082365004040";
const ISPRINGEN = "08236030";
const STUTTGART = "08111000";

const catalogVersion = async (db: Db) => Number((await db.selectFrom("catalog_version").select("version").executeTakeFirstOrThrow()).version);
const unitId = async (db: Db, key: string) => (await db.selectFrom("org_units").select("id").where("key", "=", key).executeTakeFirstOrThrow()).id;
const unitKeyOf = async (db: Db, id: string | undefined) => (id ? (await db.selectFrom("org_units").select("key").where("id", "=", id).executeTakeFirst())?.key : undefined);

async function seedServices(db: Db) {
  for (const [key, name, category, dept] of [
    [DOG_TAX, "Hundesteuer", "municipal", null],
    [HOUSING_BENEFIT, "Wohngeld", "lower_admin_authority", "wohngeld"],
  ] as const) {
    await upsertCatalogService(db, { leikaKey: key, name, taskCategory: category, department: dept });
  }
}

const api = async (app: FastifyInstance, url: string) => {
  const res = await app.inject({ method: "GET", url });
  assert.equal(res.statusCode, 200, url);
  return res.json();
};

/** The responsible office's name for the dog tax in Mühlacker, as the service API and the search API show it. */
async function shownForDogTax(app: FastifyInstance): Promise<{ service: string; search: string }> {
  const service = (await api(app, `/api/v1/services/${DOG_TAX}?ags=${MUEHLACKER}`)) as { responsible?: { name: string } };
  const search = (await api(app, `/api/v1/search?q=hundesteuer&ags=${MUEHLACKER}&limit=10`)) as { results: Array<{ leikaKey?: string; responsible?: { name: string } }> };
  const hit = search.results.find((r) => r.leikaKey === DOG_TAX);
  assert.ok(hit, `dog tax among the results: ${JSON.stringify(search.results.map((r) => r.leikaKey))}`);
  return { service: service.responsible?.name ?? "", search: hit.responsible?.name ?? "" };
}

test("explicit responsibilities: access, create → finder/service API/search, bad input keeps input, delete restores the rule, audit, second node", async (t) => {
  const first = await buildTestApp(t);
  const { app, db } = first;
  await seedServices(db);
  const paths = ["/verwaltung/zustaendigkeiten", "/verwaltung/zustaendigkeiten/neu"];

  // Anonymous → login; citizen and plain staff member → 403 (pages and writes).
  const anon = new Client(app);
  for (const p of paths) {
    const r = await anon.get(p);
    assert.equal(r.statusCode, 303, p);
    assert.match(String(r.headers.location), /^\/anmelden\?next=/);
  }
  const citizen = await signedIn(app, db, { email: "c@example.org", kind: "citizen" });
  const member = await signedIn(app, db, { email: "m@lra.example", kind: "staff", roles: ["member"] });
  for (const p of paths) {
    assert.equal((await citizen.get(p)).statusCode, 403, p);
    assert.equal((await member.get(p)).statusCode, 403, p);
  }
  const zentrale = await unitId(db, "lra-08236-zentrale");
  const attempt = { leikaKey: DOG_TAX, area: MUEHLACKER, officeId: zentrale };
  assert.equal((await citizen.submit("/konto", "/verwaltung/zustaendigkeiten", attempt)).statusCode, 403);
  assert.equal((await member.submit("/konto", "/verwaltung/zustaendigkeiten", attempt)).statusCode, 403);
  assert.equal((await db.selectFrom("responsibilities").select("leika_key").execute()).length, 0);
  // A staff member may read the rule overview, without edit links.
  const memberRules = await member.get("/verwaltung/zustaendigkeitsregeln");
  assert.equal(memberRules.statusCode, 200);
  assert.doesNotMatch(memberRules.body, /href="\/verwaltung\/zustaendigkeitsregeln\/[0-9a-f-]{36}"/);
  assert.equal((await citizen.get("/verwaltung/zustaendigkeitsregeln")).statusCode, 403);

  // The rule decides first: the town of Mühlacker. A second node reads it too (and caches it).
  const townKey = `gem-${MUEHLACKER}`;
  assert.equal(await unitKeyOf(db, (await findResponsible(db, DOG_TAX, MUEHLACKER))?.office.id), townKey);
  const before = await shownForDogTax(app);
  assert.match(before.service, /Mühlacker/);
  assert.match(before.search, /Mühlacker/);
  // (buildTestApp re-runs the catalogue import, which resets the test's task categories: seed again.)
  const second = await buildTestApp(t, { DATABASE_URL: first.databaseUrl });
  await seedServices(db);
  assert.match((await shownForDogTax(second.app)).service, /Mühlacker/);

  const editor = await signedIn(app, db, { email: "e@lra.example", kind: "staff", roles: ["editor"] });
  for (const p of paths) assert.equal((await editor.get(p)).statusCode, 200, p);
  // The editors' back office links here.
  assert.match((await editor.get("/verwaltung/leistungen")).body, /href="\/verwaltung\/zustaendigkeiten"/);
  assert.match((await editor.get(`/verwaltung/leistungen/${DOG_TAX}`)).body, new RegExp(`href="/verwaltung/zustaendigkeiten\\?leistung=${DOG_TAX}"`));
  const form = await editor.get(`/verwaltung/zustaendigkeiten/neu?leistung=${DOG_TAX}`);
  assert.match(form.body, new RegExp(`name="leikaKey" value="${DOG_TAX}"`));
  assert.match(form.body, /<option value="08236">Enzkreis \(08236\)<\/option>/);
  assert.match(form.body, /<option value="08236040">Mühlacker<\/option>/);
  assert.match(form.body, new RegExp(`<option value="${zentrale}">Landratsamt Enzkreis – `));

  // Bad input: 422, German messages inline and in the summary, input kept, nothing written.
  const cv0 = await catalogVersion(db);
  const bad = await editor.submit("/verwaltung/zustaendigkeiten/neu", "/verwaltung/zustaendigkeiten", { leikaKey: "99999999999999", area: STUTTGART, officeId: "00000000-0000-4000-8000-000000000000" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);
  assert.match(bad.body, /Zu diesem LeiKa-Schlüssel gibt es keine Leistung im Katalog/);
  assert.match(bad.body, /Bitte wählen Sie eine Gemeinde des Kreises oder den ganzen Kreis/);
  assert.match(bad.body, /Bitte wählen Sie eine der angebotenen Stellen/);
  assert.match(bad.body, /name="leikaKey" value="99999999999999"/);
  assert.match(bad.body, /aria-invalid="true"/);
  const malformed = await editor.submit("/verwaltung/zustaendigkeiten/neu", "/verwaltung/zustaendigkeiten", { leikaKey: "9910<script>", area: MUEHLACKER, officeId: zentrale });
  assert.equal(malformed.statusCode, 422);
  assert.match(malformed.body, /LeiKa-Schlüssel mit 14 Ziffern/);
  assert.doesNotMatch(malformed.body, /<script>/);
  // The valid choices stay selected.
  assert.match(malformed.body, /<option value="08236040" selected>Mühlacker<\/option>/);
  assert.match(malformed.body, new RegExp(`<option value="${zentrale}" selected>`));
  assert.equal(await catalogVersion(db), cv0);
  assert.equal((await db.selectFrom("responsibilities").select("leika_key").execute()).length, 0);

  // Create: dog tax in Mühlacker → Landratsamt Zentrale.
  const created = await editor.submit("/verwaltung/zustaendigkeiten/neu", "/verwaltung/zustaendigkeiten", attempt);
  assert.equal(created.statusCode, 303);
  assert.match(String(created.headers.location), /^\/verwaltung\/zustaendigkeiten\?leistung=99102013000000&ok=angelegt$/);
  assert.equal(await catalogVersion(db), cv0 + 1);
  const row = await sql<{ id: string; area_ars: string; org_unit_id: string; role: string }>`SELECT id, area_ars, org_unit_id, role FROM responsibilities WHERE leika_key = ${DOG_TAX}`.execute(db);
  assert.equal(row.rows.length, 1);
  assert.deepEqual({ area: row.rows[0]!.area_ars, unit: row.rows[0]!.org_unit_id, role: row.rows[0]!.role }, { area: MUEHLACKER_ARS, unit: zentrale, role: "zustaendig" });
  const id = row.rows[0]!.id;
  const zentraleName = (await db.selectFrom("org_units").select("name").where("id", "=", zentrale).executeTakeFirstOrThrow()).name;

  const answer = await findResponsible(db, DOG_TAX, MUEHLACKER);
  assert.equal(answer?.office.id, zentrale);
  assert.equal(answer?.ruleSource, "Zuständigkeitseintrag");
  const shown = await shownForDogTax(app);
  assert.match(shown.service, new RegExp(zentraleName));
  assert.match(shown.search, new RegExp(zentraleName));
  // Only Mühlacker.
  assert.equal(await unitKeyOf(db, (await findResponsible(db, DOG_TAX, ISPRINGEN))?.office.id), `gem-${ISPRINGEN}`);
  // The second node on the same database sees it at once.
  assert.deepEqual(await shownForDogTax(second.app), shown);

  // Listed (filter by service and by municipality), and on the rule overview.
  const list = await editor.get(`/verwaltung/zustaendigkeiten?leistung=${DOG_TAX}&ok=angelegt`);
  assert.match(list.body, /Die Zuständigkeit wurde angelegt/);
  assert.match(list.body, new RegExp(`href="/verwaltung/zustaendigkeiten/${id}/loeschen"`));
  assert.match((await editor.get(`/verwaltung/zustaendigkeiten?gemeinde=${MUEHLACKER}`)).body, new RegExp(id));
  assert.doesNotMatch((await editor.get(`/verwaltung/zustaendigkeiten?gemeinde=${ISPRINGEN}`)).body, new RegExp(id));
  assert.match((await editor.get("/verwaltung/zustaendigkeiten?leistung=hundesteuer")).body, new RegExp(id));
  assert.doesNotMatch((await editor.get("/verwaltung/zustaendigkeiten?leistung=Wohngeld")).body, new RegExp(id));
  const overview = await member.get("/verwaltung/zustaendigkeitsregeln");
  assert.match(overview.body, /Ausdrückliche Zuständigkeiten/);
  assert.match(overview.body, /Hundesteuer/);
  assert.doesNotMatch(overview.body, /loeschen/);

  // The same again: refused, nothing written.
  const twice = await editor.submit("/verwaltung/zustaendigkeiten/neu", "/verwaltung/zustaendigkeiten", attempt);
  assert.equal(twice.statusCode, 409);
  assert.match(twice.body, /gibt es schon eine ausdrückliche Zuständigkeit/);
  assert.equal(await catalogVersion(db), cv0 + 1);

  // A Kreis-wide entry for another service.
  const kreisWide = await editor.submit("/verwaltung/zustaendigkeiten/neu", "/verwaltung/zustaendigkeiten", { leikaKey: HOUSING_BENEFIT, area: "08236", officeId: zentrale });
  assert.equal(kreisWide.statusCode, 303);
  assert.equal((await findResponsible(db, HOUSING_BENEFIT, ISPRINGEN))?.office.id, zentrale);
  assert.equal(await catalogVersion(db), cv0 + 2);

  // Delete: a confirmation page, then POST with CSRF; the rule decides again, on both nodes.
  const confirm = await editor.get(`/verwaltung/zustaendigkeiten/${id}/loeschen`);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Soll diese Zuständigkeit gelöscht werden/);
  assert.equal((await member.submit("/konto", `/verwaltung/zustaendigkeiten/${id}/loeschen`, {})).statusCode, 403);
  const noCsrf = await editor.post(`/verwaltung/zustaendigkeiten/${id}/loeschen`, {});
  assert.equal(noCsrf.statusCode, 403);
  const deleted = await editor.submit(`/verwaltung/zustaendigkeiten/${id}/loeschen`, `/verwaltung/zustaendigkeiten/${id}/loeschen`, {});
  assert.equal(deleted.statusCode, 303);
  assert.equal(await catalogVersion(db), cv0 + 3);
  assert.equal(await unitKeyOf(db, (await findResponsible(db, DOG_TAX, MUEHLACKER))?.office.id), townKey);
  assert.deepEqual(await shownForDogTax(app), before);
  assert.deepEqual(await shownForDogTax(second.app), before);
  assert.equal((await editor.get(`/verwaltung/zustaendigkeiten/${id}/loeschen`)).statusCode, 404);
  assert.equal((await editor.submit("/verwaltung/zustaendigkeiten", `/verwaltung/zustaendigkeiten/${id}/loeschen`, {})).statusCode, 404);

  // Audit trail: who, what, in the chain.
  const audit = await db.selectFrom("audit_log").select(["action", "object_id", "actor_type", "details"]).where("action", "like", "responsibility.%").orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["responsibility.created", "responsibility.created", "responsibility.deleted"]);
  assert.equal(audit[0]!.object_id, id);
  assert.equal(audit[0]!.actor_type, "staff");
  assert.deepEqual((audit[2]!.details as { leikaKey: string; areaArs: string }).leikaKey, DOG_TAX);
  assert.ok((await verifyAuditChain(db)).ok);
});

test("rules: an editor switches a rule off and annotates it; the finder follows on every node; the import keeps the edit", async (t) => {
  const first = await buildTestApp(t);
  const { app, db, config } = first;
  const second = await buildTestApp(t, { DATABASE_URL: first.databaseUrl });
  await seedServices(db);

  // Housing benefit in Mühlacker (Große Kreisstadt, lower administrative authority): the town.
  const townKey = `gem-${MUEHLACKER}`;
  assert.equal(await unitKeyOf(db, (await findResponsible(db, HOUSING_BENEFIT, MUEHLACKER))?.office.id), townKey);
  assert.equal(await unitKeyOf(db, (await findResponsible(second.db, HOUSING_BENEFIT, MUEHLACKER))?.office.id), townKey);

  const rule = await sql<{ id: string }>`SELECT id FROM responsibility_rules WHERE key = 'lower_admin_authority.grosse_kreisstadt'`.execute(db);
  const ruleId = rule.rows[0]!.id;
  const member = await signedIn(app, db, { email: "m@lra.example", kind: "staff", roles: ["member"] });
  assert.equal((await member.get(`/verwaltung/zustaendigkeitsregeln/${ruleId}`)).statusCode, 403);
  assert.equal((await new Client(app).get(`/verwaltung/zustaendigkeitsregeln/${ruleId}`)).statusCode, 303);

  const editor = await signedIn(app, db, { email: "e@lra.example", kind: "staff", roles: ["editor"] });
  const overview = await editor.get("/verwaltung/zustaendigkeitsregeln");
  assert.match(overview.body, new RegExp(`href="/verwaltung/zustaendigkeitsregeln/${ruleId}"`));
  assert.match(overview.body, /href="\/verwaltung\/zustaendigkeiten"/);
  const page = await editor.get(`/verwaltung/zustaendigkeitsregeln/${ruleId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /§ 15 Abs. 1 Nr. 1, § 19 Abs. 1 LVG BW/, "legal source shown");
  assert.match(page.body, /name="active" value="1" checked/);
  const updatedAt = /name="updatedAt" value="([^"]+)"/.exec(page.body)![1]!;

  // Too long a note: 422, the typed note kept, nothing written.
  const cv0 = await catalogVersion(db);
  const long = await editor.submit(`/verwaltung/zustaendigkeitsregeln/${ruleId}`, `/verwaltung/zustaendigkeitsregeln/${ruleId}`, { updatedAt, note: "x".repeat(1001) });
  assert.equal(long.statusCode, 422);
  assert.match(long.body, /kp-error-summary/);
  assert.match(long.body, /x{1001}/);
  assert.equal(await catalogVersion(db), cv0);

  // Switch off (no "active" field = unticked checkbox) with a note.
  const off = await editor.submit(`/verwaltung/zustaendigkeitsregeln/${ruleId}`, `/verwaltung/zustaendigkeitsregeln/${ruleId}`, { updatedAt, note: "Test: Wohngeld macht hier das Landratsamt." });
  assert.equal(off.statusCode, 303);
  assert.equal(await catalogVersion(db), cv0 + 1);
  const stored = await sql<{ active: boolean; note: string; edited_by_staff: boolean }>`SELECT active, note, edited_by_staff FROM responsibility_rules WHERE id = ${ruleId}`.execute(db);
  assert.deepEqual(stored.rows[0], { active: false, note: "Test: Wohngeld macht hier das Landratsamt.", edited_by_staff: true });
  // The finder's answer changes on this node and on the other one (its cache follows catalog_version).
  assert.equal(await unitKeyOf(db, (await findResponsible(db, HOUSING_BENEFIT, MUEHLACKER))?.office.id), "lra-08236-wohngeld");
  assert.equal(await unitKeyOf(db, (await findResponsible(second.db, HOUSING_BENEFIT, MUEHLACKER))?.office.id), "lra-08236-wohngeld");
  const viaApi = (await api(second.app, `/api/v1/services/${HOUSING_BENEFIT}?ags=${MUEHLACKER}`)) as { responsible?: { name: string } };
  assert.match(viaApi.responsible?.name ?? "", /Wohngeld/);
  const shown = await editor.get("/verwaltung/zustaendigkeitsregeln");
  assert.match(shown.body, /Test: Wohngeld macht hier das Landratsamt\./);
  assert.match(shown.body, /abgeschaltet, von der Redaktion geändert/);

  // A stale form (old updatedAt) is refused with 409 and keeps the input.
  const stale = await editor.submit(`/verwaltung/zustaendigkeitsregeln/${ruleId}`, `/verwaltung/zustaendigkeitsregeln/${ruleId}`, { updatedAt, active: "1", note: "veralteter Entwurf" });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /inzwischen geändert/);
  assert.match(stale.body, /veralteter Entwurf/);
  assert.equal(await catalogVersion(db), cv0 + 1);

  // A re-import of the rule files keeps the staff edit (switch and note), and still updates other rules.
  await sql`UPDATE responsibility_rules SET note = 'wird vom Import zurückgesetzt' WHERE key = 'municipal.default'`.execute(db);
  await sql`DELETE FROM master_data_versions WHERE dataset = 'offices'`.execute(db);
  const reimport = await importOffices(db, config);
  assert.equal(reimport.imported, true);
  const after = await sql<{ active: boolean; note: string | null }>`SELECT active, note FROM responsibility_rules WHERE id = ${ruleId}`.execute(db);
  assert.deepEqual(after.rows[0], { active: false, note: "Test: Wohngeld macht hier das Landratsamt." });
  const untouched = await sql<{ note: string | null }>`SELECT note FROM responsibility_rules WHERE key = 'municipal.default'`.execute(db);
  assert.notEqual(untouched.rows[0]!.note, "wird vom Import zurückgesetzt");
  assert.equal(await unitKeyOf(db, (await findResponsible(db, HOUSING_BENEFIT, MUEHLACKER))?.office.id), "lra-08236-wohngeld");

  // Switch on again: the town again, on both nodes.
  const fresh = /name="updatedAt" value="([^"]+)"/.exec((await editor.get(`/verwaltung/zustaendigkeitsregeln/${ruleId}`)).body)![1]!;
  assert.equal((await editor.submit(`/verwaltung/zustaendigkeitsregeln/${ruleId}`, `/verwaltung/zustaendigkeitsregeln/${ruleId}`, { updatedAt: fresh, active: "1", note: "" })).statusCode, 303);
  assert.equal(await unitKeyOf(db, (await findResponsible(db, HOUSING_BENEFIT, MUEHLACKER))?.office.id), townKey);
  assert.equal(await unitKeyOf(db, (await findResponsible(second.db, HOUSING_BENEFIT, MUEHLACKER))?.office.id), townKey);
  // Saving unchanged writes nothing.
  const cv = await catalogVersion(db);
  const same = /name="updatedAt" value="([^"]+)"/.exec((await editor.get(`/verwaltung/zustaendigkeitsregeln/${ruleId}`)).body)![1]!;
  assert.equal((await editor.submit(`/verwaltung/zustaendigkeitsregeln/${ruleId}`, `/verwaltung/zustaendigkeitsregeln/${ruleId}`, { updatedAt: same, active: "1", note: "" })).statusCode, 303);
  assert.equal(await catalogVersion(db), cv);

  const audit = await db.selectFrom("audit_log").select(["action", "object_id", "details"]).where("action", "like", "responsibility_rule.%").orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["responsibility_rule.toggled", "responsibility_rule.toggled"]);
  assert.equal(audit[0]!.object_id, ruleId);
  assert.deepEqual([(audit[0]!.details as { active: boolean }).active, (audit[1]!.details as { active: boolean }).active], [false, true]);
  assert.equal((await editor.get("/verwaltung/zustaendigkeitsregeln/00000000-0000-4000-8000-000000000000")).statusCode, 404);
  assert.equal((await editor.get("/verwaltung/zustaendigkeitsregeln/kaputt")).statusCode, 404);
  assert.ok((await verifyAuditChain(db)).ok);
});

test("the command refuses an unknown service or office by the foreign keys (services are the catalogue's): nothing written", async (t) => {
  const { app, db } = await buildTestApp(t);
  await importOffices(db, app.deps.config);
  await seedServices(db);
  const zentrale = await unitId(db, "lra-08236-zentrale");
  const ctx = { actor: { type: "system" as const, id: null }, db };
  const cv0 = await catalogVersion(db);
  assert.deepEqual(await responsibilityCreator(ctx, { leikaKey: "99999999999999", areaArs: MUEHLACKER_ARS, orgUnitId: zentrale }), { ok: false, reason: "unknown_service" });
  assert.deepEqual(await responsibilityCreator(ctx, { leikaKey: DOG_TAX, areaArs: MUEHLACKER_ARS, orgUnitId: "00000000-0000-4000-8000-000000000000" }), { ok: false, reason: "unknown_office" });
  assert.deepEqual(await responsibilityCreator(ctx, { leikaKey: "99999999999999", areaArs: MUEHLACKER_ARS, orgUnitId: "00000000-0000-4000-8000-000000000000" }), { ok: false, reason: "unknown_service" });
  assert.equal(await catalogVersion(db), cv0);
  assert.equal((await db.selectFrom("responsibilities").select("leika_key").execute()).length, 0);
  const ok = await responsibilityCreator(ctx, { leikaKey: DOG_TAX, areaArs: MUEHLACKER_ARS, orgUnitId: zentrale });
  assert.equal(ok.ok, true);
});
