import { test } from "node:test";
import type { FastifyInstance } from "fastify";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { buildTestApp, Client } from "../helpers.js";
import { hashPassword } from "../../src/platform/auth/password.js";
import type { Db } from "../../src/platform/db/index.js";
import { searchServiceOf } from "../../src/modules/search/index.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";

const MUEHLACKER = "08236040";
const PFORZHEIM = "08231000";
const NEUENBUERG = "08236043";

async function staffClient(app: FastifyInstance, db: Db, email: string, role: "editor" | "member" | null) {
  const password = "Suche-Test-Passwort-2026";
  const user = await db
    .insertInto("users")
    .values({ kind: "staff", email, display_name: email, password_hash: await hashPassword(password), email_verified_at: new Date(), home_ags: null, disabled_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (role === "editor") await db.insertInto("user_roles").values({ user_id: user.id, role: "editor", org_unit_id: null, granted_by: null }).execute();
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email, password });
  assert.equal(res.statusCode, 303);
  return c;
}

interface ApiResult {
  type: string;
  leikaKey?: string;
  title: string;
  url: string;
  score: number;
  responsible?: { name: string; ars: string | null };
}

test("GET /api/v1/search: shape, place in the query, ags, offices, 400 for a bad ags", async (t) => {
  const { app, db } = await buildTestApp(t);
  await app.ready();

  const res = await app.inject({ method: "GET", url: "/api/v1/search?q=hundesteuer&limit=5" });
  assert.equal(res.statusCode, 200);
  const body = res.json() as { results: ApiResult[] };
  assert.ok(body.results.length > 0 && body.results.length <= 5);
  const first = body.results[0]!;
  assert.equal(first.type, "service");
  assert.match(first.leikaKey ?? "", /^99102013/);
  assert.equal(first.url, `/leistungen/${first.leikaKey}`);
  assert.equal(typeof first.score, "number");
  assert.equal(first.responsible, undefined, "no municipality, no office");

  // "hund anmelden in Mühlacker": dog registration/tax, Stadt Mühlacker responsible.
  const place = (await app.inject({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent("hund anmelden in Mühlacker")}` })).json() as { results: ApiResult[]; place?: { ags: string } };
  assert.equal(place.place?.ags, MUEHLACKER);
  const dog = place.results[0]!;
  assert.match(dog.leikaKey ?? "", /^(99110009|99102013)/, JSON.stringify(dog));
  assert.match(dog.responsible?.name ?? "", /Mühlacker/);

  // Same with ags instead of the place name; umlauts typed as ae/oe/ue.
  const byAgs = (await app.inject({ method: "GET", url: `/api/v1/search?q=hund+anmelden&ags=${MUEHLACKER}` })).json() as { results: ApiResult[] };
  assert.match(byAgs.results[0]?.responsible?.name ?? "", /Mühlacker/);
  const folded = (await app.inject({ method: "GET", url: "/api/v1/search?q=hund+anmelden+muehlacker" })).json() as { place?: { ags: string } };
  assert.equal(folded.place?.ags, MUEHLACKER);

  // Driving licence lost: Landratsamt from Neuenbürg, Stadt Pforzheim from Pforzheim. The test gives
  // the replacement services their task category itself, so it does not depend on content files.
  await db
    .updateTable("services")
    .set({ task_category: "county", responsible_department: "fuehrerschein" })
    .where("leika_key", "like", "99023001036%")
    .where("task_category", "is", null)
    .execute();
  const neuenbuerg = (await app.inject({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent("führerschein verloren")}&ags=${NEUENBUERG}` })).json() as { results: ApiResult[] };
  assert.match(neuenbuerg.results[0]?.leikaKey ?? "", /^99023001036/);
  assert.match(neuenbuerg.results[0]?.responsible?.name ?? "", /Landratsamt Enzkreis/);
  assert.match(neuenbuerg.results[0]?.responsible?.ars ?? "", /^08236/, "the Landratsamt Enzkreis");
  const pforzheim = (await app.inject({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent("führerschein verloren pforzheim")}` })).json() as { results: ApiResult[]; place?: { ags: string } };
  assert.equal(pforzheim.place?.ags, PFORZHEIM);
  assert.match(pforzheim.results[0]?.leikaKey ?? "", /^99023001036/);
  assert.match(pforzheim.results[0]?.responsible?.ars ?? "", /^08231/, "the Stadt Pforzheim");
  assert.match(pforzheim.results[0]?.responsible?.name ?? "", /Pforzheim/);

  for (const bad of ["123", "0823604a", "082360400"]) {
    const r = await app.inject({ method: "GET", url: `/api/v1/search?q=test&ags=${bad}` });
    assert.equal(r.statusCode, 400, bad);
    assert.equal(r.json().type, "urn:kreisportal:problem:bad-request");
  }
  assert.equal((await app.inject({ method: "GET", url: "/api/v1/search" })).statusCode, 400, "q is required");

  // Bad input is answered safely.
  for (const q of ["x".repeat(2000), "'; DROP TABLE services; --", "<script>alert(1)</script>", "🐶🐕 anmelden", ""]) {
    const r = await app.inject({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent(q)}` });
    assert.equal(r.statusCode, 200, q.slice(0, 20));
  }
  const types = (await app.inject({ method: "GET", url: "/api/v1/search?q=impressum" })).json() as { results: ApiResult[] };
  assert.equal(types.results[0]?.type, "page");
  assert.equal(types.results[0]?.leikaKey, undefined);

  // Documented in OpenAPI under the tag "Suche".
  const spec = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json() as { paths: Record<string, { get?: { tags?: string[] } }> };
  assert.deepEqual(spec.paths["/api/v1/search"]?.get?.tags, ["Suche"]);
  assert.ok(spec.paths["/api/v1/search/suggest"]);
});

