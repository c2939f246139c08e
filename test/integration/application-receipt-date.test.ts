/**
 * Issue 11 item 3: the case-file copy of a receipt is dated by the submission, like the citizen's receipt.
 * The dog tax is owed pro rata for the year of submission; recomputed "as of today" the case file showed
 * another year's amount than the receipt the citizen holds.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, createTestUser, signedIn, TEST_PASSWORD } from "../helpers.js";
import { pdfText } from "../support/pdfText.js";
import { submitApplication } from "../../src/modules/applications/service.js";
import { findForm } from "../../src/modules/applications/queries.js";

const flat = (s: string) => s.replace(/\s+/g, " ");

test("gh-11: the case-file PDF of a dog-tax submission shows the receipt's pro-rata tax (dated by the submission, not today)", async (t) => {
  const ta = await buildTestApp(t);
  const citizen = await signedIn(ta.app, ta.db, { email: "erika@example.org", kind: "citizen" });
  const userId = (await ta.db.selectFrom("users").select("id").where("email", "=", "erika@example.org").executeTakeFirstOrThrow()).id;
  const form = (await findForm(ta.db, "hundesteuer-anmeldung"))!;
  const out = await submitApplication({ actor: { type: "user", id: userId }, db: ta.db }, ta.config, form, {
    name: "Erika Mustermann",
    geburtsdatum: "1980-03-14",
    email: "erika@example.org",
    gemeinde: "08236040",
    anschrift: { strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker" },
    hunde: [{ name: "Bello", rasse: "Labrador", geschlecht: "m", wurfdatum: "2019-05-01", haltungsbeginn: "2020-06-01", anlass: "anschaffung", gefaehrlich: false }],
  }, { source: "json", userId, channel: "web" });
  assert.equal(out.kind, "created");
  if (out.kind !== "created") return;
  // Submitted in December 2020: the tax of 2020 was owed from July (6 months); any later year owes all 12.
  await ta.db.updateTable("application_submissions").set({ submitted_at: new Date("2020-12-20T10:00:00Z") }).where("reference", "=", out.reference).execute();

  const receipt = await ta.app.inject({ url: new URL(out.receiptUrl).pathname + new URL(out.receiptUrl).search });
  assert.equal(receipt.statusCode, 200);
  const receiptText = flat(pdfText(receipt.rawPayload));
  for (const s of ["Hundesteuer 2020 (anteilig)", "Bello: 6 Monate ab 1. Juli 2020"]) assert.ok(receiptText.includes(s), `receipt: ${s} missing in\n${receiptText}`);
  const dueOnReceipt = /Bello: 6 Monate ab 1\. Juli 2020 (\d+,\d\d €)/.exec(receiptText)?.[1];
  assert.ok(dueOnReceipt, receiptText);

  // The citizen's case file (mailbox) and the staff case view render the same stored submission.
  const owner = await ta.db.selectFrom("cases").select(["id", "owner_unit_id"]).where("submission_id", "=", (await ta.db.selectFrom("application_submissions").select("id").where("reference", "=", out.reference).executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow();
  const staffId = await createTestUser(ta.db, { email: "sachbearbeitung@example.org", kind: "staff" });
  await ta.db.insertInto("user_roles").values({ user_id: staffId, role: "member", org_unit_id: owner.owner_unit_id, granted_by: null }).execute();
  const staff = new Client(ta.app);
  assert.equal((await staff.submit("/anmelden", "/anmelden", { email: "sachbearbeitung@example.org", password: TEST_PASSWORD })).statusCode, 303);

  for (const [who, res] of [
    ["case file (citizen)", await citizen.get(`/akte/${out.reference}/antrag.pdf`)],
    ["case (staff)", await staff.get(`/verwaltung/vorgaenge/${owner.id}/antrag.pdf`)],
  ] as const) {
    assert.equal(res.statusCode, 200, who);
    const text = flat(pdfText(res.rawPayload));
    for (const s of ["Hundesteuer 2020 (anteilig)", `Bello: 6 Monate ab 1. Juli 2020 ${dueOnReceipt}`]) assert.ok(text.includes(s), `${who}: ${s} missing in\n${text}`);
    assert.doesNotMatch(text, /ganzes Jahr/, who);
  }
});
