/**
 * Issue 15: the conflicts shown for an open change round are recomputed when the page is shown – a work that came
 * (or went) after the round was opened shows (or no longer shows); the stored snapshot stays the record of the request.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { application, companyAccount, consentAndOrder, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

test("issue 15: a change round's conflicts are checked again on display", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { db } = ta;
  const staff = await staffOf(ta, "konflikt@muehlacker.example", `gem-${MUEHLACKER}`);
  const { c, companyId } = await companyAccount(ta, "bau@konflikt.example", "Konflikt Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 13);
  const id = await submitApplication(ta, c, application(companyId, start, end, { titel: "Kanal Konflikt" }));
  const detail = `/verwaltung/baustellen/${id}`;
  await consentAndOrder(staff, detail);

  // The round is opened with nothing next door.
  assert.equal((await staff.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, 6), begruendung: "Felsgestein" })).statusCode, 303);
  const round = await db.selectFrom("roadworks_extensions").select("conflicts").where("roadwork_id", "=", id).where("status", "=", "consultation").executeTakeFirstOrThrow();
  assert.deepEqual(round.conflicts, []);
  assert.match((await staff.get(detail)).body, /Keine Überschneidungen mit anderen Baustellen/);

  // A work next door in the extended days is applied for afterwards: the round shows it now.
  const later = await submitApplication(ta, c, application(companyId, addDays(end, 2), addDays(end, 20), { titel: "Gasleitung Bahnhofstraße", strasse: "Bahnhofstraße", lage: "48.9492, 8.8405", umleitung: "" }));
  const page = (await staff.get(detail)).body;
  assert.match(page, new RegExp(`href="/verwaltung/baustellen/${later}">Gasleitung Bahnhofstraße`), "recomputed on display");
  assert.doesNotMatch(page, /Keine Überschneidungen mit anderen Baustellen/);
  assert.deepEqual((await db.selectFrom("roadworks_extensions").select("conflicts").where("roadwork_id", "=", id).where("status", "=", "consultation").executeTakeFirstOrThrow()).conflicts, [], "the stored snapshot stays as requested");
});
