/**
 * Issue 15: an early end applied by staff without a consent round is a decision of its own (who, when, reason, new end)
 * with a notice (PDF) and a link-only mail to the company, shown in the work's history; and every notice of the order
 * names its signer ("Im Auftrag", the deciding staff member's name and unit) – the order, the change notice and the
 * early end's notice (migration 0090).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client } from "../helpers.js";
import { application, companyAccount, consentAndOrder, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { pdfText } from "../support/pdfText.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";
import { deliverQueuedMails } from "../../src/platform/mail/queue.js";

test("issue 15: an early end without a round is stored, noticed, mailed and listed; the notices name their signer", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { db } = ta;
  const city = await staffOf(ta, "sommer@muehlacker.example", `gem-${MUEHLACKER}`);
  const colleague = await staffOf(ta, "winter@muehlacker.example", `gem-${MUEHLACKER}`);
  await db.updateTable("users").set({ display_name: "Petra Sommer" }).where("email", "=", "sommer@muehlacker.example").execute();
  await db.updateTable("users").set({ display_name: "Klaus Winter" }).where("email", "=", "winter@muehlacker.example").execute();
  const unit = await db.selectFrom("org_units").select("name").where("key", "=", `gem-${MUEHLACKER}`).executeTakeFirstOrThrow();
  const { c, companyId } = await companyAccount(ta, "bau@frueh.example", "Früh Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 20);
  const id = await submitApplication(ta, c, application(companyId, start, end, { titel: "Kanal Früh" }));
  const detail = `/verwaltung/baustellen/${id}`;
  await consentAndOrder(city, detail, { municipality: "", police: "Baken nachts beleuchten", bus: "" });

  // The order names its signer: stored on the work, printed under "Im Auftrag" with the unit.
  const ordered = await db.selectFrom("roadworks").select(["reference", "order_signed_by", "order_signed_unit", "ordered_by"]).where("id", "=", id).executeTakeFirstOrThrow();
  assert.equal(ordered.order_signed_by, "Petra Sommer");
  assert.equal(ordered.order_signed_unit, unit.name);
  assert.ok(ordered.ordered_by);
  const orderText = pdfText((await c.get(`/baustellen/${id}/anordnung.pdf`)).rawPayload);
  assert.match(orderText, /Im Auftrag\s[\s\S]*?Petra Sommer\s+/, "the order's signer");
  assert.ok(orderText.includes(unit.name), "with the unit");

  // An early end without a round: a decision of its own, by a colleague.
  const newEnd = addDays(end, -8);
  const early = await colleague.submit(detail, `${detail}/ende`, { neuesEnde: newEnd, begruendung: "Arbeiten früher fertig" });
  assert.equal(early.statusCode, 303);
  const decision = await db.selectFrom("roadworks_extensions").selectAll().where("roadwork_id", "=", id).executeTakeFirstOrThrow();
  assert.equal(decision.kind, "early_end");
  assert.equal(decision.status, "granted");
  assert.equal(decision.old_end, end);
  assert.equal(decision.new_end, newEnd);
  assert.equal(decision.reason, "Arbeiten früher fertig");
  assert.ok(decision.decided_at && decision.decided_by, "when and who");
  assert.equal(decision.signed_by, "Klaus Winter");
  assert.equal(decision.signed_unit, unit.name);
  assert.equal((await db.selectFrom("roadworks_extension_consents").select("party").where("extension_id", "=", decision.id).execute()).length, 0, "no parties asked");
  assert.equal((await db.selectFrom("roadworks").select("end_date").where("id", "=", id).executeTakeFirstOrThrow()).end_date, newEnd);

  // The link-only mail to the company's address and the applying account: the notice's link, no attachment.
  const noticeUrl = `/baustellen/${id}/aenderung/${decision.id}/bescheid.pdf`;
  const queued = await db.selectFrom("mail_queue").select("recipient").where("kind", "=", "roadworks.ended_early").where("ref", "=", id).execute();
  assert.deepEqual(queued.map((m) => m.recipient).sort(), ["bau@frueh.example", "info@frueh.example"]);
  await deliverQueuedMails(db, ta.app.deps.mailer, { refs: [id] });
  for (const to of ["bau@frueh.example", "info@frueh.example"]) {
    const m = await ta.mail.waitFor(to, (x) => x.subject.includes(ordered.reference) && /vorzeitig/i.test(x.subject));
    const body = m.text;
    assert.ok(body.includes(noticeUrl), "the notice's link");
    assert.ok(body.includes(newEnd), "the new end");
    assert.ok(!m.raw.includes("application/pdf"), "link only, nothing attached");
  }

  // The notice: old and new end, the reason, the order's conditions, and the signer.
  const served = await c.get(noticeUrl);
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers["content-type"], "application/pdf");
  const text = pdfText(served.rawPayload);
  assert.match(text, /vorzeitige/i);
  assert.match(text, new RegExp(`Verkehrsrechtliche Anordnung ${ordered.reference} vom`));
  assert.match(text, new RegExp(`Zeitraum bisher[\\s\\S]*${end}`));
  assert.match(text, new RegExp(`Zeitraum neu[\\s\\S]*${newEnd}`));
  assert.match(text, /Arbeiten früher fertig/);
  assert.match(text, /Baken nachts beleuchten/, "the order's conditions still apply until the new end");
  assert.match(text, /Im Auftrag\s[\s\S]*?Klaus Winter\s+/);
  assert.ok(text.includes(unit.name));
  assert.equal((await city.get(noticeUrl)).statusCode, 200, "the authority's staff");
  assert.equal((await new Client(ta.app).get(noticeUrl)).statusCode, 404, "anonymous");

  // In the history of the company and of the staff.
  const mine = (await c.get("/baustellen/meine")).body;
  assert.ok(mine.includes(noticeUrl), "the company's list links the notice");
  assert.match(mine, /Vorzeitiges Ende/);
  const staffPage = (await city.get(detail)).body;
  assert.ok(staffPage.includes(noticeUrl), "the staff page links the notice");
  assert.match(staffPage, /Vorzeitiges Ende[^<]*Arbeiten früher fertig/);
  assert.match(staffPage, /Klaus Winter/, "who decided");

  // A change round's notice names who granted it.
  assert.equal((await city.submit(detail, `${detail}/ende`, { neuesEnde: addDays(newEnd, 3), begruendung: "Nacharbeiten" })).statusCode, 303);
  const round = await db.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", id).where("status", "=", "consultation").executeTakeFirstOrThrow();
  for (const party of ["municipality", "police", "bus"]) assert.equal((await city.submit(detail, `${detail}/verlaengerung/zustimmung`, { party, verlaengerung: round.id, [`ext-antwort-${party}`]: "consent" })).statusCode, 303);
  assert.equal((await colleague.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round.id, entscheidung: "granted" })).statusCode, 303);
  const granted = await db.selectFrom("roadworks_extensions").select(["kind", "signed_by", "signed_unit"]).where("id", "=", round.id).executeTakeFirstOrThrow();
  assert.deepEqual(granted, { kind: "round", signed_by: "Klaus Winter", signed_unit: unit.name });
  const changeText = pdfText((await c.get(`/baustellen/${id}/aenderung/${round.id}/bescheid.pdf`)).rawPayload);
  assert.match(changeText, /Änderungsbescheid/);
  assert.match(changeText, /Im Auftrag\s[\s\S]*?Klaus Winter\s+/);

  // An early end can no longer be asked twice for the same end, and the audit names the decision.
  const audit = await db.selectFrom("audit_log").select("details").where("object_id", "=", id).where("action", "=", "roadworks.ended_early").executeTakeFirstOrThrow();
  assert.equal((audit.details as { decision?: string }).decision, decision.id);
});
