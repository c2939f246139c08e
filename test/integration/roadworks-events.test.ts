/**
 * Issue 15, ADR 0065: staff enter known events (Veranstaltungen: name, period, place); the conflict check shows
 * those on the same road of the municipality or nearby in an overlapping period – to the applicant before submitting
 * and to staff – and not others; errors next to the fields; audited; demo events idempotent.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, signedIn } from "../helpers.js";
import { PDF } from "../support/uploads.js";
import { application, companyAccount, csrfOf, MUEHLACKER, postMultipart, staffOf, submitApplication } from "../support/roadworks.js";
import { seedEventsDemo } from "../../src/modules/roadworks/commands/events.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

test("issue 15: known events are checked for conflicts before submitting and shown to staff", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  const staff = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const page = "/verwaltung/baustellen/veranstaltungen";
  assert.match((await staff.get("/verwaltung/baustellen")).body, /Veranstaltungen für die Konfliktprüfung/);
  const citizen = await signedIn(app, db, { email: "buerger@events.example", kind: "citizen" });
  assert.notEqual((await citizen.get(page)).statusCode, 200, "staff only");

  // Errors next to the fields, input kept.
  const bad = await staff.submit(page, page, { name: "", gemeinde: MUEHLACKER, strasse: "Hauptstraße", lage: "52.52, 13.40", beginn: "2027-05-03", ende: "2027-05-01" });
  assert.equal(bad.statusCode, 422);
  for (const f of ["name", "lage", "ende"]) assert.match(bad.body, new RegExp(`href="#${f}"`));
  assert.match(bad.body, /nicht vor dem Beginn/);
  assert.match(bad.body, /value="Hauptstraße"/);

  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 13);
  // On the same road (Hauptstr. = Hauptstraße) in the period; another far away in another period.
  assert.equal((await staff.submit(page, page, { name: "Stadtfest Mühlacker", gemeinde: MUEHLACKER, strasse: "Hauptstr.", lage: "48.9600, 8.8600", beginn: addDays(start, 3), ende: addDays(start, 4) })).statusCode, 303);
  assert.equal((await staff.submit(page, page, { name: "Herbstmarkt", gemeinde: MUEHLACKER, strasse: "Marktplatz", lage: "48.9600, 8.8600", beginn: addDays(start, 3), ende: addDays(start, 4) })).statusCode, 303);
  assert.equal((await staff.submit(page, page, { name: "Weihnachtsmarkt", gemeinde: MUEHLACKER, strasse: "Hauptstraße", lage: "48.9489, 8.8395", beginn: addDays(end, 30), ende: addDays(end, 32) })).statusCode, 303);
  // Nearby (within the distance of the site), another road name.
  assert.equal((await staff.submit(page, page, { name: "Lauf durch die Altstadt", gemeinde: MUEHLACKER, strasse: "Kirchplatz", lage: "48.9490, 8.8400", beginn: end, ende: end })).statusCode, 303);
  const listed = (await staff.get(page)).body;
  for (const name of ["Stadtfest Mühlacker", "Herbstmarkt", "Weihnachtsmarkt", "Lauf durch die Altstadt"]) assert.match(listed, new RegExp(name));

  // The applicant sees the events before submitting.
  const { c, companyId } = await companyAccount(ta, "bau@events.example", "Events Bau GmbH");
  const form = await c.get("/baustellen/antrag");
  const checked = await postMultipart(app, c, "/baustellen/antrag", { _csrf: csrfOf(form.body), aktion: "pruefen", ...application(companyId, start, end, { titel: "Kanal Events" }) }, [{ field: "zeichenplan", name: "plan.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(checked.statusCode, 200);
  assert.match(checked.body, /Veranstaltungen im selben Zeitraum/);
  assert.match(checked.body, /Stadtfest Mühlacker[\s\S]*dieselbe Straße/);
  assert.match(checked.body, /Lauf durch die Altstadt[\s\S]*in der Nähe/);
  assert.doesNotMatch(checked.body, /Herbstmarkt/, "another road, far away");
  assert.doesNotMatch(checked.body, /Weihnachtsmarkt/, "another period");

  // Staff see them on the detail page; removing one takes it out of the check.
  const id = await submitApplication(ta, c, application(companyId, start, end, { titel: "Kanal Events" }));
  assert.match((await staff.get(`/verwaltung/baustellen/${id}`)).body, /Stadtfest Mühlacker/);
  const fest = await db.selectFrom("roadworks_events").select("id").where("name", "=", "Stadtfest Mühlacker").executeTakeFirstOrThrow();
  assert.equal((await staff.submit(page, `${page}/${fest.id}/entfernen`, {})).statusCode, 303);
  assert.doesNotMatch((await staff.get(`/verwaltung/baustellen/${id}`)).body, /Stadtfest Mühlacker/);
  assert.equal((await staff.submit(page, `${page}/${fest.id}/entfernen`, {})).statusCode, 404);

  const actions = (await db.selectFrom("audit_log").select("action").where("action", "like", "roadworks.event_%").orderBy("id").execute()).map((a) => a.action);
  assert.deepEqual(actions, ["roadworks.event_added", "roadworks.event_added", "roadworks.event_added", "roadworks.event_added", "roadworks.event_removed"]);

  // Demo events: marked, idempotent.
  assert.equal(await seedEventsDemo(db), 2);
  assert.equal(await seedEventsDemo(db), 0);
  assert.match((await staff.get(page)).body, /Straßenfest Lienzinger Straße Mühlacker \(Demo\)/);
});
