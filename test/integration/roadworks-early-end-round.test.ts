/**
 * Issue 15: an early end (vorzeitiges Ende) is refused while a change round (Änderungsrunde) is still open – the
 * parties were asked about a change of the order as it stands, and a grant would otherwise set the end again and
 * undo the early end. 409 with the German message on the page, nothing stored, nobody mailed; the staff page says
 * why the form is missing. After the round is decided (refused) the early end applies. A second change while the
 * round is open is refused the same way (409 with its message, no longer a silent redirect).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { application, companyAccount, consentAndOrder, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

test("issue 15: no early end while a change round is open; after the round is decided it applies", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { db } = ta;
  const city = await staffOf(ta, "herbst@muehlacker.example", `gem-${MUEHLACKER}`);
  const { c, companyId } = await companyAccount(ta, "bau@runde.example", "Runde Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 20);
  const id = await submitApplication(ta, c, application(companyId, start, end, { titel: "Kanal Runde" }));
  const detail = `/verwaltung/baustellen/${id}`;
  await consentAndOrder(city, detail);

  // A later end opens a change round.
  assert.equal((await city.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, 5), begruendung: "Felsgestein" })).statusCode, 303);
  const round = await db.selectFrom("roadworks_extensions").select(["id", "status"]).where("roadwork_id", "=", id).executeTakeFirstOrThrow();
  assert.equal(round.status, "consultation");

  // The page says why the end cannot be changed now (the form is not offered).
  const page = (await city.get(detail)).body;
  assert.match(page, /Ein vorzeitiges Ende kann erst verfügt werden, wenn über die laufende Änderung entschieden ist/);
  assert.doesNotMatch(page, /name="neuesEnde"/);

  // An early end posted anyway (a page opened before the round, another tab): 409, the message, nothing changes.
  const early = await city.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, -5), begruendung: "früher fertig" });
  assert.equal(early.statusCode, 409);
  assert.match(early.body, /Für diese Baustelle läuft noch eine Beteiligung zur Änderung/);
  assert.match(early.body, /href="#verlaengerung"/, "the error summary links the section");
  const rows = await db.selectFrom("roadworks_extensions").select(["kind", "status"]).where("roadwork_id", "=", id).execute();
  assert.deepEqual(rows, [{ kind: "round", status: "consultation" }], "no early-end decision stored");
  assert.equal((await db.selectFrom("roadworks").select("end_date").where("id", "=", id).executeTakeFirstOrThrow()).end_date, end);
  assert.equal((await db.selectFrom("mail_queue").select("id").where("kind", "=", "roadworks.ended_early").where("ref", "=", id).execute()).length, 0, "nobody mailed");
  assert.equal((await db.selectFrom("audit_log").select("id").where("object_id", "=", id).where("action", "=", "roadworks.ended_early").execute()).length, 0);

  // Another change while the round is open: 409 with its own message, still one round.
  const second = await city.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, 9) });
  assert.equal(second.statusCode, 409);
  assert.match(second.body, /Eine weitere Änderung kann erst beantragt werden/);
  assert.equal((await db.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", id).execute()).length, 1);

  // The round is refused (overtaken by the early end); now the early end applies.
  assert.equal((await city.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round.id, entscheidung: "refused" })).statusCode, 303);
  assert.equal((await city.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, -5), begruendung: "früher fertig" })).statusCode, 303);
  const decided = await db.selectFrom("roadworks_extensions").select(["kind", "status", "new_end"]).where("roadwork_id", "=", id).orderBy("requested_at").execute();
  assert.deepEqual(decided, [{ kind: "round", status: "refused", new_end: addDays(end, 5) }, { kind: "early_end", status: "granted", new_end: addDays(end, -5) }]);
  assert.equal((await db.selectFrom("roadworks").select("end_date").where("id", "=", id).executeTakeFirstOrThrow()).end_date, addDays(end, -5));
});
