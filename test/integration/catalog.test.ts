import { test } from "node:test";
import { sql } from "kysely";
import assert from "node:assert/strict";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { importCatalog } from "../../src/modules/catalog/index.js";
import type { Db } from "../../src/platform/db/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";

const PERSO = "99008001012000";
const FS_ERSATZ = "99023001036000";

/** Creates a user (staff with roles, or a citizen) and returns a signed-in client. */

const catalogVersion = async (db: Db) => Number((await db.selectFrom("catalog_version").select("version").executeTakeFirstOrThrow()).version);

test("import: all keyed LeiKa services, no junk rows, classification, content applied, idempotent", async (t) => {
  const { db } = await buildTestApp(t);
  const { n } = await db.selectFrom("services").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  assert.ok(Number(n) >= 4500, `${n} services`);
  const junk = await db.selectFrom("services").select("leika_key").where((eb) => eb.or([eb("name", "ilike", "%sdesf%"), eb(eb.fn("length", ["name"]), "<", 3)])).execute();
  assert.deepEqual(junk, []);
  const fs = await db.selectFrom("services").selectAll().where("leika_key", "=", "99023001012000").executeTakeFirstOrThrow();
  assert.equal(fs.service_object, "Führerschein");
  assert.equal(fs.activity, "Ausstellung");
  assert.ok(fs.ozg_id);
  const topics = await db.selectFrom("ozg_topics").select("id").execute();
  assert.equal(topics.length, 14);

  // Content files: the Personalausweis has fees, a task category and search terms.
  const perso = await db.selectFrom("services").selectAll().where("leika_key", "=", PERSO).executeTakeFirstOrThrow();
  assert.ok(perso.has_content);
  assert.match(perso.fees ?? "", /37,00 €/);
  assert.equal(perso.task_category, "municipal");
  assert.ok(perso.search_terms.length > 0);
  assert.ok(perso.popularity > 50);

  // The responsibility finder's copy of the catalogue facts (ADR 0052) matches the services and task categories.
  const projection = sql`SELECT count(*)::int AS n FROM (
      (SELECT leika_key, name, task_category, responsible_department, popularity FROM services
       EXCEPT SELECT leika_key, name, task_category, responsible_department, popularity FROM responsibility_service_facts)
      UNION ALL (SELECT leika_key, name, task_category, responsible_department, popularity FROM responsibility_service_facts
       EXCEPT SELECT leika_key, name, task_category, responsible_department, popularity FROM services)
      UNION ALL (SELECT key, name, legal_source, NULL, NULL::int FROM task_categories EXCEPT SELECT key, name, legal_source, NULL, NULL::int FROM responsibility_task_categories)
      UNION ALL (SELECT key, name, legal_source, NULL, NULL::int FROM responsibility_task_categories EXCEPT SELECT key, name, legal_source, NULL, NULL::int FROM task_categories)) d`;
  const differences = async () => (await projection.execute(db)).rows[0] as { n: number };
  assert.deepEqual(await differences(), { n: 0 });
  assert.ok(Number((await db.selectFrom("responsibility_task_categories").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n) >= 5);

  const before = await catalogVersion(db);
  const again = await importCatalog(db);
  assert.equal(again.changed, false);
  assert.equal(again.servicesInserted, 0);
  assert.equal(await catalogVersion(db), before);

  // Editors' work survives a re-import; untouched services follow the files again.
  await db.updateTable("services").set({ fees: "von der Redaktion geändert", version: 2 }).where("leika_key", "=", PERSO).execute();
  await db.updateTable("services").set({ fees: "verfälscht" }).where("leika_key", "=", FS_ERSATZ).execute();
  // Unchanged files are skipped at start (their SHA-256 is recorded); new files, or a deleted record, import again.
  assert.equal((await importCatalog(db)).contentApplied, 0);
  await db.deleteFrom("master_data_versions").where("dataset", "=", "catalog").execute();
  const third = await importCatalog(db);
  assert.equal(third.contentApplied, 1);
  assert.equal(await catalogVersion(db), before + 1);
  assert.equal((await db.selectFrom("services").select("fees").where("leika_key", "=", PERSO).executeTakeFirstOrThrow()).fees, "von der Redaktion geändert");
  assert.notEqual((await db.selectFrom("services").select("fees").where("leika_key", "=", FS_ERSATZ).executeTakeFirstOrThrow()).fees, "verfälscht");
  assert.deepEqual(await differences(), { n: 0 });
});

test("service page renders all sections in German and English, with the office for the chosen municipality", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const de = await c.get(`/leistungen/${PERSO}`);
  assert.equal(de.statusCode, 200);
  assert.match(de.body, /<h1[^>]*>Personalausweis Ausstellung<\/h1>/);
  for (const h of ["Zuständige Stelle", "Voraussetzungen", "Erforderliche Unterlagen", "Kosten", "Bearbeitungsdauer", "Rechtsgrundlagen"]) assert.match(de.body, new RegExp(`<h2[^>]*>${h}</h2>`), h);
  assert.match(de.body, /37,00/);
  // Without a municipality: the choice form, working without JavaScript (GET).
  assert.match(de.body, /<form method="get" action="\/leistungen\/99008001012000#zustaendig"/);
  assert.match(de.body, /<option value="08236040">Mühlacker<\/option>/);

  const en = await c.get(`/leistungen/${PERSO}`, { "accept-language": "en" });
  assert.equal(en.statusCode, 200);
  assert.match(en.body, /<h2[^>]*>Office responsible<\/h2>/);
  assert.match(en.body, /<h2[^>]*>Documents required<\/h2>/);

  // Mühlacker: the municipal task goes to the town; a county task from Neuenbürg to the Landratsamt.
  const mue = await c.get(`/leistungen/${PERSO}?ags=08236040`);
  assert.match(mue.body, /Für Mühlacker/);
  assert.match(mue.body, /Mühlacker/);
  const neu = await c.get(`/leistungen/${FS_ERSATZ}?ags=08236043`);
  assert.equal(neu.statusCode, 200);
  assert.match(neu.body, /Landratsamt/);
  // Postcode instead of the select.
  const plz = await c.get(`/leistungen/${PERSO}?plz=75417`);
  assert.match(plz.body, /Für Mühlacker/);
  // Bad input is answered, never a 500.
  for (const q of ["?ags=abc", "?plz=%3Cscript%3E", "?ags[]=1", `?plz=${"9".repeat(3000)}`]) {
    const r = await c.get(`/leistungen/${PERSO}${q}`);
    assert.equal(r.statusCode, 200, q);
    assert.doesNotMatch(r.body, /<script>/);
  }

  const unknown = await c.get("/leistungen/99999999999999");
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.body, /role="search"/);
  assert.equal((await c.get("/leistungen/kaputt")).statusCode, 404);

  const home = await c.get("/leistungen");
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /href="\/leistungen\/99008001012000"/);
  assert.match(home.body, /href="\/leistungen\/lebenslage\/\d+"/);
  // "Leistungen" is the first item of the main navigation.
  const nav = /<ul class="kp-nav__list">\s*<li>\s*<a class="kp-nav__link" href="([^"]+)"/.exec(home.body);
  assert.equal(nav?.[1], "/leistungen");
  const ls = /href="(\/leistungen\/lebenslage\/\d+)"/.exec(home.body)![1]!;
  assert.equal((await c.get(ls)).statusCode, 200);
  assert.equal((await c.get("/leistungen/lebenslage/999999")).statusCode, 404);
});

