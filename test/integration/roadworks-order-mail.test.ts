/**
 * Issue 15: the company's decision mails carry their notice as a PDF attachment – the order (Anordnung) itself, and for
 * a granted change the change notice (Änderungsbescheid) – delivered through the real local SMTP server of the test suite.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client } from "../helpers.js";
import { application, companyAccount, consentAndOrder, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { pdfText } from "../support/pdfText.js";
import { deliverQueuedMails } from "../../src/platform/mail/queue.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

/** The PDF attached to a raw MIME mail (base64 part with content type application/pdf). */
function pdfAttachment(raw: string): { filename: string; bytes: Buffer } | undefined {
  const m = /Content-Type: application\/pdf;?\s*(?:name="?([^"\r\n]+)"?)?[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/i.exec(raw);
  return m ? { filename: m[1] ?? "", bytes: Buffer.from(m[2]!.replace(/\s+/g, ""), "base64") } : undefined;
}

test("issue 15: the order and a granted change are mailed to the company with the order PDF and the change notice attached", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db, mail } = ta;
  const city = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const { c, companyId } = await companyAccount(ta, "bau@anhang.example", "Anhang Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 13);
  const id = await submitApplication(ta, c, application(companyId, start, end, { titel: "Kanal Anhang" }));
  const detail = `/verwaltung/baustellen/${id}`;
  await consentAndOrder(city, detail, { municipality: "", police: "Baken nachts beleuchten", bus: "" });
  const { reference } = await db.selectFrom("roadworks").select("reference").where("id", "=", id).executeTakeFirstOrThrow();

  // The order mail: through SMTP, with the link and the order as PDF (the same content as the linked one).
  await deliverQueuedMails(db, app.deps.mailer, { refs: [id] });
  const orderMail = await mail.waitFor("info@anhang.example", (m) => m.raw.includes("application/pdf") && /Anordnung/.test(m.subject));
  assert.match(orderMail.raw.replace(/=\r?\n/g, ""), new RegExp(`/baustellen/${id}/anordnung\\.pdf`), "the link stays in the text");
  const pdf = pdfAttachment(orderMail.raw);
  assert.ok(pdf, "a PDF is attached");
  assert.equal(pdf.filename, `anordnung-${reference}.pdf`);
  assert.equal(pdf.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  const text = pdfText(pdf.bytes);
  assert.match(text, new RegExp(reference));
  assert.match(text, /Kanal Anhang/);
  assert.match(text, /Baken nachts beleuchten/, "the conditions are in the attached order");
  assert.ok((await db.selectFrom("mail_queue").select("attachments").where("kind", "=", "roadworks.order").where("ref", "=", id).execute()).every((m) => m.attachments === null), "sent, the attachment removed from the queue");

  // A later end granted: the decision mail carries the change notice (Änderungsbescheid), not the order again.
  const newEnd = addDays(end, 7);
  assert.equal((await city.submit(detail, `${detail}/ende`, { neuesEnde: newEnd, begruendung: "Felsgestein" })).statusCode, 303);
  const round = await db.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", id).where("status", "=", "consultation").executeTakeFirstOrThrow();
  for (const party of ["municipality", "police", "bus"]) assert.equal((await city.submit(detail, `${detail}/verlaengerung/zustimmung`, { party, verlaengerung: round.id, [`ext-antwort-${party}`]: "consent", [`ext-text-${party}`]: party === "bus" ? "Ersatzhaltestelle ausschildern" : "" })).statusCode, 303);
  assert.equal((await city.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round.id, entscheidung: "granted" })).statusCode, 303);
  await deliverQueuedMails(db, app.deps.mailer, { refs: [id] });
  const decided = await mail.waitFor("info@anhang.example", (m) => m.raw.includes("application/pdf") && m !== orderMail);
  assert.match(decided.raw.replace(/=\r?\n/g, ""), /nderungsbescheid ist als PDF angeh/, "the mail says the notice is attached");
  const notice = pdfAttachment(decided.raw);
  assert.ok(notice, "the change notice is attached");
  assert.equal(notice.filename, `aenderung-${reference}.pdf`);
  assert.equal(notice.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  const noticeText = pdfText(notice.bytes);
  assert.match(noticeText, /Änderungsbescheid/);
  assert.match(noticeText, new RegExp(`Verkehrsrechtliche Anordnung ${reference} vom`), "refers to the original order");
  assert.match(noticeText, new RegExp(`Zeitraum bisher[\\s\\S]*${end}`), "the old end");
  assert.match(noticeText, new RegExp(`Zeitraum neu[\\s\\S]*${newEnd}`), "the new end");
  assert.match(noticeText, /Ersatzhaltestelle ausschildern/, "the change's own condition");
  assert.match(noticeText, /Weiterhin geltende Auflagen[\s\S]*Baken nachts beleuchten/, "the order's conditions still apply");

  // Served like the order: the company's accounts, the authority's staff, the order link's token; nobody else.
  const noticeUrl = `/baustellen/${id}/aenderung/${round.id}/bescheid.pdf`;
  const { order_token } = await db.selectFrom("roadworks").select("order_token").where("id", "=", id).executeTakeFirstOrThrow();
  const mine = await c.get("/baustellen/meine");
  assert.ok(mine.body.includes(noticeUrl) && mine.body.includes(`/baustellen/${id}/anordnung.pdf`), "the company page links the notice and still the order");
  assert.ok((await city.get(detail)).body.includes(noticeUrl), "the staff page links the notice");
  const served = await c.get(noticeUrl);
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers["content-type"], "application/pdf");
  assert.equal(pdfText(served.rawPayload), noticeText, "the served notice is the mailed one");
  assert.equal((await city.get(noticeUrl)).statusCode, 200);
  assert.equal((await new Client(app).get(`${noticeUrl}?t=${order_token}`)).statusCode, 200, "with the order link's token");
  assert.equal((await new Client(app).get(noticeUrl)).statusCode, 404, "anonymous without the token");
  assert.equal((await new Client(app).get(`${noticeUrl}?t=wrong`)).statusCode, 404);
  const other = await companyAccount(ta, "bau@fremd.example", "Fremd Bau GmbH");
  assert.equal((await other.c.get(noticeUrl)).statusCode, 404, "another company's account");
  const county = await staffOf(ta, "verkehr@enzkreis.example", "lra-08236-ordnung");
  assert.equal((await county.get(noticeUrl)).statusCode, 404, "staff of another authority");
  assert.equal((await c.get(`/baustellen/${id}/aenderung/00000000-0000-0000-0000-000000000000/bescheid.pdf`)).statusCode, 404);

  assert.equal((await city.submit(detail, `${detail}/ende`, { neuesEnde: addDays(newEnd, 3), begruendung: "Noch mehr Fels" })).statusCode, 303);
  const round2 = await db.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", id).where("status", "=", "consultation").executeTakeFirstOrThrow();
  assert.equal((await city.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round2.id, entscheidung: "refused" })).statusCode, 303);
  assert.equal((await c.get(`/baustellen/${id}/aenderung/${round2.id}/bescheid.pdf`)).statusCode, 404, "a refused change has no notice");
  const refusedMails = await db.selectFrom("mail_queue").select("attachments").where("kind", "=", "roadworks.extension_decided").where("ref", "=", id).where("sent_at", "is", null).execute();
  assert.ok(refusedMails.length > 0 && refusedMails.every((m) => m.attachments === null), "a refused change attaches no order");
});
