/**
 * Figures (issue 22): after a dog-tax journey (submitted online, paid), decided cases, kept and missed
 * appointments and searches without a hit, the roll-up puts them into this month's figures on /zahlen;
 * the CSV equals the chart's data; small counts are "< 5"; a department sees its overdue participations;
 * the DCAT-AP.de catalogue is JSON-LD with data sets, distributions and licences.
 */
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { buildTestAppWithPayments, Client, createTestUser, signedIn, TEST_PASSWORD } from "../helpers.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { submitApplication } from "../../src/modules/applications/service.js";
import { findForm } from "../../src/modules/applications/queries.js";
import { monthStart, refreshFigures } from "../../src/modules/figures/index.js";
import { parseCsv } from "../../src/platform/csv.js";
import { berlinDate, addDays } from "../../src/platform/time/berlin.js";

const MUEHLACKER = "08236040";
const DOG_TAX = "hundesteuer-anmeldung";

const setup = (t: TestContext) => buildTestAppWithPayments(t);

async function pay(c: Client, handover: string) {
  const page = await c.get(handover);
  const payUrl = /<a class="kern-btn kern-btn--primary" href="([^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, "&");
  const html = await (await fetch(payUrl)).text();
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const res = await fetch(payUrl, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, aktion: "bezahlen" }).toString() });
  const loc = new URL(res.headers.get("location")!);
  return loc.pathname + loc.search;
}

/** The rows of the table that follows a section's chart: [label, ...cells] as shown. */
function tableRows(html: string, id: string): string[][] {
  const section = html.slice(html.indexOf(`id="${id}"`));
  const table = section.slice(section.indexOf("<tbody"), section.indexOf("</tbody>"));
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/&lt;/g, "<").trim()));
}

/** The chart's bars: label → value (data-value, "" for no data). */
function chartBars(html: string, id: string): Array<[string, string]> {
  const svg = /<svg[^>]*id="chart-([a-z]+)"[\s\S]*?<\/svg>/g;
  for (const m of html.matchAll(svg)) if (m[1] === id) return [...m[0].matchAll(/data-key="([^"]*)" data-value(?:="([^"]*)")?/g)].map((b) => [b[1]!, (b[2] ?? "").replace(/&lt;/g, "<")]);
  throw new Error(`no chart ${id}`);
}

