/**
 * Issue 15, ADR 0065: the special-use permit (Sondernutzung) is its own decision beside the traffic order – asked on
 * the application form (kind, m²), its fee by the schedule (demo rate), decided by the authority (granted with
 * conditions or refused with reasons), its own notice PDF, mail and payment; the traffic order can be issued while
 * the special use is still open or refused, and the company sees both.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestAppWithPayments, signedIn, type Client } from "../helpers.js";
import { pdfText } from "../support/pdfText.js";
import { PDF } from "../support/uploads.js";
import { application, companyAccount, consentAndOrder, csrfOf, MUEHLACKER, postMultipart, staffOf, submitApplication } from "../support/roadworks.js";
import { specialUseFeeCents } from "../../src/modules/roadworks/rules.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

async function payInSandbox(c: Client, location: string) {
  const handover = await c.get(location);
  const payUrl = /<a class="kern-btn kern-btn--primary" href="([^"]+)"/.exec(handover.body)![1]!.replace(/&amp;/g, "&");
  const token = /name="token" value="([^"]+)"/.exec(await (await fetch(payUrl)).text())![1]!;
  const paid = await fetch(payUrl, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, aktion: "bezahlen" }).toString() });
  const back = new URL(paid.headers.get("location")!);
  await c.get(back.pathname + back.search);
}

test("issue 15: special-use permit decided on its own – order issued while it is open, then refused; another granted and paid; both shown to the company", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestAppWithPayments(t);
  const { app, db } = ta;
  const staff = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  await db.updateTable("users").set({ display_name: "Jonas Weber" }).where("email", "=", "verkehr@muehlacker.example").execute();
  const countyStaff = await staffOf(ta, "verkehr@enzkreis.example", "lra-08236-ordnung");
  const { c, companyId } = await companyAccount(ta, "bau@sondernutzung.example", "Sondernutzung Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 13);
  const su = { sondernutzung: "ja", sondernutzungArt: "Baucontainer und Materiallager auf dem Gehweg vor Nr. 12", sondernutzungFlaeche: "20" };

  // Asked without its kind and area: errors next to the fields, in the summary, input kept.
  const form = await c.get("/baustellen/antrag");
  assert.match(form.body, /Sondernutzung der Straße/);
  const bad = await postMultipart(app, c, "/baustellen/antrag", { _csrf: csrfOf(form.body), aktion: "pruefen", ...application(companyId, start, end, { titel: "Kanal Sondernutzung", sondernutzung: "ja", sondernutzungFlaeche: "viel" }) }, [{ field: "zeichenplan", name: "plan.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#sondernutzungArt"/);
  assert.match(bad.body, /href="#sondernutzungFlaeche"/);
  assert.match(bad.body, /Bitte die Art der Sondernutzung angeben/);
  assert.match(bad.body, /value="viel"/, "input kept");

  // The check step names the expected special-use fee: 20 m², 2 weeks → 40 €.
  assert.equal(specialUseFeeCents(20, start, end), 4_000);
  const checked = await postMultipart(app, c, "/baustellen/antrag", { _csrf: csrfOf(form.body), aktion: "pruefen", ...application(companyId, start, end, { titel: "Kanal Sondernutzung", ...su }) }, [{ field: "zeichenplan", name: "plan.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(checked.statusCode, 200);
  assert.match(checked.body, /Sondernutzungserlaubnis: voraussichtliche Gebühr 40,00\s€/);

  const first = await submitApplication(ta, c, application(companyId, start, end, { titel: "Kanal Sondernutzung", ...su }));
  const row = await db.selectFrom("roadworks_special_uses").selectAll().where("roadwork_id", "=", first).executeTakeFirstOrThrow();
  assert.deepEqual([row.status, row.area_m2, row.purpose], ["pending", 20, su.sondernutzungArt]);
  const detail = `/verwaltung/baustellen/${first}`;
  assert.match((await staff.get(detail)).body, /unabhängig von der verkehrsrechtlichen Anordnung/);
  assert.match((await staff.get("/verwaltung/vorgaenge")).body, new RegExp(`href="${detail}#sondernutzung">Über die Sondernutzung entscheiden: BS-`), "a task in the staff inbox");
  assert.doesNotMatch((await countyStaff.get("/verwaltung/vorgaenge")).body, /Über die Sondernutzung entscheiden/, "not for another authority");

  // Only the work's authority decides.
  const foreign = await countyStaff.post(`${detail}/sondernutzung`, { _csrf: csrfOf((await countyStaff.get("/verwaltung/baustellen")).body), suEntscheidung: "granted", suText: "" });
  assert.equal(foreign.statusCode, 403);

  // The traffic order is issued while the special use is still open.
  await consentAndOrder(staff, detail);
  assert.equal((await db.selectFrom("roadworks_special_uses").select("status").where("roadwork_id", "=", first).executeTakeFirstOrThrow()).status, "pending");
  const mine = (await c.get("/baustellen/meine")).body;
  assert.match(mine, /Anordnung \(PDF\)|anordnung\.pdf/);
  assert.match(mine, /<td[^>]*>offen<\/td>/, "the special use is shown open beside the issued order");

  // Refusing needs reasons; then the notice is stored, mailed and readable by the company; the order stays.
  const noReasons = await staff.submit(detail, `${detail}/sondernutzung`, { suEntscheidung: "refused", suText: "" });
  assert.equal(noReasons.statusCode, 422);
  assert.match(noReasons.body, /href="#suText"/);
  const noChoice = await staff.submit(detail, `${detail}/sondernutzung`, { suText: "x" });
  assert.match(noChoice.body, /href="#suEntscheidung"/);
  assert.equal((await staff.submit(detail, `${detail}/sondernutzung`, { suEntscheidung: "refused", suText: "Der Gehweg ist die einzige Schulwegverbindung; Lagerflächen sind auf dem Baufeld vorhanden." })).statusCode, 303);
  const refused = await db.selectFrom("roadworks_special_uses").selectAll().where("roadwork_id", "=", first).executeTakeFirstOrThrow();
  assert.equal(refused.status, "refused");
  assert.doesNotMatch((await staff.get("/verwaltung/vorgaenge")).body, new RegExp(`${detail}#sondernutzung`), "decided: no task");
  assert.equal(refused.fee_cents, 0);
  assert.equal(refused.signed_by, "Jonas Weber");
  const refusedText = pdfText(refused.pdf!).replace(/\s+/g, " ");
  for (const re of [/Ablehnung der Sondernutzungserlaubnis/, /einzige Schulwegverbindung/, /20 m²/, /keine Gebühr/, /Rechtsbehelfsbelehrung/, /Jonas Weber/, /gesondert entschieden/]) assert.match(refusedText, re);
  assert.equal((await db.selectFrom("roadworks").select("status").where("id", "=", first).executeTakeFirstOrThrow()).status, "ordered", "the traffic order stays");
  const mails = await db.selectFrom("mail_queue").select(["recipient", "attachments", "body"]).where("kind", "=", "roadworks.special_use").where("ref", "=", first).execute();
  assert.deepEqual(mails.map((m) => m.recipient).sort(), ["bau@sondernutzung.example", "info@sondernutzung.example"]);
  assert.match(JSON.stringify(mails[0]!.attachments), /sondernutzung-BS-/);
  assert.match(mails[0]!.body ?? "", new RegExp(`/baustellen/${first}/sondernutzung\\.pdf`));
  const mineAfter = (await c.get("/baustellen/meine")).body;
  assert.match(mineAfter, /abgelehnt/);
  const notice = await c.get(`/baustellen/${first}/sondernutzung.pdf`);
  assert.equal(notice.statusCode, 200);
  assert.equal(notice.headers["content-type"], "application/pdf");
  const stranger = await signedIn(app, db, { email: "fremd@andere.example", kind: "citizen" });
  assert.equal((await stranger.get(`/baustellen/${first}/sondernutzung.pdf`)).statusCode, 404);
  assert.equal((await countyStaff.get(`/baustellen/${first}/sondernutzung.pdf`)).statusCode, 404);
  // Decided once: a second decision changes nothing.
  assert.equal((await staff.post(`${detail}/sondernutzung`, { _csrf: csrfOf((await staff.get(detail)).body), suEntscheidung: "granted", suText: "" })).statusCode, 303);
  assert.equal((await db.selectFrom("roadworks_special_uses").select("status").where("roadwork_id", "=", first).executeTakeFirstOrThrow()).status, "refused");

  // Another application: the special use is granted with a condition while the traffic order is not yet decided; the fee is paid.
  const second = await submitApplication(ta, c, application(companyId, start, end, { titel: "Hausanschluss Sondernutzung", ...su }));
  const d2 = `/verwaltung/baustellen/${second}`;
  assert.match((await staff.get(d2)).body, /Erteilen \(Gebühr 40,00\s€\)/);
  assert.equal((await staff.submit(d2, `${d2}/sondernutzung`, { suEntscheidung: "granted", suText: "Gehweg mit mindestens 1,30 m Restbreite freihalten." })).statusCode, 303);
  const granted = await db.selectFrom("roadworks_special_uses").selectAll().where("roadwork_id", "=", second).executeTakeFirstOrThrow();
  assert.deepEqual([granted.status, granted.fee_cents, granted.paid_at], ["granted", 4_000, null]);
  const grantedText = pdfText(granted.pdf!).replace(/\s+/g, " ");
  for (const re of [/Sondernutzungserlaubnis/, /§ 16 Straßengesetz/, /1,30 m Restbreite/, /Gebühr von 40,00 € festgesetzt/, /Demo-Satz/]) assert.match(grantedText, re);
  assert.equal((await db.selectFrom("roadworks").select("status").where("id", "=", second).executeTakeFirstOrThrow()).status, "submitted", "the traffic order is still to be decided");
  const mine2 = await c.get("/baustellen/meine");
  assert.match(mine2.body, /Sondernutzungsgebühr 40,00\s€ bezahlen/);
  const started = await c.post(`/baustellen/${second}/sondernutzung/bezahlen`, { _csrf: csrfOf(mine2.body) });
  assert.equal(started.statusCode, 303);
  await payInSandbox(c, started.headers.location as string);
  assert.ok((await db.selectFrom("roadworks_special_uses").select("paid_at").where("roadwork_id", "=", second).executeTakeFirstOrThrow()).paid_at, "paid");
  const tx = await db.selectFrom("payment_transactions").select(["subject_type", "amount_cents", "status"]).where("subject_id", "=", second).where("subject_type", "=", "roadworks_special_use").executeTakeFirstOrThrow();
  assert.deepEqual(tx, { subject_type: "roadworks_special_use", amount_cents: 4_000, status: "PAYED" });
  assert.match((await c.get("/baustellen/meine")).body, /Sondernutzungsgebühr 40,00\s€ bezahlt/);
  assert.equal((await db.selectFrom("roadworks").select("paid_at").where("id", "=", second).executeTakeFirstOrThrow()).paid_at, null, "the order fee is separate");
  // Another account cannot pay it.
  assert.equal((await stranger.post(`/baustellen/${second}/sondernutzung/bezahlen`, { _csrf: csrfOf((await stranger.get("/baustellen/meine")).body) })).statusCode, 404);

  // Audited: the staff decisions and the system's booking.
  const actions = (await db.selectFrom("audit_log").select("action").where("object_id", "in", [first, second]).where("action", "like", "roadworks.special_use%").orderBy("id").execute()).map((a) => a.action);
  assert.deepEqual(actions, ["roadworks.special_use_refused", "roadworks.special_use_granted", "roadworks.special_use_fee_paid"]);

  // Without a special use the section says so, and there is nothing to decide.
  const plain = await submitApplication(ta, c, application(companyId, start, end, { titel: "Ohne Sondernutzung" }));
  assert.match((await staff.get(`/verwaltung/baustellen/${plain}`)).body, /keine Sondernutzung beantragt/);
  assert.equal((await staff.submit(`/verwaltung/baustellen/${plain}`, `/verwaltung/baustellen/${plain}/sondernutzung`, { suEntscheidung: "granted" })).statusCode, 404);
});