test("a citizen's home municipality is used for the responsible office", async (t) => {
  const { app, db } = await buildTestApp(t);
  const citizen = await signedIn(app, db, { email: "buerger@example.org", kind: "citizen", homeAgs: "08236040" });
  const page = await citizen.get(`/leistungen/${PERSO}`);
  assert.match(page.body, /Wohnort aus Ihrem Konto/);
});

test("API: GET /api/v1/services/{leikaKey} 200 with office, 400 malformed, 404 unknown", async (t) => {
  const { app } = await buildTestApp(t);
  const ok = await app.inject({ method: "GET", url: `/api/v1/services/${PERSO}?ags=08236040` });
  assert.equal(ok.statusCode, 200);
  const body = ok.json();
  assert.equal(body.leikaKey, PERSO);
  assert.match(body.fees, /37,00 €/);
  assert.equal(body.taskCategory.key, "municipal");
  assert.ok(Array.isArray(body.documents) && body.documents.length > 0);
  assert.equal(body.municipality.ags, "08236040");
  assert.match(body.responsible.name, /Mühlacker/);
  assert.equal(body.id, undefined);

  const noAgs = await app.inject({ method: "GET", url: `/api/v1/services/${FS_ERSATZ}` });
  assert.equal(noAgs.statusCode, 200);
  assert.equal(noAgs.json().responsible, null);

  const pf = await app.inject({ method: "GET", url: `/api/v1/services/${FS_ERSATZ}?ags=08231000` });
  const pfOffice = pf.json().responsible;
  assert.match(`${pfOffice.name} ${pfOffice.parentName}`, /Pforzheim/);
  const neu = (await app.inject({ method: "GET", url: `/api/v1/services/${FS_ERSATZ}?ags=08236043` })).json().responsible;
  assert.match(`${neu.name} ${neu.parentName}`, /Landratsamt/);
  assert.doesNotMatch(`${neu.name} ${neu.parentName}`, /Pforzheim/);

  assert.equal((await app.inject({ method: "GET", url: "/api/v1/services/123" })).statusCode, 400);
  assert.equal((await app.inject({ method: "GET", url: `/api/v1/services/${PERSO}?ags=12` })).statusCode, 400);
  assert.equal((await app.inject({ method: "GET", url: "/api/v1/services/99999999999999" })).statusCode, 404);
  assert.equal((await app.inject({ method: "GET", url: `/api/v1/services/${PERSO}?ags=99999999` })).statusCode, 404);
  const docs = await app.inject({ method: "GET", url: "/api/docs/json" });
  assert.match(docs.body, /\/api\/v1\/services\/\{leikaKey\}/);
});

