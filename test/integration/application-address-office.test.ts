/**
 * Issue 24 items 6 and 8: the address step checks the postcode against the municipality (shipped postcode
 * data), and the receipt PDF names the office that received the application.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, createTestUser, TEST_PASSWORD } from "../helpers.js";
import { pdfText } from "../support/pdfText.js";

const FORM = "hundesteuer-anmeldung";
const MUEHLACKER = "08236040";
const flat = (s: string) => s.replace(/\s+/g, " ");

async function dogDraft(t: Parameters<typeof buildTestApp>[0]) {
  const ta = await buildTestApp(t);
  await createTestUser(ta.db, { email: "erika@example.org", kind: "citizen" });
  const c = new Client(ta.app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email: "erika@example.org", password: TEST_PASSWORD })).statusCode, 303);
  const begun = await c.submit(`/antraege/${FORM}`, `/antraege/${FORM}/beginnen`, {});
  assert.equal(begun.statusCode, 303);
  const draftId = /entwurf\/([0-9a-f-]{36})\//.exec(begun.headers.location as string)![1]!;
  return { ...ta, c, draftId };
}

test("gh-24 item 6: postcode 75210 (Keltern) with Gemeinde Mühlacker is refused at the postcode field, answers kept", async (t) => {
  const { c, draftId } = await dogDraft(t);
  const url = `/antraege/entwurf/${draftId}/anschrift`;
  const wrong = await c.submit(url, url, { gemeinde: MUEHLACKER, "anschrift.strasse": "Bahnhofstraße 1", "anschrift.plz": "75210", "anschrift.ort": "Mühlacker", aktion: "weiter" });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /kp-error-summary/);
  assert.match(wrong.body, /href="#anschrift\.plz"/);
  assert.match(wrong.body, /Die Postleitzahl 75210 gehört nicht zu Mühlacker/);
  assert.match(wrong.body, /value="75210"/);
  assert.match(wrong.body, /value="Bahnhofstraße 1"/);
  // Mühlacker's own postcode passes.
  const right = await c.submit(url, url, { gemeinde: MUEHLACKER, "anschrift.strasse": "Bahnhofstraße 1", "anschrift.plz": "75417", "anschrift.ort": "Mühlacker", aktion: "weiter" });
  assert.equal(right.statusCode, 303);
  assert.equal(right.headers.location, `/antraege/entwurf/${draftId}/hunde`);
});

test("gh-24 item 6: the API refuses a postcode of another municipality too", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({
    method: "POST",
    url: `/api/v1/forms/${FORM}/submissions`,
    headers: { "content-type": "application/json" },
    payload: JSON.stringify({
      name: "Erika Mustermann", geburtsdatum: "1980-03-14", email: "erika@example.org", gemeinde: MUEHLACKER,
      anschrift: { strasse: "Bahnhofstraße 1", plz: "75210", ort: "Mühlacker" },
      hunde: [{ name: "Bello", rasse: "Labrador", geschlecht: "m", wurfdatum: "2024-01-10", haltungsbeginn: "2026-02-01", anlass: "anschaffung", gefaehrlich: false }],
    }),
  });
  assert.equal(res.statusCode, 422, res.body);
  assert.match(res.body, /Die Postleitzahl 75210 gehört nicht zu Mühlacker/);
  assert.match(res.body, /anschrift\/plz/);
});

test("gh-24 item 8: the receipt PDF names the office that received the application (Mühlacker's office for the dog tax), not only the county", async (t) => {
  const { app, db } = await buildTestApp(t);
  const res = await app.inject({
    method: "POST",
    url: `/api/v1/forms/${FORM}/submissions`,
    headers: { "content-type": "application/json" },
    payload: JSON.stringify({
      name: "Erika Mustermann", geburtsdatum: "1980-03-14", email: "erika@example.org", gemeinde: MUEHLACKER,
      anschrift: { strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker" },
      hunde: [{ name: "Bello", rasse: "Labrador", geschlecht: "m", wurfdatum: "2024-01-10", haltungsbeginn: "2026-02-01", anlass: "anschaffung", gefaehrlich: false }],
    }),
  });
  assert.equal(res.statusCode, 201, res.body);
  const receiptUrl = new URL(res.json<{ receiptUrl: string }>().receiptUrl);
  const pdf = await app.inject({ url: receiptUrl.pathname + receiptUrl.search });
  assert.equal(pdf.statusCode, 200);
  const text = flat(pdfText(pdf.rawPayload));
  // The office is the owner of the case opened for it: Mühlacker's municipal authority by its stored name
  // (in Baden-Württemberg "Bürgermeisteramt Mühlacker", the office of the Stadt Mühlacker), not the county.
  const owner = await db.selectFrom("cases").innerJoin("org_units", "org_units.id", "cases.owner_unit_id").select(["org_units.name", "org_units.key"]).where("cases.reference", "=", res.json<{ reference: string }>().reference).executeTakeFirstOrThrow();
  assert.equal(owner.key, `gem-${MUEHLACKER}`);
  assert.match(owner.name, /Mühlacker$/);
  // The page header (first line) names the receiving office, and the receipt says who received it.
  assert.ok(text.trimStart().startsWith(owner.name), `header: ${text.slice(0, 200)}`);
  assert.ok(text.includes(`Eingegangen bei ${owner.name}`), text.slice(0, 400));
});
