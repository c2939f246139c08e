/**
 * Application fees paid online (issue 4, item 6): "before" (kfz-ausserbetriebsetzung: the submission
 * waits as payment_pending and completes when paid) and "after" (fuehrerschein-umtausch-ersatz:
 * received at once, pay link on the confirmation page). The sandbox runs as its own HTTP server.
 */
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { buildTestAppWithPayments, Client } from "../helpers.js";
import { SAMPLE_JPEG, validAnswers } from "../fixtures/formAnswers.js";
import { multipartBody } from "../support/uploads.js";
import { submitApplication } from "../../src/modules/applications/service.js";
import { findForm } from "../../src/modules/applications/queries.js";
import { pdfText } from "../support/pdfText.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";

const setup = (t: TestContext) => buildTestAppWithPayments(t);

/** From the portal's handover page to the sandbox: clicks "Bezahlen"; returns the portal path back. */
async function pay(c: Client, handover: string) {
  const page = await c.get(handover);
  const payUrl = /<a class="kern-btn kern-btn--primary" href="([^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, "&");
  const html = await (await fetch(payUrl)).text();
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const res = await fetch(payUrl, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, aktion: "bezahlen" }).toString() });
  const loc = new URL(res.headers.get("location")!);
  return loc.pathname + loc.search;
}

test("fee before submission: stored as payment_pending without a case; paid → received, case opened, confirmation and receipt say paid", async (t) => {
  const { app, db, config } = await setup(t);
  const form = (await findForm(db, "kfz-ausserbetriebsetzung"))!;
  assert.equal(form.definition.fee.kind !== "none" && form.definition.fee.payment, "before");
  const out = await submitApplication({ actor: { type: "anonymous", id: null }, db }, config, form, validAnswers["kfz-ausserbetriebsetzung"]!, { source: "json", userId: null, channel: "web", paymentPending: true });
  assert.equal(out.kind, "created");
  if (out.kind !== "created") return;
  const sub = await db.selectFrom("application_submissions").select(["id", "status", "fee_cents"]).where("reference", "=", out.reference).executeTakeFirstOrThrow();
  assert.equal(sub.status, "payment_pending");
  assert.equal((await db.selectFrom("cases").select("id").where("submission_id", "=", sub.id).execute()).length, 0, "no case before payment");

  const c = new Client(app);
  const eingang = `/antraege/eingang/${out.reference}?code=${encodeURIComponent(out.statusCode)}`;
  const pending = await c.get(eingang);
  assert.match(pending.body, /Antrag noch nicht abgeschlossen/);
  assert.match(pending.body, /5,70 €/);
  const token = /name="_csrf" value="([^"]+)"/.exec(pending.body)![1]!;
  const start = await c.post(`/antraege/eingang/${out.reference}/bezahlen`, { _csrf: token, code: out.statusCode });
  assert.equal(start.statusCode, 303);
  const back = await pay(c, start.headers.location as string);
  const ret = await c.get(back);
  assert.equal(ret.statusCode, 303);
  assert.equal(ret.headers.location, eingang);

  assert.equal((await db.selectFrom("application_submissions").select("status").where("id", "=", sub.id).executeTakeFirstOrThrow()).status, "received");
  assert.equal((await db.selectFrom("cases").select("id").where("submission_id", "=", sub.id).execute()).length, 1, "the case is opened when paid");
  const confirmation = await c.get(eingang);
  assert.match(confirmation.body, /Gebühr bezahlt: 5,70 €/);
  const receipt = await c.get(`/antraege/quittung/${out.reference}?code=${encodeURIComponent(out.statusCode)}`);
  assert.match(receipt.body, /Gebühr bezahlt: 5,70 €/);
  const pdf = await c.get(`/antraege/quittung/${out.reference}/pdf?code=${encodeURIComponent(out.statusCode)}`);
  assert.match(pdfText(pdf.rawPayload), /Gebühr bezahlt: 5,70 €/);
  const tx = await db.selectFrom("payment_transactions").selectAll().where("subject_id", "=", sub.id).executeTakeFirstOrThrow();
  assert.equal(tx.items[0]!.bookingData.haushaltsstelle, "1.1220.1000");
  assert.equal(tx.reference, out.reference);
});

