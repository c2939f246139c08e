/**
 * Issue 15 (c): a refusal carries a fee decision – the refusal's fee by the schedule (half the order's fee, at least
 * 10 €), paid through the payment port by the company; none when staff waive it; covered when the order fee was
 * already paid – and the notice ends with the signature and seal block naming the deciding staff member.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestAppWithPayments, type Client } from "../helpers.js";
import { pdfText } from "../support/pdfText.js";
import { application, companyAccount, csrfOf, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { refusalFeeCents } from "../../src/modules/roadworks/rules.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

/** Pays through the sandbox provider from the handover page the portal redirected to. */
async function payInSandbox(c: Client, location: string) {
  const handover = await c.get(location);
  const payUrl = /<a class="kern-btn kern-btn--primary" href="([^"]+)"/.exec(handover.body)![1]!.replace(/&amp;/g, "&");
  const token = /name="token" value="([^"]+)"/.exec(await (await fetch(payUrl)).text())![1]!;
  const paid = await fetch(payUrl, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, aktion: "bezahlen" }).toString() });
  const back = new URL(paid.headers.get("location")!);
  await c.get(back.pathname + back.search);
}

test("issue 15: refusal fee decision (charged and paid through the payment port, waived, covered) and the signature block", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestAppWithPayments(t);
  const { db } = ta;
  assert.equal(refusalFeeCents(8000), 4000);
  assert.equal(refusalFeeCents(1000), 1000, "at least 10 €");
  const staff = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  await db.updateTable("users").set({ display_name: "Paula Roth" }).where("email", "=", "verkehr@muehlacker.example").execute();
  const { c, companyId } = await companyAccount(ta, "bau@refusal.example", "Refusal Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const submit = (title: string) => submitApplication(ta, c, application(companyId, start, addDays(start, 13), { titel: title }));
  const refuse = (id: string, gebuehr: string) => staff.submit(`/verwaltung/baustellen/${id}`, `/verwaltung/baustellen/${id}/ablehnen`, { gruende: "Die Straße ist im Zeitraum bereits gesperrt.", gebuehr });

  // Charged: 40 € (half of 80 €); the form offers it, the choice is required.
  const charged = await submit("Kanal A");
  const form = await staff.get(`/verwaltung/baustellen/${charged}`);
  assert.match(form.body, /Gebühr für die Ablehnung erheben: 40,00\s€/);
  assert.equal((await refuse(charged, "")).statusCode, 422);
  assert.equal((await refuse(charged, "erheben")).statusCode, 303);
  const row = await db.selectFrom("roadworks_refusals").select(["fee_cents", "paid_at", "signed_by", "pdf"]).where("roadwork_id", "=", charged).executeTakeFirstOrThrow();
  assert.equal(row.fee_cents, 4000);
  assert.equal(row.paid_at, null);
  assert.equal(row.signed_by, "Paula Roth");
  const text = pdfText(row.pdf).replace(/\s+/g, " ");
  for (const re of [/Gebührenentscheidung/, /Gebühr von 40,00 € erhoben/, /Mit freundlichen Grüßen/, /Im Auftrag/, /Paula Roth/, /Dienstsiegel: Stadt Mühlacker|Dienstsiegel: .*Mühlacker/, /ohne Unterschrift gültig/]) assert.match(text, re);

  // The company pays the refusal's fee through the payment port.
  const mine = await c.get("/baustellen/meine");
  assert.match(mine.body, /Gebühr 40,00\s€ bezahlen/);
  const started = await c.post(`/baustellen/${charged}/bezahlen`, { _csrf: csrfOf(mine.body) });
  assert.equal(started.statusCode, 303);
  await payInSandbox(c, started.headers.location as string);
  assert.ok((await db.selectFrom("roadworks_refusals").select("paid_at").where("roadwork_id", "=", charged).executeTakeFirstOrThrow()).paid_at, "paid");
  const tx = await db.selectFrom("payment_transactions").select(["subject_type", "amount_cents", "status"]).where("subject_id", "=", charged).executeTakeFirstOrThrow();
  assert.deepEqual(tx, { subject_type: "roadworks_refusal", amount_cents: 4000, status: "PAYED" });
  assert.match((await c.get("/baustellen/meine")).body, /Gebühr 40,00\s€ bezahlt/);
  assert.equal((await db.selectFrom("roadworks").select("paid_at").where("id", "=", charged).executeTakeFirstOrThrow()).paid_at, null, "the order fee stays unpaid");

  // Waived: nothing to pay, the notice says so.
  const waived = await submit("Kanal B");
  assert.equal((await refuse(waived, "keine")).statusCode, 303);
  const w = await db.selectFrom("roadworks_refusals").select(["fee_cents", "paid_at", "pdf"]).where("roadwork_id", "=", waived).executeTakeFirstOrThrow();
  assert.equal(w.fee_cents, 0);
  assert.match(pdfText(w.pdf).replace(/\s+/g, " "), /keine Gebühr erhoben/);
  assert.equal((await c.post(`/baustellen/${waived}/bezahlen`, { _csrf: csrfOf((await c.get("/baustellen/meine")).body) })).headers.location, "/baustellen/meine?zahlung=paid");

  // Covered: the order fee was paid before the refusal.
  const covered = await submit("Kanal C");
  const mine2 = await c.get("/baustellen/meine");
  await payInSandbox(c, (await c.post(`/baustellen/${covered}/bezahlen`, { _csrf: csrfOf(mine2.body) })).headers.location as string);
  assert.equal((await refuse(covered, "erheben")).statusCode, 303);
  const cv = await db.selectFrom("roadworks_refusals").select(["fee_cents", "paid_at", "pdf"]).where("roadwork_id", "=", covered).executeTakeFirstOrThrow();
  assert.equal(cv.fee_cents, 4000);
  assert.ok(cv.paid_at, "covered by the paid order fee");
  assert.match(pdfText(cv.pdf).replace(/\s+/g, " "), /abgegolten; der Unterschied von 40,00 € wird Ihnen erstattet/);
});
