/**
 * Issue 15 (a): the police station and bus operator asked for consent depend on the municipality. The county's
 * traffic office sets them per municipality (others get 403); asking the parties mails the area's addresses and
 * shows whom; without an entry the county-wide address applies; demo contacts never overwrite staff entries.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { application, companyAccount, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { demoContactsFor, seedPartyContactsDemo } from "../../src/modules/roadworks/commands/partyContacts.js";
import { roadworksModule } from "../../src/modules/roadworks/index.js";
import { gemeindenOfKreise, servedKreise } from "../../src/modules/geo/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

test("issue 15: per-municipality police and bus contacts set by the county, used when the parties are asked", { timeout: 180_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { db } = ta;
  const cityStaff = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const county = await staffOf(ta, "verkehr@enzkreis.example", "lra-08236-ordnung");

  // Only the county's traffic office (and administrators) decide whom to ask.
  assert.equal((await cityStaff.get("/verwaltung/baustellen/beteiligte")).statusCode, 403);
  const overview = await county.get("/verwaltung/baustellen/beteiligte");
  assert.equal(overview.statusCode, 200);
  assert.match(overview.body, /Mühlacker/);
  assert.match(overview.body, /kreisweite Adresse/);
  assert.equal((await county.get("/verwaltung/baustellen/beteiligte/09999999")).statusCode, 404);

  // Name and address go together; errors next to the field, input kept.
  const form = `/verwaltung/baustellen/beteiligte/${MUEHLACKER}`;
  const half = await county.submit(form, form, { polizeiName: "Polizeirevier Mühlacker", polizeiEmail: "", busName: "", busEmail: "kein-mail" });
  assert.equal(half.statusCode, 422);
  assert.match(half.body, /href="#polizeiEmail"/);
  assert.match(half.body, /href="#busEmail"/);
  assert.match(half.body, /value="Polizeirevier Mühlacker"/);
  const saved = await county.submit(form, form, { polizeiName: "Polizeirevier Mühlacker", polizeiEmail: "revier.muehlacker@polizei.example", busName: "Stadtbus Mühlacker", busEmail: "betrieb@stadtbus-muehlacker.example" });
  assert.equal(saved.statusCode, 303);
  assert.match((await county.get("/verwaltung/baustellen/beteiligte")).body, /Polizeirevier Mühlacker &lt;revier.muehlacker@polizei.example>/);
  assert.equal((await db.selectFrom("audit_log").select("action").where("action", "=", "roadworks.party_contacts_set").execute()).length, 1);

  // Demo contacts fill the gaps only: Mühlacker keeps the staff entry, Keltern gets its demo area.
  assert.equal(await seedPartyContactsDemo(db, [MUEHLACKER, "08236070"]), 2);
  const rows = await db.selectFrom("roadworks_party_contacts").selectAll().execute();
  assert.equal(rows.find((r) => r.ags === MUEHLACKER && r.party === "police")!.email, "revier.muehlacker@polizei.example");
  const keltern = rows.find((r) => r.ags === "08236070" && r.party === "police")!;
  assert.equal(keltern.email, demoContactsFor("08236070").police.email);
  assert.ok(keltern.is_demo && /Demo/.test(keltern.name) && keltern.email.endsWith(".example"));
  assert.equal(await seedPartyContactsDemo(db, ["08236070"]), 0, "idempotent");
  // The module's demo data covers every municipality the form offers: the county's and the partner Stadtkreis Pforzheim
  // (before session 25 only the county's – a Pforzheim work fell back to the county-wide addresses), and each of them
  // has its own administration (gem-<AGS>) to answer as the municipality signed in.
  await roadworksModule.demoData!({ db, config: ta.config, log: () => {} });
  const municipalities = await gemeindenOfKreise(db, servedKreise(ta.config));
  assert.ok(municipalities.length > 20);
  assert.ok(municipalities.some((m) => m.ags === "08231000"), "Pforzheim is served");
  for (const party of ["police", "bus"] as const) {
    const rows = await db.selectFrom("roadworks_party_contacts").select("ags").where("party", "=", party).execute();
    assert.deepEqual(rows.map((r) => r.ags).sort(), municipalities.map((m) => m.ags).sort(), `${party}: a demo contact for every served municipality`);
  }
  const pforzheim = await db.selectFrom("roadworks_party_contacts").select(["party", "name"]).where("ags", "=", "08231000").orderBy("party").execute();
  assert.ok(pforzheim.every((c) => /Pforzheim/.test(c.name)), `Pforzheim's own police station and bus operator, not another area's: ${JSON.stringify(pforzheim)}`);
  const units = await db.selectFrom("org_units").select("key").where("key", "in", municipalities.map((m) => `gem-${m.ags}`)).execute();
  assert.equal(units.length, municipalities.length, "every served municipality has its administration as org unit");

  // Asking the parties for a work in Mühlacker mails the area's police station and bus operator.
  const { c: applicant, companyId } = await companyAccount(ta, "bau@areas.example", "Areas Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const workId = await submitApplication(ta, applicant, application(companyId, start, addDays(start, 6)));
  const detail = `/verwaltung/baustellen/${workId}`;
  assert.equal((await cityStaff.submit(detail, `${detail}/beteiligen`, {})).statusCode, 303);
  const mails = (await db.selectFrom("mail_queue").select("recipient").where("kind", "=", "roadworks.consent_request").execute()).map((m) => m.recipient);
  assert.ok(mails.includes("revier.muehlacker@polizei.example") && mails.includes("betrieb@stadtbus-muehlacker.example"), mails.join());
  assert.ok(!mails.includes("verkehrspolizei@kreisportal.example"), "not the county-wide address");
  const consents = await db.selectFrom("roadworks_consents").select(["party", "invited_name"]).where("roadwork_id", "=", workId).execute();
  assert.equal(consents.find((c) => c.party === "police")!.invited_name, "Polizeirevier Mühlacker");
  assert.match((await cityStaff.get(detail)).body, /Link gesendet an Stadtbus Mühlacker &lt;betrieb@stadtbus-muehlacker.example>/);

  // Both fields emptied: the entry goes and the county-wide address applies again.
  assert.equal((await county.submit(form, form, { polizeiName: "", polizeiEmail: "", busName: "Stadtbus Mühlacker", busEmail: "betrieb@stadtbus-muehlacker.example" })).statusCode, 303);
  assert.equal((await db.selectFrom("roadworks_party_contacts").select("party").where("ags", "=", MUEHLACKER).execute()).map((r) => r.party).join(), "bus");
});
