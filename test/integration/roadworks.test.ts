/**
 * Road works (issue 15): a company applies for a half closure of a municipal road in Mühlacker; the city as
 * road authority asks for consent; the order PDF is issued and mailed as a link; the works are public (list,
 * GeoJSON, iCal, DATEX II, search); a second application on the same road is flagged before submitting.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { XMLValidator } from "fast-xml-parser";
import { buildTestApp, Client } from "../helpers.js";
import { EXE, multipartBody, PDF } from "../support/uploads.js";
import { application, companyAccount, csrfOf, MUEHLACKER, postMultipart, staffOf } from "../support/roadworks.js";
import { seedRoadworksDemo } from "../../src/modules/roadworks/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";
import { startSandboxServer } from "../../src/modules/payments/index.js";

test("issue 15: half closure in Mühlacker — check, submit, consents (one with a condition, one late), order PDF by mailed link, public list, GeoJSON, iCal, DATEX II, search, conflict flagged before the second submission", { timeout: 180_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  const staff = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const countyStaff = await staffOf(ta, "verkehr@enzkreis.example", "lra-08236-ordnung");
  const { c: applicant, companyId } = await companyAccount(ta, "bauleitung@enz-tiefbau.example", "Enz Tiefbau GmbH");

  const today = berlinDate(new Date());
  const start = addDays(today, 7);
  const end = addDays(start, 13);
  const form = await applicant.get("/baustellen/antrag");
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /enctype="multipart\/form-data"/);

  // Check step: fee, authority (Mühlacker is a Große Kreisstadt: the city), no conflicts; the sign plan is kept.
  const checked = await postMultipart(app, applicant, "/baustellen/antrag", { _csrf: csrfOf(form.body), aktion: "pruefen", ...application(companyId, start, end) }, [{ field: "zeichenplan", name: "zeichenplan.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(checked.statusCode, 200, checked.body.slice(0, 2000));
  assert.match(checked.body, /Keine Überschneidung/);
  assert.match(checked.body, /80,00\s€/);
  assert.match(checked.body, /Mühlacker/);
  const fileId = /name="zeichenplanId" value="([0-9a-f-]{36})"/.exec(checked.body)?.[1];
  assert.ok(fileId, "the uploaded sign plan is carried to the submit step");
  assert.match(checked.body, /Bereits hochgeladen: zeichenplan\.pdf/);
  assert.equal(await db.selectFrom("roadworks").select("id").executeTakeFirst(), undefined, "checking submits nothing");

  const submitted = await postMultipart(app, applicant, "/baustellen/antrag", { _csrf: csrfOf(checked.body), aktion: "einreichen", zeichenplanId: fileId!, ...application(companyId, start, end) }, []);
  assert.equal(submitted.statusCode, 303, submitted.body.slice(0, 2000));
  const work = await db.selectFrom("roadworks").selectAll().executeTakeFirstOrThrow();
  assert.equal(work.authority_kind, "city");
  assert.equal(work.status, "submitted");
  assert.equal(work.fee_cents, 8000);
  assert.equal(work.sign_plan_file, fileId);
  assert.match((await applicant.get(submitted.headers.location as string)).body, /ist eingegangen/);

  // Not public yet; citizens do not get the authority's pages.
  assert.equal((await new Client(app).get(`/baustellen/${work.id}`)).statusCode, 404);
  assert.equal((await applicant.get("/verwaltung/baustellen")).statusCode, 403);

  // The city asks municipality, police and bus operator in parallel with a working-day deadline.
  const detailUrl = `/verwaltung/baustellen/${work.id}`;
  // Mühlacker is its own road authority: the county's traffic office neither lists nor opens it.
  assert.equal((await countyStaff.get(detailUrl)).statusCode, 403);
  assert.doesNotMatch((await countyStaff.get("/verwaltung/baustellen")).body, /Wasserleitung Hauptstraße/);
  assert.match((await staff.get("/verwaltung/baustellen")).body, /Wasserleitung Hauptstraße/);
  assert.match((await staff.get(detailUrl)).body, /Wasserleitung Hauptstraße/);
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/beteiligen`, {})).statusCode, 303);
  const consents = await db.selectFrom("roadworks_consents").selectAll().where("roadwork_id", "=", work.id).execute();
  assert.deepEqual(consents.map((c) => c.party).sort(), ["bus", "municipality", "police"]);
  assert.ok(consents.every((c) => c.due_on > today));

  // The order cannot be issued before everyone consented.
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/anordnen`, {})).statusCode, 409);
  // An answer without a choice: error next to the field.
  const bad = await staff.submit(detailUrl, `${detailUrl}/zustimmung`, { party: "police", "auflage-police": "x" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#antwort-police"/);

  const condition = "Arbeiten auf der Fahrbahn nur außerhalb der Hauptverkehrszeit (7–9 Uhr).";
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/zustimmung`, { party: "municipality", "antwort-municipality": "consent" })).statusCode, 303);
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/zustimmung`, { party: "police", "antwort-police": "consent", "auflage-police": condition })).statusCode, 303);
  // The bus operator answers after its deadline: recorded, marked late.
  await db.updateTable("roadworks_consents").set({ due_on: addDays(today, -1) }).where("roadwork_id", "=", work.id).where("party", "=", "bus").execute();
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/zustimmung`, { party: "bus", "antwort-bus": "consent" })).statusCode, 303);
  const answered = await db.selectFrom("roadworks_consents").selectAll().where("roadwork_id", "=", work.id).execute();
  assert.deepEqual(answered.map((c) => [c.party, c.answer, c.late]).sort(), [["bus", "consent", true], ["municipality", "consent", false], ["police", "consent", false]]);
  assert.match((await staff.get(detailUrl)).body, /verspätet eingegangen/);

  // The order: status ordered, the link mailed to the company and the applicant.
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/anordnen`, {})).statusCode, 303);
  const mails = await db.selectFrom("mail_queue").selectAll().where("kind", "=", "roadworks.order").execute();
  assert.deepEqual(mails.map((m) => m.recipient).sort(), ["bauleitung@enz-tiefbau.example", "info@enz-tiefbau.example"]);
  const link = /http:\/\/localhost:3000(\/baustellen\/[^\s]+anordnung\.pdf\?t=[A-Za-z0-9_-]+)/.exec(mails[0]!.body ?? "")?.[1];
  assert.ok(link, mails[0]?.body ?? "");
  const anon = new Client(app);
  const pdf = await anon.get(link!);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers["content-type"], "application/pdf");
  const dir = mkdtempSync(path.join(os.tmpdir(), "roadworks-"));
  writeFileSync(path.join(dir, "a.pdf"), pdf.rawPayload);
  const text = execFileSync("pdftotext", ["-layout", path.join(dir, "a.pdf"), "-"]).toString("utf8").replace(/\s+/g, " ");
  assert.match(text, /Verkehrsrechtliche Anordnung/);
  assert.match(text, /Hauptstraße 10–30, Mühlacker/);
  assert.match(text, /Halbseitige Sperrung/);
  assert.match(text, /Polizei: Arbeiten auf der Fahrbahn nur außerhalb der Hauptverkehrszeit/);
  assert.match(text, /zeichenplan\.pdf/);
  assert.equal((await anon.get(`/baustellen/${work.id}/anordnung.pdf`)).statusCode, 404, "without the token: not found");
  assert.equal((await anon.get(`/baustellen/${work.id}/anordnung.pdf?t=wrong`)).statusCode, 404);
  assert.equal((await applicant.get(`/baustellen/${work.id}/anordnung.pdf`)).statusCode, 200, "the company's account sees its order");

  // Public: list (no JavaScript), detail, GeoJSON, iCal, DATEX II, search.
  const list = await anon.get(`/baustellen?gemeinde=${MUEHLACKER}&datum=${addDays(start, 3)}`);
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Wasserleitung Hauptstraße/);
  assert.match(list.body, /Halbseitige Sperrung/);
  assert.doesNotMatch((await anon.get(`/baustellen?gemeinde=${MUEHLACKER}&datum=${addDays(end, 1)}`)).body, /Wasserleitung Hauptstraße/);
  assert.equal((await anon.get(`/baustellen/${work.id}`)).statusCode, 200);
  const geo = await app.inject({ url: `/api/v1/roadworks?ags=${MUEHLACKER}&from=${start}&to=${end}` });
  assert.equal(geo.statusCode, 200);
  const fc = geo.json() as { type: string; features: Array<{ geometry: { type: string }; properties: Record<string, unknown> }> };
  assert.equal(fc.type, "FeatureCollection");
  assert.equal(fc.features.length, 1);
  assert.equal(fc.features[0]!.geometry.type, "LineString");
  assert.deepEqual(Object.fromEntries(["id", "title", "municipality", "start", "end", "closure"].map((k) => [k, fc.features[0]!.properties[k]])), { id: work.id, title: "Wasserleitung Hauptstraße", municipality: "Mühlacker", start, end, closure: "half" });
  assert.equal((fc.features[0]!.properties.detour as { type: string }).type, "LineString");
  assert.equal((await app.inject({ url: `/api/v1/roadworks?from=${addDays(end, 1)}&ags=${MUEHLACKER}` })).json().features.length, 0);
  assert.equal((await app.inject({ url: "/api/v1/roadworks?ags=123" })).statusCode, 400);
  const ics = await anon.get("/baustellen.ics");
  assert.match(ics.headers["content-type"] as string, /text\/calendar/);
  assert.match(ics.body, /BEGIN:VEVENT[\s\S]*SUMMARY:Halbseitige Sperrung: Wasserleitung Hauptstraße/);
  assert.match(ics.body, new RegExp(`DTSTART;VALUE=DATE:${start.replace(/-/g, "")}`));
  const datex = await anon.get("/baustellen/datex2.xml");
  assert.equal(XMLValidator.validate(datex.body), true);
  assert.match(datex.body, /xsi:type="sit:SituationPublication"/);
  assert.match(datex.body, /<sit:roadOrCarriagewayOrLaneManagementType>laneClosures</);
  const search = app.services.search!;
  await search.refreshIfChanged();
  assert.equal((await search.search("baustelle hauptstraße mühlacker")).hits[0]?.doc.url, `/baustellen/${work.id}`);

  // A second application on the same road in an overlapping week is flagged before it is submitted.
  const { c: second, companyId: secondCompany } = await companyAccount(ta, "dispo@gleisbau.example", "Gleisbau Nord GmbH");
  const form2 = await second.get("/baustellen/antrag");
  const other = application(secondCompany, addDays(start, 10), addDays(start, 16), { titel: "Gasanschluss", lage: "48.9470, 8.8300", umleitung: "" });
  const flagged = await postMultipart(app, second, "/baustellen/antrag", { _csrf: csrfOf(form2.body), aktion: "pruefen", ...other }, [{ field: "zeichenplan", name: "plan.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(flagged.statusCode, 200);
  assert.match(flagged.body, /Überschneidung mit anderen Baustellen/);
  assert.match(flagged.body, /Wasserleitung Hauptstraße[\s\S]*dieselbe Straße/);
  // The other company cannot read the first company's order.
  assert.equal((await second.get(`/baustellen/${work.id}/anordnung.pdf`)).statusCode, 404);

  // Every step audited.
  const actions = (await db.selectFrom("audit_log").select("action").where("object_id", "=", work.id).orderBy("id").execute()).map((a) => a.action);
  assert.deepEqual(actions, ["roadworks.submitted", "roadworks.consents_requested", "roadworks.consent_recorded", "roadworks.consent_recorded", "roadworks.consent_recorded", "roadworks.order_issued"]);

  // Extension and early end are their own steps: a later end asks the parties again (ADR 0065) and applies once all
  // consented; the feed follows at once (the catalogue version moved).
  const tooLong = await staff.submit(detailUrl, `${detailUrl}/ende`, { neuesEnde: addDays(start, 200) });
  assert.equal(tooLong.statusCode, 422);
  assert.match(tooLong.body, /href="#neuesEnde"/);
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/ende`, { neuesEnde: addDays(end, 3) })).statusCode, 303);
  const feedUrl = `/api/v1/roadworks?ags=${MUEHLACKER}&from=${start}&to=${end}`;
  assert.equal((await app.inject({ url: feedUrl })).json().features[0].properties.end, end, "not before the parties consented");
  const extId = (await db.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", work.id).executeTakeFirstOrThrow()).id;
  for (const party of ["municipality", "police", "bus"]) assert.equal((await staff.submit(detailUrl, `${detailUrl}/verlaengerung/zustimmung`, { party, verlaengerung: extId, [`ext-antwort-${party}`]: "consent" })).statusCode, 303);
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/verlaengerung/entscheiden`, { verlaengerung: extId, entscheidung: "granted" })).statusCode, 303);
  assert.equal((await app.inject({ url: feedUrl })).json().features[0].properties.end, addDays(end, 3));
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/ende`, { neuesEnde: addDays(end, -2) })).statusCode, 303);
  assert.equal((await app.inject({ url: feedUrl })).json().features[0].properties.end, addDays(end, -2));
  const changes = await db.selectFrom("audit_log").select("action").where("object_id", "=", work.id).where("action", "in", ["roadworks.extended", "roadworks.ended_early"]).orderBy("id").execute();
  assert.deepEqual(changes.map((c) => c.action), ["roadworks.extended", "roadworks.ended_early"]);

  // The second application, submitted anyway, is refused by the authority.
  const submittedSecond = await postMultipart(app, second, "/baustellen/antrag", { _csrf: csrfOf(flagged.body), aktion: "einreichen", zeichenplanId: /name="zeichenplanId" value="([0-9a-f-]{36})"/.exec(flagged.body)![1]!, ...other }, []);
  assert.equal(submittedSecond.statusCode, 303);
  const secondId = (await db.selectFrom("roadworks").select("id").where("title", "=", "Gasanschluss").executeTakeFirstOrThrow()).id;
  assert.match((await staff.get(`/verwaltung/baustellen/${secondId}`)).body, /Wasserleitung Hauptstraße/, "staff see the conflict too");
  assert.equal((await staff.submit(`/verwaltung/baustellen/${secondId}`, `/verwaltung/baustellen/${secondId}/ablehnen`, { gruende: "Überschneidung mit der Baustelle Wasserleitung Hauptstraße.", gebuehr: "keine" })).statusCode, 303);
  assert.match((await second.get("/baustellen/meine")).body, /Abgelehnt/);
});

test("issue 15: bad input — outside the county, self-intersecting area, period in the past or too long, a sign plan that is no PDF/image, a foreign company; messages next to the fields, input kept", { timeout: 120_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const staff = await staffOf(ta, "verkehr@enzkreis.example", "lra-08236-ordnung");
  const { c, companyId } = await companyAccount(ta, "a@firma.example", "Firma A");
  const today = berlinDate(new Date());
  const post = async (fields: Record<string, string>, files: Parameters<typeof multipartBody>[1] = [{ field: "zeichenplan", name: "plan.pdf", type: "application/pdf", content: PDF }]) => {
    const page = await c.get("/baustellen/antrag");
    return postMultipart(ta.app, c, "/baustellen/antrag", { _csrf: csrfOf(page.body), aktion: "pruefen", ...fields }, files);
  };
  const base = application(companyId, addDays(today, 3), addDays(today, 10));

  const outside = await post({ ...base, lage: "52.5200, 13.4050" });
  assert.equal(outside.statusCode, 422);
  assert.match(outside.body, /href="#lage"/);
  assert.match(outside.body, /außerhalb des Kreisgebiets/);
  assert.match(outside.body, /52\.5200, 13\.4050/, "input kept");

  const bowtie = JSON.stringify({ type: "Polygon", coordinates: [[[8.84, 48.94], [8.85, 48.95], [8.85, 48.94], [8.84, 48.95], [8.84, 48.94]]] });
  const kinked = await post({ ...base, lage: bowtie });
  assert.equal(kinked.statusCode, 422);
  assert.match(kinked.body, /überschneidet sich selbst/);

  const garbage = await post({ ...base, lage: "irgendwo am Marktplatz" });
  assert.match(garbage.body, /als Koordinaten \(Breite, Länge\)/);

  const past = await post({ ...base, beginn: addDays(today, -3) });
  assert.equal(past.statusCode, 422);
  assert.match(past.body, /href="#beginn"/);
  assert.match(past.body, /nicht in der Vergangenheit/);

  const long = await post({ ...base, ende: addDays(today, 400) });
  assert.match(long.body, /href="#ende"/);
  assert.match(long.body, /höchstens 183 Tage/);

  const exe = await post(base, [{ field: "zeichenplan", name: "plan.pdf", type: "application/pdf", content: EXE }]);
  assert.equal(exe.statusCode, 422);
  assert.match(exe.body, /href="#zeichenplan"/);
  const missing = await post(base, []);
  assert.match(missing.body, /Verkehrszeichenplan hochladen/);

  const { companyId: foreign } = await companyAccount(ta, "b@firma.example", "Firma B");
  const notMine = await post({ ...base, firma: foreign });
  assert.equal(notMine.statusCode, 422);
  assert.match(notMine.body, /href="#firma"/);

  const noChoice = await post({ ...base, sperrung: "", regelplan: "X 9", fahrstreifen: "12" });
  for (const f of ["sperrung", "regelplan", "fahrstreifen"]) assert.match(noChoice.body, new RegExp(`href="#${f}"`), f);
  assert.match(noChoice.body, /value="Wasserleitung Hauptstraße"/);
  assert.equal(await ta.db.selectFrom("roadworks").select("id").executeTakeFirst(), undefined, "nothing stored");

  // Public filter with bad input.
  const badFilter = await new Client(ta.app).get("/baustellen?gemeinde=99999999&datum=morgen");
  assert.equal(badFilter.statusCode, 422);
  assert.match(badFilter.body, /href="#gemeinde"/);
  assert.match(badFilter.body, /href="#datum"/);
});

test("issue 15: demo data — five road works in the Enzkreis with one overlapping pair, idempotent", { timeout: 120_000 }, async (t) => {
  const ta = await buildTestApp(t);
  assert.equal(await seedRoadworksDemo(ta.db, ta.config.countyKey), 5);
  assert.equal(await seedRoadworksDemo(ta.db, ta.config.countyKey), 0);
  const rows = await ta.db.selectFrom("roadworks").select(["road_class", "authority_kind", "municipality", "authority_unit"]).execute();
  assert.ok(rows.every((r) => r.authority_unit !== null), "every demo work has its authority's org unit");
  assert.ok(rows.some((r) => r.road_class === "county" && r.authority_kind === "county"));
  assert.ok(rows.some((r) => r.municipality === "Keltern" && r.authority_kind === "municipality"));
  assert.ok(rows.some((r) => r.municipality === "Mühlacker" && r.authority_kind === "city"));
  const list = await new Client(ta.app).get(`/baustellen?datum=${addDays(berlinDate(new Date()), 6)}`);
  assert.match(list.body, /Glasfaser Schloßstraße[\s\S]*Hausanschluss Schloßstraße|Hausanschluss Schloßstraße[\s\S]*Glasfaser Schloßstraße/);
});

test("issue 15: the fee is paid through the payment port (sandbox); only the company's accounts may start it", { timeout: 120_000 }, async (t) => {
  const SECRET = "payment-secret-".padEnd(48, "p");
  let appRef: FastifyInstance | undefined;
  const sandbox = await startSandboxServer({ secret: SECRET, deliver: async (url, body, headers) => (await appRef!.inject({ method: "POST", url: new URL(url).pathname, headers: { ...headers, "content-type": "application/json" }, payload: body })).statusCode });
  t.after(() => sandbox.close());
  const ta = await buildTestApp(t, { PAYMENT_PROVIDER: "sandbox", PAYMENT_URL: sandbox.url, PAYMENT_SECRET: SECRET });
  appRef = ta.app;
  const staff = await staffOf(ta, "verkehr@enzkreis.example", "lra-08236-ordnung");
  const { c, companyId } = await companyAccount(ta, "a@firma.example", "Firma A");
  const { c: other } = await companyAccount(ta, "b@firma.example", "Firma B");
  const today = berlinDate(new Date());
  const page = await c.get("/baustellen/antrag");
  const res = await postMultipart(ta.app, c, "/baustellen/antrag", { _csrf: csrfOf(page.body), aktion: "einreichen", ...application(companyId, addDays(today, 3), addDays(today, 10)) }, [{ field: "zeichenplan", name: "plan.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(res.statusCode, 303);
  const work = await ta.db.selectFrom("roadworks").select(["id", "fee_cents"]).executeTakeFirstOrThrow();

  const mine = await c.get("/baustellen/meine");
  assert.match(mine.body, /Gebühr 80,00\s€ bezahlen/);
  assert.equal((await other.post(`/baustellen/${work.id}/bezahlen`, { _csrf: csrfOf((await other.get("/baustellen/meine")).body) })).statusCode, 404, "another company cannot pay (or see) it");
  const start = await c.post(`/baustellen/${work.id}/bezahlen`, { _csrf: csrfOf(mine.body) });
  assert.equal(start.statusCode, 303);
  const handover = await c.get(start.headers.location as string);
  const payUrl = /<a class="kern-btn kern-btn--primary" href="([^"]+)"/.exec(handover.body)![1]!.replace(/&amp;/g, "&");
  const html = await (await fetch(payUrl)).text();
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const paid = await fetch(payUrl, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, aktion: "bezahlen" }).toString() });
  const back = new URL(paid.headers.get("location")!);
  await c.get(back.pathname + back.search);
  const row = await ta.db.selectFrom("roadworks").select("paid_at").where("id", "=", work.id).executeTakeFirstOrThrow();
  assert.ok(row.paid_at, "paid through the payment port");
  const tx = await ta.db.selectFrom("payment_transactions").select(["subject_type", "amount_cents", "status"]).executeTakeFirstOrThrow();
  assert.deepEqual(tx, { subject_type: "roadworks", amount_cents: 8000, status: "PAYED" });
  assert.match((await c.get("/baustellen/meine")).body, /Gebühr 80,00\s€ bezahlt/);
});