test("suggestions while typing; typos give 'Meinten Sie'", async (t) => {
  const { app } = await buildTestApp(t);
  const s = (await app.inject({ method: "GET", url: `/api/v1/search/suggest?q=${encodeURIComponent("führersch")}` })).json() as { suggestions: Array<{ title: string; url: string }> };
  assert.ok(s.suggestions.length > 0);
  assert.match(s.suggestions[0]!.title, /Führerschein|Fahrerlaubnis/);
  const stelle = (await app.inject({ method: "GET", url: `/api/v1/search/suggest?q=${encodeURIComponent("führerscheinst")}` })).json() as { suggestions: Array<{ title: string; type: string }> };
  const lines = stelle.suggestions.map((x) => `${x.type}:${x.title}`);
  assert.equal(new Set(lines).size, lines.length, `each suggestion once: ${lines.join(", ")}`);

  // Did-you-mean from the index's own words, also where the misspelling happens to split into known parts.
  const fuehrer = (await app.inject({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent("fürerschein")}` })).json() as { results: ApiResult[]; didYouMean?: string };
  assert.equal(fuehrer.didYouMean, "führerschein");
  assert.match(fuehrer.results[0]?.title ?? "", /^Führerschein/);
  // "melde … ab" is abmelden, not melden.
  const ab = (await app.inject({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent("wo melde ich mein auto ab")}` })).json() as { results: ApiResult[] };
  assert.match(ab.results[0]?.title ?? "", /Abmeldung/);
  assert.deepEqual((await app.inject({ method: "GET", url: "/api/v1/search/suggest?q=f" })).json(), { suggestions: [] });

  const typo = (await app.inject({ method: "GET", url: "/api/v1/search?q=persnalausweis" })).json() as { results: ApiResult[]; didYouMean?: string };
  assert.match(typo.results[0]?.title ?? "", /Personalausweis/);
  assert.equal(typo.didYouMean, "personalausweis");
});

test("rate limit: 429 after the limit", async (t) => {
  const { app } = await buildTestApp(t);
  let last = 0;
  for (let i = 0; i < 61; i++) last = (await app.inject({ method: "GET", url: "/api/v1/search?q=wohngeld", remoteAddress: "10.1.2.3" })).statusCode;
  assert.equal(last, 429);
  // Another client is not affected.
  assert.equal((await app.inject({ method: "GET", url: "/api/v1/search?q=wohngeld", remoteAddress: "10.1.2.4" })).statusCode, 200);
});