test("editing: anonymous → login, citizen and staff member → 403, editor edits with audit, version and catalog_version bump", async (t) => {
  const { app, db } = await buildTestApp(t);
  const paths = ["/verwaltung/leistungen", `/verwaltung/leistungen/${PERSO}`, "/verwaltung/synonyme", "/verwaltung/dienststellen"];
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
  assert.equal((await citizen.submit("/konto", `/verwaltung/leistungen/${PERSO}`, { version: "1", shortText: "gehackt", popularity: "1" })).statusCode, 403);

  const editor = await signedIn(app, db, { email: "e@lra.example", kind: "staff", roles: ["editor"] });
  for (const p of paths) assert.equal((await editor.get(p)).statusCode, 200, p);
  const list = await editor.get("/verwaltung/leistungen?q=Personalausweis");
  assert.match(list.body, /href="\/verwaltung\/leistungen\/99008001012000"/);

  const form = await editor.get(`/verwaltung/leistungen/${PERSO}`);
  const version = /name="version" value="(\d+)"/.exec(form.body)?.[1];
  assert.equal(version, "1");
  const field = (name: string) => {
    const m = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(form.body);
    return (m?.[1] ?? "").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  };
  const fields = {
    version: "1",
    shortText: "Neuer Kurztext der Redaktion.",
    fullText: field("fullText"),
    requirements: field("requirements"),
    documents: field("documents"),
    fees: field("fees"),
    deadlines: field("deadlines"),
    processingTime: field("processingTime"),
    legalBasis: field("legalBasis"),
    forms: "",
    onlineUrl: "",
    trustLevel: "",
    searchTerms: "Perso, Ausweis",
    taskCategory: "municipal",
    department: "",
    popularity: "95",
  };
  const cvBefore = await catalogVersion(db);
  const saved = await editor.submit(`/verwaltung/leistungen/${PERSO}`, `/verwaltung/leistungen/${PERSO}`, fields);
  assert.equal(saved.statusCode, 303);
  const row = await db.selectFrom("services").selectAll().where("leika_key", "=", PERSO).executeTakeFirstOrThrow();
  assert.equal(row.short_text, "Neuer Kurztext der Redaktion.");
  assert.equal(row.version, 2);
  assert.deepEqual(row.search_terms, ["Perso", "Ausweis"]);
  assert.match(row.fees ?? "", /37,00 €/);
  assert.equal(await catalogVersion(db), cvBefore + 1);
  // The responsibility finder learnt the new popularity in the same transaction (ADR 0052).
  assert.equal((await db.selectFrom("responsibility_service_facts").select("popularity").where("leika_key", "=", PERSO).executeTakeFirstOrThrow()).popularity, 95);
  const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "catalog.service_updated").execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.object_id, PERSO);
  assert.deepEqual((audit[0]!.details as { fields: string[] }).fields.sort(), ["popularity", "search_terms", "short_text"]);
  assert.match((await editor.get(`/leistungen/${PERSO}`)).body, /Neuer Kurztext der Redaktion/);

  // A stale edit (still version 1) is refused with 409 and keeps the typed text.
  const stale = await editor.submit(`/verwaltung/leistungen/${PERSO}`, `/verwaltung/leistungen/${PERSO}`, { ...fields, shortText: "Mein veralteter Entwurf" });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /inzwischen von einer anderen Person geändert/);
  assert.match(stale.body, /Mein veralteter Entwurf/);
  assert.equal((await db.selectFrom("services").select("short_text").where("leika_key", "=", PERSO).executeTakeFirstOrThrow()).short_text, "Neuer Kurztext der Redaktion.");
  assert.equal(await catalogVersion(db), cvBefore + 1);

  // Invalid input: 422 with the error summary, nothing written.
  const bad = await editor.submit(`/verwaltung/leistungen/${PERSO}`, `/verwaltung/leistungen/${PERSO}`, { ...fields, version: "2", popularity: "500", legalBasis: "Titel | http://unsicher" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);

  // Synonyms: save (upsert), delete; both audited and bump catalog_version.
  const syn = await editor.submit("/verwaltung/synonyme", "/verwaltung/synonyme", { term: "Perso", expansions: "Personalausweis, Ausweis" });
  assert.equal(syn.statusCode, 303);
  const s = await db.selectFrom("search_synonyms").selectAll().where("term", "=", "perso").executeTakeFirstOrThrow();
  assert.deepEqual(s.expansions, ["Personalausweis", "Ausweis"]);
  assert.equal(s.source, "editorial");
  const synPage = await editor.get("/verwaltung/synonyme");
  assert.match(synPage.body, /Personalausweis, Ausweis/);
  const del = await editor.submit("/verwaltung/synonyme", `/verwaltung/synonyme/${s.id}/loeschen`, {});
  assert.equal(del.statusCode, 303);
  assert.equal((await db.selectFrom("search_synonyms").select("id").where("id", "=", s.id).execute()).length, 0);
  assert.equal(await catalogVersion(db), cvBefore + 3);

  // Office contact data with optimistic locking.
  const office = await db.selectFrom("org_units").select(["id", "updated_at"]).where("key", "=", "lra-08236-fuehrerschein").executeTakeFirstOrThrow();
  const officeForm = await editor.get(`/verwaltung/dienststellen/${office.id}`);
  const updatedAt = /name="updatedAt" value="([^"]+)"/.exec(officeForm.body)![1]!;
  const contact = { updatedAt, building: "Landratsamt", street: "Zähringerallee 3", postcode: "75177", city: "Pforzheim", phone: "07231 308-0", email: "test@enzkreis.example", website: "https://www.enzkreis.de", openingHours: "Mo–Fr | 08:00–12:00\nDo | 14:00–17:30", accessibility: "Stufenloser Zugang" };
  assert.equal((await editor.submit(`/verwaltung/dienststellen/${office.id}`, `/verwaltung/dienststellen/${office.id}`, contact)).statusCode, 303);
  const unit = await db.selectFrom("org_units").selectAll().where("id", "=", office.id).executeTakeFirstOrThrow();
  assert.equal(unit.street, "Zähringerallee 3");
  assert.deepEqual(unit.opening_hours, [{ days: "Mo–Fr", hours: "08:00–12:00" }, { days: "Do", hours: "14:00–17:30" }]);
  // The finder shows the new contact data at once (it follows catalog_version).
  const shown = (await app.inject({ method: "GET", url: `/api/v1/services/${FS_ERSATZ}?ags=08236043` })).json().responsible;
  assert.equal(shown.phone, "07231 308-0");
  assert.deepEqual(shown.openingHours, [{ days: "Mo–Fr", hours: "08:00–12:00" }, { days: "Do", hours: "14:00–17:30" }]);
  const staleOffice = await editor.submit(`/verwaltung/dienststellen/${office.id}`, `/verwaltung/dienststellen/${office.id}`, { ...contact, phone: "alt" });
  assert.equal(staleOffice.statusCode, 409);
  assert.match(staleOffice.body, /value="alt"/);
  assert.equal(await catalogVersion(db), cvBefore + 4);
  assert.equal((await db.selectFrom("audit_log").select("id").where("action", "in", ["catalog.synonym_saved", "catalog.synonym_deleted", "catalog.office_updated"]).where("actor_type", "<>", "system").execute()).length, 3); // demo seeding updates an office as the system
  assert.ok((await verifyAuditChain(db)).ok);

  // Admins edit too (admin includes the editor role).
  const admin = await signedIn(app, db, { email: "a@lra.example", kind: "staff", roles: ["admin"] });
  assert.equal((await admin.get("/verwaltung/leistungen")).statusCode, 200);
  assert.match((await admin.get("/verwaltung")).body, /href="\/verwaltung\/leistungen"/);
});
