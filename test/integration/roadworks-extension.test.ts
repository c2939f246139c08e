/**
 * Issue 15, ADR 0065: a later end or a new area of an ordered work opens a new consent round with municipality, police
 * and bus operator (request mails, answers recorded, late kept) and applies only when all consented; an objection
 * lets staff refuse it (the order stays); a pure shortening applies at once; only the work's authority; audited.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { application, companyAccount, consentAndOrder, csrfOf, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { extensionConsentRecorder } from "../../src/modules/roadworks/commands/extensions.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

test("issue 15: extensions and area changes go through a new consent round; a shortening does not", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  const staff = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const countyStaff = await staffOf(ta, "verkehr@enzkreis.example", "lra-08236-ordnung");
  const { c, companyId } = await companyAccount(ta, "bau@verlaengerung.example", "Verlängerung Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 13);
  const id = await submitApplication(ta, c, application(companyId, start, end, { titel: "Kanal Verlängerung" }));
  const detail = `/verwaltung/baustellen/${id}`;
  await consentAndOrder(staff, detail);
  const endOf = async () => (await db.selectFrom("roadworks").select(["end_date", "geometry", "min_lat", "max_lat"]).where("id", "=", id).executeTakeFirstOrThrow());
  const feedEnd = async () => (await app.inject({ url: `/api/v1/roadworks?ags=${MUEHLACKER}&from=${start}&to=${end}` })).json().features.find((f: { properties: { id: string } }) => f.properties.id === id).properties.end;

  // Bad input: nothing given, an unreadable area; errors next to the fields with the summary.
  const nothing = await staff.submit(detail, `${detail}/ende`, { neuesEnde: "", neueLage: "" });
  assert.equal(nothing.statusCode, 422);
  assert.match(nothing.body, /href="#neuesEnde"/);
  assert.match(nothing.body, /Bitte ein neues Ende oder eine neue Lage angeben/);
  const badArea = await staff.submit(detail, `${detail}/ende`, { neuesEnde: "", neueLage: "52.52, 13.40" });
  assert.equal(badArea.statusCode, 422);
  assert.match(badArea.body, /href="#neueLage"/);
  // Only the authority's staff.
  assert.equal((await countyStaff.post(`${detail}/ende`, { _csrf: csrfOf((await countyStaff.get("/verwaltung/baustellen")).body), neuesEnde: addDays(end, 5) })).statusCode, 403);

  // A later end opens a round: the parties are mailed, nothing changes yet; one round at a time.
  assert.equal((await staff.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, 5), begruendung: "Felsgestein im Graben" })).statusCode, 303);
  const round1 = await db.selectFrom("roadworks_extensions").selectAll().where("roadwork_id", "=", id).executeTakeFirstOrThrow();
  assert.deepEqual([round1.status, round1.old_end, round1.new_end, round1.new_geometry], ["consultation", end, addDays(end, 5), null]);
  const mails = await db.selectFrom("mail_queue").select(["recipient", "subject", "body"]).where("kind", "=", "roadworks.extension_request").where("ref", "=", id).execute();
  assert.equal(mails.length, 3);
  assert.match(mails[0]!.subject, /Verlängerung oder Änderung der Baustelle BS-/);
  assert.match(mails[0]!.body ?? "", new RegExp(`Neues Ende: ${addDays(end, 5)}`));
  assert.match(mails[0]!.body ?? "", /Felsgestein im Graben/);
  assert.equal((await endOf()).end_date, end);
  assert.equal(await feedEnd(), end);
  const page = await staff.get(detail);
  assert.match(page.body, /Laufende Beteiligung/);
  assert.doesNotMatch(page.body, /Verlängerung oder Änderung erteilen/, "not grantable before all consented");
  assert.equal((await staff.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, 9) })).statusCode, 409, "a second change while the round is open is refused with its reason");
  assert.equal((await db.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", id).execute()).length, 1, "one open round");
  const early = await staff.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round1.id, entscheidung: "granted" });
  assert.equal(early.statusCode, 409);

  // Answers: a choice is required; the bus operator objects – staff refuse the change, the order stays.
  const noChoice = await staff.submit(detail, `${detail}/verlaengerung/zustimmung`, { party: "police", verlaengerung: round1.id });
  assert.equal(noChoice.statusCode, 422);
  assert.match(noChoice.body, /href="#ext-antwort-police"/);
  assert.equal((await staff.submit(detail, `${detail}/verlaengerung/zustimmung`, { party: "municipality", verlaengerung: round1.id, "ext-antwort-municipality": "consent" })).statusCode, 303);
  assert.equal((await staff.submit(detail, `${detail}/verlaengerung/zustimmung`, { party: "bus", verlaengerung: round1.id, "ext-antwort-bus": "refusal", "ext-text-bus": "Schulbusverkehr ab dem Ferienende" })).statusCode, 303);
  // An answer after the deadline is kept and marked late.
  const ctx = { actor: { type: "system" as const, id: null }, db, requestId: "test" };
  assert.ok(await extensionConsentRecorder(ctx, id, round1.id, "police", { kind: "consent", text: "" }, new Date(Date.parse(`${addDays(round1.requested_at.toISOString().slice(0, 10), 30)}T12:00:00Z`))));
  const answers = await db.selectFrom("roadworks_extension_consents").select(["party", "answer", "late", "text"]).where("extension_id", "=", round1.id).orderBy("party").execute();
  assert.deepEqual(answers.map((a) => [a.party, a.answer, a.late]), [["bus", "refusal", false], ["municipality", "consent", false], ["police", "consent", true]]);
  assert.match((await staff.get(detail)).body, /Schulbusverkehr ab dem Ferienende/);
  assert.equal((await staff.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round1.id, entscheidung: "granted" })).statusCode, 409, "an objection blocks granting");
  assert.equal((await staff.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round1.id, entscheidung: "refused" })).statusCode, 303);
  assert.equal((await endOf()).end_date, end, "the order stays as it was");

  // A new area (same end) opens the next round; all consent; granted: the area and its bounds change.
  const before = await endOf();
  const newArea = "48.9500, 8.8400; 48.9520, 8.8440";
  assert.equal((await staff.submit(detail, `${detail}/ende`, { neuesEnde: "", neueLage: newArea })).statusCode, 303);
  const round2 = await db.selectFrom("roadworks_extensions").selectAll().where("roadwork_id", "=", id).where("status", "=", "consultation").executeTakeFirstOrThrow();
  assert.equal(round2.new_end, end);
  assert.equal(round2.new_geometry?.type, "LineString");
  for (const party of ["municipality", "police", "bus"]) assert.equal((await staff.submit(detail, `${detail}/verlaengerung/zustimmung`, { party, verlaengerung: round2.id, [`ext-antwort-${party}`]: "consent" })).statusCode, 303);
  assert.match((await staff.get(detail)).body, /Verlängerung oder Änderung erteilen/);
  assert.match((await staff.get("/verwaltung/vorgaenge")).body, new RegExp(`href="${detail}#verlaengerung">Alle Stellungnahmen zur Änderung liegen vor`), "a task in the staff inbox");
  assert.equal((await staff.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round2.id, entscheidung: "granted" })).statusCode, 303);
  const after = await endOf();
  assert.deepEqual(after.geometry, { type: "LineString", coordinates: [[8.84, 48.95], [8.844, 48.952]] });
  assert.notEqual(after.max_lat, before.max_lat, "the bounds follow the area");

  // A later end with all consents: the feed follows.
  assert.equal((await staff.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, 4) })).statusCode, 303);
  const round3 = await db.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", id).where("status", "=", "consultation").executeTakeFirstOrThrow();
  for (const party of ["municipality", "police", "bus"]) await staff.submit(detail, `${detail}/verlaengerung/zustimmung`, { party, verlaengerung: round3.id, [`ext-antwort-${party}`]: "consent" });
  assert.equal((await staff.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round3.id, entscheidung: "granted" })).statusCode, 303);
  assert.equal(await feedEnd(), addDays(end, 4));

  // A pure shortening applies at once, without a round.
  assert.equal((await staff.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, 1) })).statusCode, 303);
  assert.equal((await endOf()).end_date, addDays(end, 1));
  assert.equal((await db.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", id).where("kind", "=", "round").execute()).length, 3, "no round for a shortening");
  assert.match((await staff.get(detail)).body, /Frühere Verlängerungen und Änderungen/);

  const actions = (await db.selectFrom("audit_log").select("action").where("object_id", "=", id).where("action", "like", "roadworks.ext%").orderBy("id").execute()).map((a) => a.action);
  assert.deepEqual(actions, ["roadworks.extension_requested", ...Array(3).fill("roadworks.extension_consent_recorded"), "roadworks.extension_refused", "roadworks.extension_requested", ...Array(3).fill("roadworks.extension_consent_recorded"), "roadworks.extended", "roadworks.extension_requested", ...Array(3).fill("roadworks.extension_consent_recorded"), "roadworks.extended"]);
  assert.equal((await db.selectFrom("audit_log").select("action").where("object_id", "=", id).where("action", "=", "roadworks.ended_early").execute()).length, 1);
});