test("search page works without JavaScript: best answer, office, filters, empty result, start page", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const res = await c.get(`/suche?q=${encodeURIComponent("hund anmelden")}&ags=${MUEHLACKER}`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Beste Antwort/);
  assert.match(res.body, /Zuständig für Mühlacker/);
  // The best answer's primary action is the portal's own online form (the dog form serves Hundehaltung Anmeldung too).
  assert.match(res.body, /<a class="kern-btn kern-btn--primary" href="\/antraege\/hundesteuer-anmeldung"><span class="kern-label">Online beantragen/);
  assert.match(res.body, /<form[^>]*method="get"[^>]*action="\/suche"/);
  assert.match(res.body, /role="search"/);
  assert.doesNotMatch(res.body, /<script>/, "no inline scripts");
  // Variants of one service object fold under its best entry; a handful of entries open, the rest behind "weitere anzeigen".
  assert.match(res.body, /weitere Varianten zu „Hundehaltung“/);
  const results = res.body.slice(res.body.indexOf('id="weitere-treffer"'));
  const open = results.slice(0, Math.max(0, results.indexOf('class="kp-more-results"')) || undefined);
  assert.ok((open.match(/<li class="kp-search-result">/g) ?? []).length <= 5, "at most five entries before 'weitere anzeigen'");
  const titles = [...results.matchAll(/<li class="kp-search-result"><p class="kern-preline">[^<]*<\/p><h3 class="kern-title"><a class="kern-link" href="[^"]*">([^<]+)</g)].map((m) => m[1]!);
  assert.ok(titles.length >= 3, `result entries found: ${titles.length}`);
  assert.ok(titles.filter((x) => x.startsWith("Hundehaltung")).length <= 1, `one entry per service object: ${titles.join(" | ")}`);
  // Every link from a result keeps the municipality (the service page does not ask again).
  assert.match(res.body, /href="\/leistungen\/\d{14}\?ags=08236040">Alle Informationen zu dieser Leistung/);
  assert.doesNotMatch(results, /href="\/leistungen\/\d{14}"/, "no result link without the municipality");

  const empty = await c.get("/suche?q=xyzzyqwrtz");
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /Keine Treffer/);
  assert.match(empty.body, /href="\/leistungen"/);

  const start = await c.get("/suche");
  assert.equal(start.statusCode, 200);
  assert.match(start.body, /Was möchten Sie erledigen\?/);
  assert.match(start.body, /href="\/leistungen\/lebenslage\/\d+"/, "topics link to the life situations");
  assert.match(start.body, /Häufig gesucht/);

  const typo = await c.get("/suche?q=hundesteuerr");
  assert.match(typo.body, /Meinten Sie/);

  const bad = await c.get("/suche?q=hund&ags=12");
  assert.equal(bad.statusCode, 200);
  assert.match(bad.body, /8 Ziffern/);

  // Topic filter is a plain link (GET); it keeps the municipality remembered from the first search.
  const all = await c.get("/suche?q=antrag");
  const link = /href="(\/suche\?q=antrag&amp;ags=08236040&amp;thema=[^"]+)"/.exec(all.body)?.[1];
  assert.ok(link, "topic filter links");
  const filtered = await c.get(link!.replace(/&amp;/g, "&"));
  assert.equal(filtered.statusCode, 200);
  assert.match(filtered.body, /aria-current="page"/);

  // The search box is in the header of every page that is not a search itself (the start page is one).
  const offices = await c.get("/stellen");
  assert.match(offices.body, /<form class="kp-search-box" role="search" method="get" action="\/suche"/);
  assert.match(offices.body, /<script src="\/assets\/search-suggest.js" defer/);
  const home = await c.get("/");
  assert.doesNotMatch(home.body, /class="kp-search-box"/);
  assert.match(home.body, /<form method="get" action="\/suche" role="search" class="kp-front__search"/);
  assert.equal((await c.get("/assets/search-suggest.js")).statusCode, 200);
});