test("issue 22: the demo journeys appear in this month's figures; CSV = chart; small counts suppressed; staff report; DCAT", async (t) => {
  const { app, db, config } = await setup(t);
  const month = monthStart(new Date()).slice(0, 7);
  const form = (await findForm(db, DOG_TAX))!;

  // Six dog-tax applications submitted online (one through the web channel), the first one paid in the sandbox.
  const refs: string[] = [];
  for (let i = 0; i < 6; i++) {
    const out = await submitApplication({ actor: { type: "anonymous", id: null }, db }, config, form, { ...validAnswers[DOG_TAX]!, gemeinde: MUEHLACKER }, { source: "json", userId: null, channel: i === 0 ? "web" : "api" });
    assert.equal(out.kind, "created");
    if (out.kind !== "created") return;
    refs.push(out.reference);
    if (i === 0) {
      const c = new Client(app);
      const page = await c.get(`/antraege/eingang/${out.reference}?code=${encodeURIComponent(out.statusCode)}`);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const start = await c.post(`/antraege/eingang/${out.reference}/bezahlen`, { _csrf: token, code: out.statusCode });
      await c.get(await pay(c, start.headers.location as string));
    }
  }
  assert.equal((await db.selectFrom("payment_transactions").select("status").where("reference", "=", refs[0]!).executeTakeFirstOrThrow()).status, "PAYED");

  // The office decides five of them through the cases API (start, approve → notice); received at the start of the month.
  const start = new Date(`${monthStart(new Date())}T00:00:00+01:00`);
  const cases = await db.selectFrom("cases").select(["id", "reference", "owner_unit_id", "leika_key", "municipality_ags"]).where("reference", "in", refs).execute();
  assert.equal(cases.length, 6);
  assert.ok(cases.every((c) => c.municipality_ags === MUEHLACKER));
  await sql`UPDATE cases SET created_at = ${new Date(start.getTime() + 60_000)} WHERE reference = ANY(${refs}::text[])`.execute(db);
  const officeId = await createTestUser(db, { email: "hundesteuer@example.org", kind: "staff" });
  await db.insertInto("user_roles").values({ user_id: officeId, role: "member", org_unit_id: cases[0]!.owner_unit_id, granted_by: null }).execute();
  const office = new Client(app);
  assert.equal((await office.submit("/anmelden", "/anmelden", { email: "hundesteuer@example.org", password: TEST_PASSWORD })).statusCode, 303);
  const cookie = () => [...office.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  for (const c of cases.filter((x) => x.reference !== refs[0])) {
    for (const event of ["start", "approve"]) {
      const cur = (await app.inject({ url: `/api/v1/cases/${c.id}`, headers: { cookie: cookie() } })).json() as { version: number };
      const res = await app.inject({ method: "POST", url: `/api/v1/cases/${c.id}/transitions`, headers: { cookie: cookie(), "content-type": "application/json" }, payload: JSON.stringify({ event, version: cur.version }) });
      assert.equal(res.statusCode, 200, res.body);
    }
  }
  const durations = await sql<{ days: number }>`SELECT extract(epoch FROM decided_at - created_at) / 86400 AS days FROM cases WHERE decided_at IS NOT NULL ORDER BY 1`.execute(db);
  assert.equal(durations.rows.length, 5);
  const median = (Math.round(Number(durations.rows[2]!.days) * 10) / 10).toLocaleString("de-DE");

  // Appointments this month: four kept, one missed (bookings written directly; the booking flow has its own tests).
  const counter = await db.selectFrom("appt_counters").select(["id", "location_key"]).where("location_key", "=", "lra-08236-fuehrerschein").executeTakeFirstOrThrow();
  for (let i = 0; i < 5; i++) {
    const at = new Date(start.getTime() + (8 + i) * 3600_000);
    const h = createHash("sha256").update(randomUUID()).digest("hex");
    await db
      .insertInto("appt_bookings")
      .values({ code: `FIG${i}`, location_key: counter.location_key, counter_id: counter.id, leika_key: "99023001012000", persons: 1, starts_at: at, ends_at: new Date(at.getTime() + 900_000), name: "Test", email: "t@example.org", status: i === 4 ? "no_show" : "checked_in", confirm_token_hash: h, cancel_token_hash: `${h}x` })
      .execute();
  }
  // Five more, kept, at the Bürgerbüro in Mühlacker: they count for Mühlacker; the county office's count for the county only.
  const town = await db.selectFrom("appt_counters").select(["id", "location_key"]).where("location_key", "like", `gem-${MUEHLACKER}%`).executeTakeFirstOrThrow();
  for (let i = 0; i < 5; i++) {
    const at = new Date(start.getTime() + (8 + i) * 3600_000);
    const h = createHash("sha256").update(randomUUID()).digest("hex");
    await db
      .insertInto("appt_bookings")
      .values({ code: `FIGM${i}`, location_key: town.location_key, counter_id: town.id, leika_key: "99008001012000", persons: 1, starts_at: at, ends_at: new Date(at.getTime() + 900_000), name: "Test", email: "t@example.org", status: "checked_in", confirm_token_hash: h, cancel_token_hash: `${h}x` })
      .execute();
  }
  // Searches without a hit: one query six times (two spellings), one rare query (3 times: never published).
  await db.insertInto("search_misses").values([{ query: "Hundewiese  Anmelden", count: 4 }, { query: "hundewiese anmelden", count: 2 }, { query: "Erika Mustermann Bescheid", count: 3 }]).execute();

  // Nothing yet before the roll-up; then the job's incremental refresh.
  const anon = new Client(app);
  const before = await anon.get("/zahlen");
  assert.equal(before.statusCode, 200);
  assert.match(before.body, /noch nicht berechnet/);
  const r = await refreshFigures(db);
  assert.ok(r.rows > 0);

  const page = await anon.get("/zahlen");
  assert.equal(page.statusCode, 200);
  const fresh = await app.inject({ url: "/zahlen" });
  const cookies = [fresh.headers["set-cookie"] ?? []].flat().map((c) => c.split("=")[0]);
  assert.deepEqual(cookies, [], "no cookie at all: the page has no POST form, so not even the CSRF secret");
  assert.equal((page.body.match(/<h1/g) ?? []).length, 1);
  assert.match((await anon.get("/")).body, /<footer[\s\S]*href="\/zahlen"/, "linked from every page's footer");
  assert.match(page.body, /role="img" aria-labelledby="chart-antraege-title chart-antraege-desc"/);
  const apps = tableRows(page.body, "antraege");
  assert.equal(apps.length, 12, "twelve months");
  assert.deepEqual(apps.at(-1), [month, "6", "–", "–", "< 5", "5"], "6 received online; 1 web (suppressed), 5 API");
  const times = tableRows(page.body, "bearbeitungszeit").at(-1);
  assert.deepEqual(times, [month, "6", "5", median], "median days from receipt to decision");
  assert.deepEqual(tableRows(page.body, "termine").at(-1), [month, "10", "9", "< 5", "< 5"], "10 booked; missed and the rate suppressed");
  assert.deepEqual(tableRows(page.body, "zahlungen").at(-1), [month, "< 5", "< 5"], "one payment: count and amount suppressed");
  assert.deepEqual(tableRows(page.body, "suchanfragen"), [["hundewiese anmelden", "6"]]);
  assert.doesNotMatch(page.body, /Mustermann/, "rare queries are never published");

  // CSV and JSON equal the chart's data, for every data set.
  for (const id of ["antraege", "bearbeitungszeit", "termine", "zahlungen", "suchanfragen"]) {
    const csv = await anon.get(`/zahlen/daten/${id}.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers["content-type"] as string, /text\/csv/);
    const [head, ...rows] = parseCsv(csv.body.trimEnd());
    const json = (await anon.get(`/zahlen/daten/${id}.json`)).json() as { columns: string[]; chartColumn: string; rows: Array<Record<string, unknown>> };
    assert.deepEqual(head, json.columns);
    const col = head!.indexOf(json.chartColumn);
    assert.deepEqual(rows.map((row) => [row[0]!, row[col]!]), chartBars(page.body, id), `${id}: CSV = chart`);
    assert.deepEqual(rows, json.rows.map((o) => json.columns.map((c) => (o[c] === null ? "" : String(o[c])))), `${id}: CSV = JSON`);
  }

  // The JSON API gives the same cells; an unknown municipality is a 400 problem.
  const api = await app.inject({ url: "/api/v1/figures/bearbeitungszeit" });
  assert.equal(api.statusCode, 200);
  assert.deepEqual(api.json().rows.at(-1), { month, received: 6, decided: 5, median: Math.round(Number(durations.rows[2]!.days) * 10) / 10 });
  assert.equal((await app.inject({ url: "/api/v1/figures/bearbeitungszeit?ags=12" })).statusCode, 400);

  // Filter by service and municipality: the same cases, and the fee paid for one of them; no appointments for the dog tax.
  const leika = cases[0]!.leika_key!;
  const filtered = await anon.get(`/zahlen?dienst=${leika}&gemeinde=${MUEHLACKER}`);
  assert.deepEqual(tableRows(filtered.body, "bearbeitungszeit").at(-1), [month, "6", "5", median]);
  assert.deepEqual(tableRows(filtered.body, "termine").at(-1), [month, "–", "–", "–", "–"]);
  assert.deepEqual(tableRows(filtered.body, "zahlungen").at(-1), [month, "< 5", "< 5"], "the dog-tax fee paid in Mühlacker");
  // Per municipality: the appointments at the town's own office, not those at the county office.
  const town5 = await anon.get(`/zahlen?gemeinde=${MUEHLACKER}`);
  assert.deepEqual(tableRows(town5.body, "termine").at(-1), [month, "5", "5", "0", "0"]);
  assert.deepEqual(tableRows(town5.body, "zahlungen").at(-1), [month, "< 5", "< 5"]);
  assert.match(filtered.body, new RegExp(`href="/zahlen/daten/antraege.csv\\?dienst=${leika}&amp;gemeinde=${MUEHLACKER}"`));
  const bad = await anon.get("/zahlen?gemeinde=99999999");
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);
  assert.equal((await anon.get("/zahlen/daten/nix.csv")).statusCode, 404);

  // An office enters 14 paper applications for the month: the online share is 6 / 20 = 30 %.
  const staff = await signedIn(app, db, { email: "bauamt-leitung@example.org", kind: "staff", roles: ["member"] });
  const paperPage = await staff.get("/verwaltung/zahlen/papier");
  assert.equal(paperPage.statusCode, 200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(paperPage.body)![1]!;
  // Another department does not handle the dog tax: not offered, and refused next to the field when posted anyway.
  assert.doesNotMatch(paperPage.body, new RegExp(`<option value="${leika}"`));
  const notOurs = await staff.post("/verwaltung/zahlen/papier", { _csrf: csrf, dienst: leika, gemeinde: MUEHLACKER, monat: month, anzahl: "14" });
  assert.equal(notOurs.statusCode, 422);
  assert.match(notOurs.body, /id="dienst-error"[\s\S]*bearbeitet keine Ihrer Stellen/);
  const officePage = await office.get("/verwaltung/zahlen/papier");
  assert.match(officePage.body, new RegExp(`<option value="${leika}"`));
  const officeCsrf = /name="_csrf" value="([^"]+)"/.exec(officePage.body)![1]!;
  const wrong = await office.post("/verwaltung/zahlen/papier", { _csrf: officeCsrf, dienst: leika, gemeinde: "", monat: "2026-13", anzahl: "viele" });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /id="monat-error"/);
  assert.match(wrong.body, /value="viele"/);
  const saved = await office.post("/verwaltung/zahlen/papier", { _csrf: officeCsrf, dienst: leika, gemeinde: MUEHLACKER, monat: month, anzahl: "14" });
  assert.equal(saved.statusCode, 303);
  assert.deepEqual(tableRows((await anon.get("/zahlen")).body, "antraege").at(-1), [month, "6", "14", "30", "< 5", "5"]);
  const audit = await db.selectFrom("audit_log").select("action").where("action", "like", "figures.%").execute();
  assert.deepEqual(audit.map((a) => a.action).sort(), ["figures.paper_count_saved", "figures.refreshed"]);

  // A department report: the staff member's department owes a statement that is overdue.
  const unit = (await db.selectFrom("user_roles").innerJoin("users", "users.id", "user_roles.user_id").select("user_roles.org_unit_id").where("users.email", "=", "bauamt-leitung@example.org").executeTakeFirstOrThrow()).org_unit_id!;
  const today = berlinDate(new Date());
  await db.insertInto("case_participations").values({ case_id: cases[0]!.id, step_key: "fachstelle", label: "Stellungnahme Fachstelle", unit_id: unit, due_date: addDays(today, -3) }).execute();
  const report = await staff.get("/verwaltung/zahlen");
  assert.equal(report.statusCode, 200);
  assert.match(report.body, /Überfällige Beteiligungen/);
  assert.match(report.body, new RegExp(`${refs[0]}[\\s\\S]*Stellungnahme Fachstelle[\\s\\S]*Ihre Stelle ist beteiligt`));
  const reportCsvRes = await staff.get(`/verwaltung/zahlen/bericht.csv?teil=beteiligungen&stelle=${unit}&von=${addDays(today, -30)}&bis=${today}`);
  assert.equal(reportCsvRes.statusCode, 200);
  const line = parseCsv(reportCsvRes.body.trimEnd())[1]!;
  assert.deepEqual([line[0], line[2], line[3], line[4]], [refs[0], "Stellungnahme Fachstelle", addDays(today, -3), "asked"]);
  // Another department's report is refused; citizens and anonymous visitors get no report.
  const other = await db.selectFrom("org_units").select("id").where("id", "!=", unit).limit(1).executeTakeFirstOrThrow();
  assert.equal((await staff.get(`/verwaltung/zahlen?stelle=${other.id}`)).statusCode, 403);
  assert.notEqual((await anon.get("/verwaltung/zahlen")).statusCode, 200);
  const citizen = await signedIn(app, db, { email: "buerger@example.org", kind: "citizen" });
  assert.notEqual((await citizen.get("/verwaltung/zahlen/papier")).statusCode, 200);
  // An administrator chooses among all org units (not a first page of them: 300 more make sure there are over 300).
  await db.insertInto("org_units").values(Array.from({ length: 300 }, (_, i) => ({ key: `test-amt-${i}`, name: `Testamt ${i}`, kind: "office" as const, ars: null, parent_id: null, data_source: null, data_note: null }))).execute();
  const admin = await signedIn(app, db, { email: "zahlen-admin@example.org", kind: "staff", roles: ["admin"] });
  const adminReport = await admin.get("/verwaltung/zahlen");
  const stelle = adminReport.body.slice(adminReport.body.indexOf('name="stelle"'), adminReport.body.indexOf("</select>", adminReport.body.indexOf('name="stelle"')));
  const { n } = await db.selectFrom("org_units").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  assert.equal((stelle.match(/<option value="[0-9a-f-]{36}"/g) ?? []).length, Number(n));

  // DCAT-AP.de: JSON-LD with a catalogue, five data sets, CSV and JSON distributions, licences.
  const dcat = await anon.get("/zahlen/dcat.jsonld");
  assert.equal(dcat.statusCode, 200);
  assert.match(dcat.headers["content-type"] as string, /application\/ld\+json/);
  const doc = JSON.parse(dcat.body) as Record<string, any>;
  assert.equal(doc["@context"].dcat, "http://www.w3.org/ns/dcat#");
  assert.equal(doc["@context"].dct, "http://purl.org/dc/terms/");
  assert.equal(doc["@type"], "dcat:Catalog");
  assert.equal(doc["dcat:dataset"].length, 5);
  for (const ds of doc["dcat:dataset"]) {
    assert.equal(ds["@type"], "dcat:Dataset");
    assert.ok(ds["dct:title"] && ds["dct:description"] && ds["dct:publisher"]["foaf:name"]);
    assert.match(ds["dct:license"]["@id"], /^http:\/\/dcat-ap\.de\/def\/licenses\//);
    assert.equal(ds["dcatde:politicalGeocodingURI"]["@id"], `http://dcat-ap.de/def/politicalGeocoding/districtKey/${config.countyKey}`);
    assert.deepEqual(ds["dcat:distribution"].map((d: any) => d["dcat:mediaType"]["@id"].split("/media-types/")[1]), ["text/csv", "application/json"]);
    for (const d of ds["dcat:distribution"]) {
      assert.equal(d["@type"], "dcat:Distribution");
      assert.ok(d["dct:license"]["@id"]);
      const url = new URL(d["dcat:accessURL"]["@id"]);
      assert.equal(url.origin, config.publicUrl);
      assert.equal((await anon.get(url.pathname)).statusCode, 200, url.pathname);
    }
  }

  // The page is found by the portal search.
  const search = app.services.search!;
  await search.refreshIfChanged();
  for (const q of ["statistik", "zahlen", "open data"]) assert.ok((await search.search(q)).hits.some((h) => h.doc.url === "/zahlen"), q);
});