test("fee after submission: received at once with the fee open and a pay link; paying twice is impossible", async (t) => {
  const { app, db, config } = await setup(t);
  const form = (await findForm(db, "fuehrerschein-umtausch-ersatz"))!;
  // The licence form (version 3) needs the photo: uploaded like an API client would.
  const { payload, contentType } = multipartBody({}, [{ field: "file", name: "lichtbild.jpg", type: "image/jpeg", content: SAMPLE_JPEG }]);
  const photo = await app.inject({ method: "POST", url: "/api/v1/uploads", headers: { "content-type": contentType }, payload });
  assert.equal(photo.statusCode, 201, photo.body);
  const answers = { ...validAnswers["fuehrerschein-umtausch-ersatz"]!, lichtbild: { id: photo.json().id as string } };
  const out = await submitApplication({ actor: { type: "anonymous", id: null }, db }, config, form, answers, { source: "json", userId: null, channel: "api" });
  assert.equal(out.kind, "created");
  if (out.kind !== "created") return;
  const sub = await db.selectFrom("application_submissions").select(["id", "status", "fee_cents"]).where("reference", "=", out.reference).executeTakeFirstOrThrow();
  assert.equal(sub.status, "received");
  assert.ok(sub.fee_cents > 0);
  const c = new Client(app);
  const eingang = `/antraege/eingang/${out.reference}?code=${encodeURIComponent(out.statusCode)}`;
  const page = await c.get(eingang);
  assert.match(page.body, /Gebühr offen/);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const first = await c.post(`/antraege/eingang/${out.reference}/bezahlen`, { _csrf: token, code: out.statusCode });
  const second = await c.post(`/antraege/eingang/${out.reference}/bezahlen`, { _csrf: token, code: out.statusCode });
  assert.equal(first.headers.location, second.headers.location, "the same payment request returns the existing transaction");
  assert.equal((await c.post(`/antraege/eingang/${out.reference}/bezahlen`, { _csrf: token, code: "wrong" })).statusCode, 403);
  await c.get(await pay(c, first.headers.location as string));
  assert.match((await c.get(eingang)).body, /Gebühr bezahlt/);
  const again = await c.post(`/antraege/eingang/${out.reference}/bezahlen`, { _csrf: token, code: out.statusCode });
  assert.equal(again.headers.location, eingang, "already paid: back to the confirmation");
  assert.equal((await db.selectFrom("payment_transactions").select("id").where("subject_id", "=", sub.id).execute()).length, 1);
});

test("dog tax: the line item names the municipality it belongs to; the Kasse's CSV shows it with the booking data", async (t) => {
  const { app, db, config } = await setup(t);
  const form = (await findForm(db, "hundesteuer-anmeldung"))!;
  const answers = { ...validAnswers["hundesteuer-anmeldung"]!, gemeinde: "08236040" };
  const out = await submitApplication({ actor: { type: "anonymous", id: null }, db }, config, form, answers, { source: "json", userId: null, channel: "api" });
  assert.equal(out.kind, "created");
  if (out.kind !== "created") return;
  assert.ok(out.feeCents > 0, "a dog kept since February owes this year's tax");
  const c = new Client(app);
  const eingang = `/antraege/eingang/${out.reference}?code=${encodeURIComponent(out.statusCode)}`;
  const page = await c.get(eingang);
  assert.match(page.body, /Hundesteuer offen/);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const start = await c.post(`/antraege/eingang/${out.reference}/bezahlen`, { _csrf: token, code: out.statusCode });
  await c.get(await pay(c, start.headers.location as string));
  const tx = await db.selectFrom("payment_transactions").selectAll().where("reference", "=", out.reference).executeTakeFirstOrThrow();
  assert.equal(tx.status, "PAYED");
  assert.deepEqual(tx.items[0]!.bookingData, { aktenzeichen: out.reference, formular: "hundesteuer-anmeldung", abgabe: "Hundesteuer", empfaenger_ags: "08236040" });
  assert.match(tx.items[0]!.description, /^Hundesteuer \d{4} \(anteilig\)$/);
  const admin = new Client(app);
  await admin.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  const csv = (await admin.get("/verwaltung/zahlungen/export.csv")).body;
  assert.match(csv, /;Buchungsdaten\r\n/);
  const line = csv.split("\r\n").find((l) => l.includes(out.reference))!;
  assert.match(line, /;PAYED;/);
  assert.ok(line.endsWith(`;abgabe=Hundesteuer, aktenzeichen=${out.reference}, empfaenger_ags=08236040, formular=hundesteuer-anmeldung`), line);
});