test("queries without results are counted anonymously and shown to editors only", async (t) => {
  const { app, db } = await buildTestApp(t);
  await app.inject({ method: "GET", url: "/api/v1/search?q=Quxquxblorb" });
  await app.inject({ method: "GET", url: "/suche?q=quxquxblorb" });
  await app.inject({ method: "GET", url: "/api/v1/search?q=wohngeld" });
  // Recorded asynchronously.
  let rows: Array<{ query: string; count: number }> = [];
  for (let i = 0; i < 50 && rows.length === 0; i++) {
    rows = (await sql<{ query: string; count: number }>`SELECT query, count FROM search_misses`.execute(db)).rows;
    if (rows.length === 0 || rows[0]!.count < 2) {
      rows = [];
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  assert.deepEqual(rows, [{ query: "quxquxblorb", count: 2 }]);
  const cols = (await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'search_misses'`.execute(db)).rows.map((r) => r.column_name).sort();
  assert.deepEqual(cols, ["count", "first_day", "last_day", "query"], "no user, no IP");

  const anon = new Client(app);
  assert.equal((await anon.get("/verwaltung/suchanfragen")).statusCode, 303);
  const member = await staffClient(app, db, "sachbearbeitung@lra.example", null);
  assert.equal((await member.get("/verwaltung/suchanfragen")).statusCode, 403);
  const editor = await staffClient(app, db, "redaktion@lra.example", "editor");
  const page = await editor.get("/verwaltung/suchanfragen");
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /quxquxblorb/);
  const admin = new Client(app);
  await admin.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  assert.equal((await admin.get("/verwaltung/suchanfragen")).statusCode, 200);
});

test("index follows catalog_version: an edited service is found after the bump", async (t) => {
  const { app, db } = await buildTestApp(t);
  await app.ready();
  const before = (await app.inject({ method: "GET", url: "/api/v1/search?q=zauberwortxyz" })).json() as { results: ApiResult[] };
  assert.equal(before.results.length, 0);
  await db.updateTable("services").set({ search_terms: ["Zauberwortxyz"] }).where("leika_key", "=", "99102013000000").execute();
  await sql`UPDATE catalog_version SET version = version + 1`.execute(db);
  const search = searchServiceOf(app);
  assert.ok(search);
  // Polling picks it up within seconds; refresh directly to keep the test fast.
  assert.equal(await search!.refreshIfChanged(), true);
  assert.equal(await search!.refreshIfChanged(), false);
  const after = (await app.inject({ method: "GET", url: "/api/v1/search?q=zauberwortxyz" })).json() as { results: ApiResult[] };
  assert.equal(after.results[0]?.leikaKey, "99102013000000");

  // A service valid only in another Land (area of validity 05 = NRW) is not offered here.
  await db.updateTable("services").set({ validity_ars: "05" }).where("leika_key", "=", "99102013000000").execute();
  await sql`UPDATE catalog_version SET version = version + 1`.execute(db);
  await search!.refreshIfChanged();
  const elsewhere = (await app.inject({ method: "GET", url: "/api/v1/search?q=zauberwortxyz" })).json() as { results: ApiResult[] };
  assert.equal(elsewhere.results.length, 0);
});

test("polling: a second node's index follows catalog_version by itself", async (t) => {
  const { db } = await buildTestApp(t);
  const { SearchService } = await import("../../src/modules/search/index.js");
  const node = new SearchService(db, { kreisKeys: ["08236", "08231"], pollMs: 100 });
  t.after(() => node.stop());
  const before = await node.current();
  node.start();
  await db.updateTable("services").set({ search_terms: ["Pollingwortxyz"] }).where("leika_key", "=", "99110009104000").execute();
  await sql`UPDATE catalog_version SET version = version + 1`.execute(db);
  const deadline = Date.now() + 5000;
  while ((await node.current()).version === before.version && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.notEqual((await node.current()).version, before.version);
  const r = await node.search("pollingwortxyz");
  assert.equal(r.hits[0]?.doc.leikaKey, "99110009104000");
});

test("index snapshot: a restarted node loads the stored index and answers exactly as a fresh build (ADR 0046)", async (t) => {
  const { db } = await buildTestApp(t);
  const { SearchService } = await import("../../src/modules/search/index.js");
  const opts = { kreisKeys: ["08236", "08231"] };
  const first = new SearchService(db, opts);
  await first.rebuild();
  await first.stop(); // waits for the snapshot write
  assert.equal(first.lastBuildFromSnapshot, false);
  const stored = await db.selectFrom("search_index_snapshots").select("key").execute();
  assert.equal(stored.length, 1);

  const restarted = new SearchService(db, opts);
  t.after(() => restarted.stop());
  await restarted.rebuild();
  assert.equal(restarted.lastBuildFromSnapshot, true);
  for (const q of ["hund anmelden in mühlacker", "perso verloren", "fürerschein", "bauantrag", "wo melde ich mein auto ab", "landratsamt"]) {
    const a = await first.search(q);
    const b = await restarted.search(q);
    assert.deepEqual(b.hits.map((h) => [h.doc.id, h.score]), a.hits.map((h) => [h.doc.id, h.score]), q);
    assert.deepEqual([b.corrected, b.total, b.topics], [a.corrected, a.total, a.topics], q);
  }

  // Another catalogue version is another key: built afresh, with the change, and stored besides.
  await db.updateTable("services").set({ search_terms: ["Schnappschusswortxyz"] }).where("leika_key", "=", "99102013000000").execute();
  await sql`UPDATE catalog_version SET version = version + 1`.execute(db);
  assert.equal(await restarted.refreshIfChanged(), true);
  assert.equal(restarted.lastBuildFromSnapshot, false);
  assert.equal((await restarted.search("schnappschusswortxyz")).hits[0]?.doc.leikaKey, "99102013000000");
  // A node indexing other Kreise does not take this node's snapshot.
  const other = new SearchService(db, { kreisKeys: ["08236"] });
  t.after(() => other.stop());
  await other.rebuild();
  assert.equal(other.lastBuildFromSnapshot, false);
});
