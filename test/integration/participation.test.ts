import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { buildTestApp, Client, signedIn, type TestApp, signedInMember } from "../helpers.js";
import { multipartBody, PDF } from "../support/uploads.js";
import { DEMO_PROCEDURES, procedureCreator, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { systemContext } from "../../src/platform/commands.js";
import { berlinDate, berlinToUtc, addDays } from "../../src/platform/time/berlin.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;
const REMCHINGEN = DEMO_PROCEDURES[1]!;

async function seeded(t: Parameters<typeof buildTestApp>[0]): Promise<TestApp> {
  const ta = await buildTestApp(t);
  assert.equal(await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined }), 2);
  // Idempotent: a second run creates nothing.
  assert.equal(await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined }), 0);
  return ta;
}

/** A staff account that is a member of the municipality's authority (org unit gem-<AGS>), signed in. */
/** Staff of the municipality with this AGS, signed in. */
const staffOf = (ta: TestApp, email: string, ags: string) => signedInMember(ta, email, `gem-${ags}`);

async function postMultipart(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1]) {
  const { payload, contentType } = multipartBody(fields, files);
  const res = await app.inject({ method: "POST", url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": contentType }, payload });
  for (const ck of res.cookies as Array<{ name: string; value: string }>) c.cookies.set(ck.name, ck.value);
  return res;
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const procedureId = async (ta: TestApp, slug: string) => (await ta.db.selectFrom("participation_procedures").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;

test("issue 18: procedures are listed, shown with documents, in the JSON API and found by the search with their municipality", { timeout: 120_000 }, async (t) => {
  const ta = await seeded(t);
  const c = new Client(ta.app);
  const list = await c.get("/beteiligung");
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Lindach-Süd[\s\S]*Mühlacker|Mühlacker[\s\S]*Lindach-Süd/);
  assert.match(list.body, /Ortsmitte Wilferdingen/);
  assert.match(list.body, /Stellungnahmen möglich bis/);
  const filtered = await c.get("/beteiligung?gemeinde=08236071");
  assert.match(filtered.body, /Ortsmitte Wilferdingen/);
  assert.doesNotMatch(filtered.body, /Lindach-Süd/);

  const page = await c.get(`/beteiligung/${MUEHLACKER.slug}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Öffentliche Auslegung \(§ 3 Abs\. 2 BauGB\)/);
  assert.match(page.body, /Stellungnahme abgeben/);
  const docHref = /href="(\/beteiligung\/[^"]+\/unterlagen\/[^"]+)"/.exec(page.body)![1]!;
  const doc = await c.get(docHref);
  assert.equal(doc.statusCode, 200);
  assert.equal(doc.headers["content-type"], "application/pdf");
  assert.match(String(doc.headers["content-disposition"]), /^attachment/);
  assert.ok(doc.rawPayload.subarray(0, 5).equals(Buffer.from("%PDF-")));
  // A document id of another procedure, or an unknown one, is 404.
  assert.equal((await c.get(docHref.replace(MUEHLACKER.slug, REMCHINGEN.slug))).statusCode, 404);
  assert.equal((await c.get(`/beteiligung/gibt-es-nicht`)).statusCode, 404);

  const api = await ta.app.inject({ url: "/api/v1/participation/procedures?ags=08236040" });
  assert.equal(api.statusCode, 200);
  const items = api.json().items as Array<{ slug: string; open: boolean; municipality: { name: string }; phases: Array<{ kind: string }> }>;
  assert.deepEqual(items.map((i) => [i.slug, i.open, i.municipality.name, i.phases[0]!.kind]), [[MUEHLACKER.slug, true, "Mühlacker", "display"]]);
  const one = await ta.app.inject({ url: `/api/v1/participation/procedures/${REMCHINGEN.slug}` });
  assert.equal(one.json().documents.length, 1);
  assert.equal((await ta.app.inject({ url: "/api/v1/participation/procedures?ags=abc" })).statusCode, 400);

  await ta.app.ready();
  const search = ta.app.services.search!;
  await search.refreshIfChanged();
  const hits = await ta.app.inject({ url: "/api/v1/search?q=stellungnahme%20abgeben%20m%C3%BChlacker" });
  assert.equal(hits.json().results[0].url, `/beteiligung/${MUEHLACKER.slug}`);
  const b = await ta.app.inject({ url: "/api/v1/search?q=bebauungsplan%20remchingen" });
  assert.equal(b.json().results[0].url, `/beteiligung/${REMCHINGEN.slug}`);
  const html = await c.get("/suche?q=bebauungsplan%20einsehen");
  assert.match(html.body, /Bauleitplanung[\s\S]*Lindach-Süd|Bauleitplanung[\s\S]*Ortsmitte/);
});

test("issue 18: a citizen without account comments with name and address, gets a receipt number and mail; errors in German next to the field", { timeout: 120_000 }, async (t) => {
  const ta = await seeded(t);
  const c = new Client(ta.app);
  const url = `/beteiligung/${MUEHLACKER.slug}/stellungnahme`;
  // Missing name and address, too short: 422, messages at the fields, input kept.
  const bad = await c.submit(url, url, { text: "zu kurz", name: "", strasse: "", plz: "7541", ort: "", email: "kein-mail" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);
  assert.match(bad.body, /mindestens 10 Zeichen/);
  assert.match(bad.body, /Bitte geben Sie Ihren Vor- und Nachnamen ein/);
  assert.match(bad.body, /Postleitzahl mit 5 Ziffern/);
  assert.match(bad.body, /value="7541"/);
  assert.match(bad.body, />zu kurz<\/textarea>/);
  assert.equal(await ta.db.selectFrom("participation_statements").select("id").executeTakeFirst(), undefined);

  // Without the CSRF token: refused.
  const forged = await c.post(url, { text: "Ein Text mit genug Zeichen.", name: "Eva Muster", strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker" });
  assert.equal(forged.statusCode, 403);

  const text = "Zu § 3 Bauweise: Bitte auch Reihenhäuser zulassen, damit junge Familien bauen können.";
  const ok = await c.submit(url, url, { text, name: "Eva Muster", strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker", email: "eva@example.org" });
  assert.equal(ok.statusCode, 303);
  const receiptUrl = ok.headers.location as string;
  const reference = /eingang\/(BT-\d{4}-\d{6})/.exec(receiptUrl)![1]!;
  const receipt = await c.get(receiptUrl);
  assert.equal(receipt.statusCode, 200);
  assert.match(receipt.body, new RegExp(`Ihre Nummer: ${reference}`));
  assert.match(receipt.body, /Bestätigung wurde an Ihre E-Mail-Adresse geschickt/);
  // The receipt address without its code shows nothing (numbers cannot be probed).
  assert.equal((await new Client(ta.app).get(receiptUrl.replace(/code=[^&]+/, "code=falsch"))).statusCode, 404);
  const mail = await ta.mail.waitFor("eva@example.org");
  assert.match(mail.subject, new RegExp(reference));
  assert.match(mail.text, /Reihenhäuser zulassen/);

  const row = await ta.db.selectFrom("participation_statements").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
  assert.deepEqual([row.name, row.postcode, row.user_id], ["Eva Muster", "75417", null]);
  const audit = await ta.db.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "participation.statement_submitted").execute();
  assert.equal(audit.length, 1);
  // No personal data in the audit entry.
  assert.doesNotMatch(JSON.stringify(audit[0]!.details), /Eva|Bahnhof|example\.org/);

  // With an account: no name or address needed; the account's name is used.
  const citizen = await signedIn(ta.app, ta.db, { email: "bürger@example.org".replace("ü", "ue"), kind: "citizen" });
  const withAccount = await citizen.submit(`/beteiligung/${REMCHINGEN.slug}/stellungnahme`, `/beteiligung/${REMCHINGEN.slug}/stellungnahme`, { text: "Variante B mit Tempo 20 gefällt mir besser." });
  assert.equal(withAccount.statusCode, 303);

  // The JSON API takes anonymous statements with name and address.
  const api = await ta.app.inject({ method: "POST", url: `/api/v1/participation/procedures/${REMCHINGEN.slug}/statements`, payload: { text: "Bitte mehr Fahrradstellplätze am Platz.", name: "Max Beispiel", street: "Hauptstraße 2", postcode: "75196", city: "Remchingen" } });
  assert.equal(api.statusCode, 201);
  assert.match(api.json().reference, /^BT-\d{4}-\d{6}$/);
  const apiBad = await ta.app.inject({ method: "POST", url: `/api/v1/participation/procedures/${REMCHINGEN.slug}/statements`, payload: { text: "Bitte mehr Fahrradstellplätze am Platz.", name: "Max Beispiel" } });
  assert.equal(apiBad.statusCode, 400);
  assert.match(String(apiBad.headers["content-type"]), /^application\/problem\+json/);
});

test("issue 18: outside the period the form is closed with the end time, the server and the database refuse statements", { timeout: 120_000 }, async (t) => {
  const ta = await seeded(t);
  const today = berlinDate(new Date());
  const unit = await ta.db.selectFrom("org_units").select("id").where("key", "=", "gem-08236040").executeTakeFirstOrThrow();
  const past = await procedureCreator(systemContext(ta.db), {
    kind: "bebauungsplan",
    title: "Bebauungsplan „Alter Sportplatz“",
    description: "Abgeschlossene Auslegung.",
    ags: "08236040",
    ars: "082365004040",
    orgUnitId: unit.id,
    phases: [{ kind: "display", startsAt: berlinToUtc(addDays(today, -40), 0), endsAt: berlinToUtc(addDays(today, -5), 0) }],
  });
  const endDay = addDays(today, -6).split("-").reverse().join(".");
  const c = new Client(ta.app);
  const form = await c.get(`/beteiligung/${past.slug}/stellungnahme`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, new RegExp(`Die Frist für Stellungnahmen ist abgelaufen\\. Sie endete am ${endDay.replace(/\./g, "\\.")} um 24:00 Uhr\\.`));
  assert.doesNotMatch(form.body, /name="text"/);
  // A post with a token from another page is refused: 409 with the same message, nothing stored.
  const token = csrfOf((await c.get(`/beteiligung/${MUEHLACKER.slug}/stellungnahme`)).body);
  const late = await c.post(`/beteiligung/${past.slug}/stellungnahme`, { _csrf: token, text: "Eine Minute zu spät, aber wichtig.", name: "Eva Muster", strasse: "Weg 1", plz: "75417", ort: "Mühlacker" });
  assert.equal(late.statusCode, 409);
  assert.match(late.body, /Sie endete am/);
  const api = await ta.app.inject({ method: "POST", url: `/api/v1/participation/procedures/${past.slug}/statements`, payload: { text: "Eine Minute zu spät, aber wichtig.", name: "Max Beispiel", street: "Weg 1", postcode: "75417", city: "Mühlacker" } });
  assert.equal(api.statusCode, 409);
  assert.match(api.json().detail, /endete am .* um 24:00 Uhr/);

  // The database itself refuses, whatever the application does.
  const phase = await ta.db.selectFrom("participation_phases").select("id").where("procedure_id", "=", past.id).executeTakeFirstOrThrow();
  await assert.rejects(
    sql`INSERT INTO participation_statements (reference, procedure_id, phase_id, name, street, postcode, city, body) VALUES ('BT-2026-999999', ${past.id}, ${phase.id}, 'Eva Muster', 'Weg 1', '75417', 'Mühlacker', 'Direkt in die Datenbank')`.execute(ta.db),
    /participation_period_closed/,
  );
  // … and a phase of another procedure.
  const open = await procedureId(ta, MUEHLACKER.slug);
  await assert.rejects(
    sql`INSERT INTO participation_statements (reference, procedure_id, phase_id, name, street, postcode, city, body) VALUES ('BT-2026-999998', ${open}, ${phase.id}, 'Eva Muster', 'Weg 1', '75417', 'Mühlacker', 'Falsche Phase angegeben')`.execute(ta.db),
    /does not belong/,
  );
  assert.equal((await ta.db.selectFrom("participation_statements").select("id").execute()).length, 0);
});

test("issue 18: staff of the municipality see statements, weigh them and export CSV; others get 403; every action audited", { timeout: 120_000 }, async (t) => {
  const ta = await seeded(t);
  const citizen = new Client(ta.app);
  const url = `/beteiligung/${MUEHLACKER.slug}/stellungnahme`;
  const sent = await citizen.submit(url, url, { text: "=HYPERLINK(\"http://example.org\") Bitte Bäume erhalten.", name: "Eva Muster", strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker" });
  assert.equal(sent.statusCode, 303);
  const reference = /eingang\/(BT-\d{4}-\d{6})/.exec(sent.headers.location as string)![1]!;
  const id = await procedureId(ta, MUEHLACKER.slug);

  const staff = await staffOf(ta, "bauamt@muehlacker.example", "08236040");
  const other = await staffOf(ta, "bauamt@remchingen.example", "08236071");
  const resident = await signedIn(ta.app, ta.db, { email: "anwohner@example.org", kind: "citizen" });

  const list = await staff.get("/verwaltung/beteiligung");
  assert.match(list.body, /Lindach-Süd/);
  assert.doesNotMatch(list.body, /Ortsmitte Wilferdingen/);
  const page = await staff.get(`/verwaltung/beteiligung/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(reference));
  assert.match(page.body, /Eva Muster/);

  // Another municipality's staff and citizens: 403; anonymous: to the login.
  assert.equal((await other.get(`/verwaltung/beteiligung/${id}`)).statusCode, 403);
  assert.equal((await other.get(`/verwaltung/beteiligung/${id}/stellungnahmen.csv`)).statusCode, 403);
  assert.equal((await other.get(`/verwaltung/beteiligung/${id}/stellungnahmen/${reference}`)).statusCode, 403);
  assert.equal((await resident.get(`/verwaltung/beteiligung/${id}`)).statusCode, 403);
  assert.equal((await new Client(ta.app).get(`/verwaltung/beteiligung/${id}`)).statusCode, 303);
  const token = csrfOf((await other.get("/verwaltung/beteiligung")).body);
  const foreign = await other.post(`/verwaltung/beteiligung/${id}/stellungnahmen/${reference}`, { _csrf: token, entscheidung: "rejected", begruendung: "Fremde Abwägung" });
  assert.equal(foreign.statusCode, 403);

  // Weighing: bad input keeps the text and names the field; then saved and audited.
  const sUrl = `/verwaltung/beteiligung/${id}/stellungnahmen/${reference}`;
  const bad = await staff.submit(sUrl, sUrl, { entscheidung: "vielleicht", begruendung: "Die Bäume am Nordrand bleiben erhalten." });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Bitte wählen Sie eine der Möglichkeiten/);
  assert.match(bad.body, /Die Bäume am Nordrand bleiben erhalten\./);
  const saved = await staff.submit(sUrl, sUrl, { entscheidung: "partly", begruendung: "Die Bäume am Nordrand bleiben erhalten." });
  assert.equal(saved.statusCode, 303);
  const row = await ta.db.selectFrom("participation_statements").select(["decision", "consideration"]).where("reference", "=", reference).executeTakeFirstOrThrow();
  assert.deepEqual(row, { decision: "partly", consideration: "Die Bäume am Nordrand bleiben erhalten." });

  const csv = await staff.get(`/verwaltung/beteiligung/${id}/stellungnahmen.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers["content-type"]), /^text\/csv/);
  assert.match(csv.body, new RegExp(`${reference},.*Eva Muster`));
  assert.match(csv.body, /teilweise berücksichtigt,Die Bäume am Nordrand bleiben erhalten\./);
  // A formula in a citizen's text does not run in a spreadsheet.
  assert.match(csv.body, /"'=HYPERLINK/);

  const actions = (await ta.db.selectFrom("audit_log").select("action").where("action", "like", "participation.%").orderBy("id").execute()).map((r) => r.action);
  // Opening the statement (twice: each form submission loads it first) is audited like the changes.
  assert.deepEqual(actions.filter((a) => a !== "participation.procedure_created" && a !== "participation.document_added" && a !== "participation.plan_uploaded"), [
    "participation.statement_submitted",
    "participation.statement_viewed",
    "participation.statement_viewed",
    "participation.statement_considered",
    "participation.statements_exported",
  ]);
  assert.equal((await verifyAuditChain(ta.db)).ok, true);
});

test("issue 18: staff upload PDFs (content checked, only PDF) and create procedures only for their municipality", { timeout: 120_000 }, async (t) => {
  const ta = await seeded(t);
  const staff = await staffOf(ta, "bauamt@muehlacker.example", "08236040");
  const other = await staffOf(ta, "bauamt@remchingen.example", "08236071");
  const id = await procedureId(ta, MUEHLACKER.slug);
  const page = await staff.get(`/verwaltung/beteiligung/${id}`);
  const token = csrfOf(page.body);

  const html = await postMultipart(ta.app, staff, `/verwaltung/beteiligung/${id}/unterlagen`, { _csrf: token, titel: "Begründung" }, [{ field: "datei", name: "begruendung.pdf", type: "application/pdf", content: Buffer.from("<html><script>alert(1)</script></html>") }]);
  assert.equal(html.statusCode, 422);
  assert.match(html.body, /Begründung/);
  assert.match(html.body, /kp-error-summary/);
  const missing = await postMultipart(ta.app, staff, `/verwaltung/beteiligung/${id}/unterlagen`, { _csrf: token, titel: "Begründung" }, []);
  assert.match(missing.body, /Bitte wählen Sie eine PDF-Datei aus/);
  const noToken = await postMultipart(ta.app, staff, `/verwaltung/beteiligung/${id}/unterlagen`, { titel: "Begründung" }, [{ field: "datei", name: "b.pdf", content: PDF }]);
  assert.equal(noToken.statusCode, 403);
  const foreign = await postMultipart(ta.app, other, `/verwaltung/beteiligung/${id}/unterlagen`, { _csrf: csrfOf((await other.get("/verwaltung/beteiligung")).body), titel: "Fremd" }, [{ field: "datei", name: "b.pdf", content: PDF }]);
  assert.equal(foreign.statusCode, 403);

  const ok = await postMultipart(ta.app, staff, `/verwaltung/beteiligung/${id}/unterlagen`, { _csrf: token, titel: "Begründung zum Entwurf" }, [{ field: "datei", name: "begruendung.pdf", content: PDF }]);
  assert.equal(ok.statusCode, 303);
  const pub = await new Client(ta.app).get(`/beteiligung/${MUEHLACKER.slug}`);
  assert.match(pub.body, /Begründung zum Entwurf \(PDF/);
  const kept = await ta.db.selectFrom("participation_documents as d").innerJoin("files as f", "f.id", "d.file_id").select("f.retain_until").where("d.title", "=", "Begründung zum Entwurf").executeTakeFirstOrThrow();
  assert.equal(kept.retain_until, null);

  // Create: only Mühlacker is offered to this staff member; another municipality is refused at the field.
  const form = await staff.get("/verwaltung/beteiligung/neu");
  assert.match(form.body, /<option value="08236040"/);
  assert.doesNotMatch(form.body, /<option value="08236071"/);
  const refused = await staff.submit("/verwaltung/beteiligung/neu", "/verwaltung/beteiligung/neu", { titel: "Bebauungsplan „Senderhang“", art: "bebauungsplan", gemeinde: "08236071", beschreibung: "", phase: "display", von: "2027-01-10", bis: "2027-01-05" });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Gemeinde, für die Sie zuständig sind/);
  assert.match(refused.body, /Senderhang/);
  const created = await staff.submit("/verwaltung/beteiligung/neu", "/verwaltung/beteiligung/neu", { titel: "Bebauungsplan „Senderhang“", art: "bebauungsplan", gemeinde: "08236040", beschreibung: "Neues Gewerbegebiet.", phase: "display", von: "2027-01-10", bis: "2027-02-12" });
  assert.equal(created.statusCode, 303);
  const view = await new Client(ta.app).get("/beteiligung/bebauungsplan-senderhang");
  assert.equal(view.statusCode, 200);
  assert.match(view.body, /10\.01\.2027 bis einschließlich 12\.02\.2027/);
  assert.match(view.body, /Stellungnahmen sind ab 10\.01\.2027, 00:00 Uhr möglich/);
  const actions = (await ta.db.selectFrom("audit_log").select("action").where("action", "like", "participation.%").where("actor_type", "=", "staff").execute()).map((r) => r.action).sort();
  assert.deepEqual(actions, ["participation.document_added", "participation.procedure_created"]);
});