/** API answers → the flat strings the web form posts (`a.b`, `list.0.x`, `list.__count`, ja/nein). */
function toFormValues(answers: Record<string, unknown>, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(answers)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(v)) {
      out[`${name}.__count`] = String(v.length);
      v.forEach((inst, i) => toFormValues(inst as Record<string, unknown>, `${name}.${i}`, out));
    } else if (v && typeof v === "object") toFormValues(v as Record<string, unknown>, name, out);
    else out[name] = typeof v === "boolean" ? (v ? "ja" : "nein") : String(v);
  }
  return out;
}

test("web flow: 'Kostenpflichtig absenden' of a pay-before form goes to the payment service; the confirmation waits for the payment", async (t) => {
  const { app, db, mail } = await setup(t);
  const c = new Client(app);
  const started = await c.submit("/antraege/kfz-ausserbetriebsetzung", "/antraege/kfz-ausserbetriebsetzung/beginnen", {});
  assert.equal(started.statusCode, 303);
  const draftId = /\/antraege\/entwurf\/([0-9a-f-]{36})\//.exec(started.headers.location as string)![1]!;
  await db.updateTable("application_drafts").set({ values: JSON.stringify(toFormValues({ ...validAnswers["kfz-ausserbetriebsetzung"]!, email: "max@example.org" })) }).where("id", "=", draftId).execute();
  const check = await c.get(`/antraege/entwurf/${draftId}/pruefen`);
  assert.match(check.body, /Kostenpflichtig absenden/);
  const token = /name="_csrf" value="([^"]+)"/.exec(check.body)![1]!;
  const submitted = await c.post(`/antraege/entwurf/${draftId}/absenden`, { _csrf: token });
  assert.equal(submitted.statusCode, 303);
  assert.match(submitted.headers.location as string, /^\/zahlung\/[0-9a-f-]{36}\/weiter$/);
  const sub = await db.selectFrom("application_submissions").select(["id", "reference", "status"]).where("idempotency_key", "=", `web:${draftId}`).executeTakeFirstOrThrow();
  assert.equal(sub.status, "payment_pending");
  // The confirmation mail says it waits for the fee and where to pay it (the citizen might close the payment page).
  const saved = await mail.waitFor("max@example.org", (m) => m.subject.startsWith(`Eingangsbestätigung ${sub.reference}`));
  assert.match(saved.text, /ist gespeichert/);
  assert.match(saved.text, /sobald die Gebühr von 5,70 € bezahlt ist/);
  assert.match(saved.text, new RegExp(`Jetzt bezahlen: http://localhost:3000/antraege/eingang/${sub.reference}\\?code=[\\w-]+`));
  const back = await pay(c, submitted.headers.location as string);
  const ret = await c.get(back);
  assert.equal(ret.statusCode, 303);
  const confirmation = await c.get(ret.headers.location as string);
  assert.match(confirmation.body, /Gebühr bezahlt: 5,70 €/);
  assert.match(confirmation.body, new RegExp(sub.reference));
  assert.equal((await db.selectFrom("application_submissions").select("status").where("id", "=", sub.id).executeTakeFirstOrThrow()).status, "received");
});
