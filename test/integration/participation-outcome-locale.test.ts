/**
 * Issue 18: the outcome mail after publishing the weighing goes out in the commenter's language — English when
 * the statement was written on the English page or through the API with Accept-Language: en, or when the
 * commenter's account is set to English; German otherwise. Texts from the message catalogues.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, createTestUser, signedInMember } from "../helpers.js";
import { DEMO_PROCEDURES, seedParticipationDemo, statementSubmitter } from "../../src/modules/participation/index.js";
import { systemContext } from "../../src/platform/commands.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;

test("outcome mails in the commenter's language: German page, English page, English API, English account", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const p = await ta.db.selectFrom("participation_procedures").select(["id"]).where("slug", "=", MUEHLACKER.slug).executeTakeFirstOrThrow();
  const phase = await ta.db.selectFrom("participation_phases").select("id").where("procedure_id", "=", p.id).executeTakeFirstOrThrow();
  const form = `/beteiligung/${MUEHLACKER.slug}/stellungnahme`;
  const address = { strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker" };

  const german = new Client(ta.app);
  assert.equal((await german.submit(form, form, { text: "Bitte Reihenhäuser zulassen.", name: "Eva Muster", ...address, email: "de@example.org" })).statusCode, 303);
  const english = new Client(ta.app);
  english.cookies.set("kp_lang", "en");
  const enForm = await english.get(form);
  assert.match(enForm.body, /Send comment/, "the English form");
  assert.equal((await english.submit(form, form, { text: "Please keep the old oak trees.", name: "Sam Smith", ...address, email: "en-page@example.org" })).statusCode, 303);
  const api = await ta.app.inject({ method: "POST", url: `/api/v1/participation/procedures/${MUEHLACKER.slug}/statements`, headers: { "accept-language": "en-GB,en;q=0.9" }, payload: { text: "More bicycle parking, please.", name: "Alex Brown", street: "Hauptstraße 2", postcode: "75417", city: "Mühlacker", email: "en-api@example.org" } });
  assert.equal(api.statusCode, 201, api.body);
  // An account set to English; the statement itself came in German.
  const userId = await createTestUser(ta.db, { email: "account@example.org", kind: "citizen" });
  await ta.db.updateTable("users").set({ locale: "en" }).where("id", "=", userId).execute();
  const viaAccount = await statementSubmitter(systemContext(ta.db), { procedureId: p.id, phaseId: phase.id, userId, name: "Kim Park", street: "", postcode: "", city: "", email: "account@example.org", body: "Bitte einen Spielplatz vorsehen.", locale: "de" });
  assert.ok(viaAccount.ok);

  const stored = await ta.db.selectFrom("participation_statements").select(["email", "locale"]).orderBy("reference").execute();
  assert.deepEqual(stored.map((s) => [s.email, s.locale]), [["de@example.org", "de"], ["en-page@example.org", "en"], ["en-api@example.org", "en"], ["account@example.org", "de"]]);

  // The period ends, staff weigh everything ("partly") and publish.
  await ta.db.updateTable("participation_phases").set({ ends_at: new Date(Date.now() - 60_000) }).where("procedure_id", "=", p.id).execute();
  await ta.db.updateTable("participation_statements").set({ decision: "partly", consideration: "Teilweise übernommen.", considered_at: new Date() }).where("procedure_id", "=", p.id).execute();
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const weighing = `/verwaltung/beteiligung/${p.id}/abwaegung`;
  assert.equal((await staff.submit(weighing, `${weighing}/veroeffentlichen`, {})).statusCode, 303);

  const de = await ta.mail.waitFor("de@example.org", (m) => /Abwägung|weighing/.test(m.subject));
  assert.match(de.subject, /^Ergebnis der Abwägung zu Ihrer Stellungnahme BT-/);
  assert.match(de.text, /Guten Tag Eva Muster/);
  assert.match(de.text, /Ergebnis: teilweise berücksichtigt/);
  for (const [to, name] of [["en-page@example.org", "Sam Smith"], ["en-api@example.org", "Alex Brown"], ["account@example.org", "Kim Park"]] as const) {
    const m = await ta.mail.waitFor(to, (x) => /Abwägung|weighing/.test(x.subject));
    assert.match(m.subject, /^Result of the weighing of your statement BT-/, to);
    assert.match(m.text, new RegExp(`Hello ${name}`));
    assert.match(m.text, /Result: partly accepted/);
    assert.match(m.text, /Reason:\r?\nTeilweise übernommen\./);
    assert.doesNotMatch(m.text, /Guten Tag|Ergebnis:/);
  }
});
