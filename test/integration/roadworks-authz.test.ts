/**
 * Issue 15 (security): who may work on the staff side of road works. Before, any staff account (a clerk of the
 * building office) could open /verwaltung/baustellen, approve construction companies, add accounts to them and
 * enter or remove events for the conflict check in any municipality.
 * Now: the county's traffic office (org unit lra-<county>-ordnung) and administrators approve companies; a
 * municipality's administration (gem-<AGS>) and the county's traffic office keep the events of that municipality;
 * the list page is for road traffic authorities (the county's traffic office and municipal administrations).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, signedIn } from "../helpers.js";
import { seedEventsDemo } from "../../src/modules/roadworks/commands/events.js";
import { csrfOf, MUEHLACKER, staffOf } from "../support/roadworks.js";

const KELTERN = "08236070";

test("issue 15 (security): only road traffic authorities work on road works; companies by the county's traffic office; events by their municipality", { timeout: 180_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  await seedEventsDemo(db);
  const clerk = await staffOf(ta, "bauamt@enzkreis.example", "lra-08236-baurecht");
  const county = await staffOf(ta, "verkehr@enzkreis.example", "lra-08236-ordnung");
  const muehlacker = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const admin = await signedIn(app, db, { email: "it@enzkreis.example", kind: "staff", roles: ["admin"] });

  // A company waiting for approval.
  const firm = await signedIn(app, db, { email: "bau@firma.example", kind: "citizen" });
  assert.equal((await firm.submit("/baustellen/firma", "/baustellen/firma", { name: "Tiefbau Test GmbH", email: "info@firma.example", telefon: "07041 1234" })).statusCode, 303);
  const company = await db.selectFrom("roadworks_companies").select(["id", "status"]).where("name", "=", "Tiefbau Test GmbH").executeTakeFirstOrThrow();

  // The building-office clerk: no page, no approval, no account, no event — also with a valid CSRF token.
  for (const path of ["/verwaltung/baustellen", "/verwaltung/baustellen/veranstaltungen"]) assert.equal((await clerk.get(path)).statusCode, 403, `clerk GET ${path}`);
  const token = csrfOf((await clerk.get("/konto")).body);
  assert.equal((await clerk.post(`/verwaltung/baustellen/firmen/${company.id}/freigeben`, { _csrf: token })).statusCode, 403);
  assert.equal((await clerk.post(`/verwaltung/baustellen/firmen/${company.id}/konten`, { _csrf: token, [`email-${company.id}`]: "bau@firma.example" })).statusCode, 403);
  const event = { name: "Fremdes Fest", gemeinde: MUEHLACKER, strasse: "Hauptstraße", lage: "48.9600, 8.8600", beginn: "2027-05-01", ende: "2027-05-02" };
  assert.equal((await clerk.post("/verwaltung/baustellen/veranstaltungen", { _csrf: token, ...event })).statusCode, 403);
  const keltern = (await db.selectFrom("roadworks_events").select("id").where("ags", "=", KELTERN).executeTakeFirstOrThrow()).id;
  assert.equal((await clerk.post(`/verwaltung/baustellen/veranstaltungen/${keltern}/entfernen`, { _csrf: token })).statusCode, 403);

  // A municipality sees the list and keeps its own events, not another municipality's; it does not approve companies.
  assert.equal((await muehlacker.get("/verwaltung/baustellen")).statusCode, 200);
  assert.doesNotMatch((await muehlacker.get("/verwaltung/baustellen")).body, new RegExp(`firmen/${company.id}/freigeben`), "no approve button for a municipality");
  assert.equal((await muehlacker.submit("/verwaltung/baustellen", `/verwaltung/baustellen/firmen/${company.id}/freigeben`, {})).statusCode, 403);
  const page = "/verwaltung/baustellen/veranstaltungen";
  assert.equal((await muehlacker.submit(page, page, event)).statusCode, 303);
  const other = await muehlacker.submit(page, page, { ...event, name: "Weinfest", gemeinde: KELTERN });
  assert.equal(other.statusCode, 422, "another municipality's event: an error at the field");
  assert.match(other.body, /href="#gemeinde"/);
  assert.equal((await muehlacker.submit(page, `${page}/${keltern}/entfernen`, {})).statusCode, 403);

  assert.equal((await db.selectFrom("roadworks_companies").select("status").where("id", "=", company.id).executeTakeFirstOrThrow()).status, "pending");
  assert.equal((await db.selectFrom("roadworks_events").select("id").where("id", "=", keltern).execute()).length, 1);
  assert.equal((await db.selectFrom("roadworks_events").select("id").where("name", "=", "Fremdes Fest").execute()).length, 1, "Mühlacker's own event");

  // The county's traffic office approves; it and administrators keep every municipality's events.
  assert.equal((await county.submit("/verwaltung/baustellen", `/verwaltung/baustellen/firmen/${company.id}/freigeben`, {})).statusCode, 303);
  assert.equal((await db.selectFrom("roadworks_companies").select("status").where("id", "=", company.id).executeTakeFirstOrThrow()).status, "approved");
  assert.equal((await county.submit(page, page, { ...event, name: "Weinfest 2", gemeinde: KELTERN })).statusCode, 303);
  assert.equal((await admin.submit(page, `${page}/${keltern}/entfernen`, {})).statusCode, 303);
});
