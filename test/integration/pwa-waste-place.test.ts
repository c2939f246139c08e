/**
 * Issue 21 (session 24): the house number typed on the waste calendar is kept with the section it was matched to,
 * for the eve reminder and the next visit; the person sees and changes it in Mein Konto → Benachrichtigungen.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { queueWasteReminders, seedWasteDemo } from "../../src/modules/pwa/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

const MUEHLACKER = "08236040";
const tokenOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;

test("issue 21: the typed house number is saved with its section, used by the next visit and the reminder, and changed in Mein Konto", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedWasteDemo(db, berlinDate(new Date()));
  const sections = await db.selectFrom("pwa_waste_streets").select(["id", "parity"]).where("ags", "=", MUEHLACKER).where("street", "=", "Goethestraße").execute();
  const odd = sections.find((s) => s.parity === "odd")!.id;
  const even = sections.find((s) => s.parity === "even")!.id;
  const citizen = await signedIn(app, db, { email: "hausnummer@example.org", kind: "citizen" });
  const userId = (await db.selectFrom("users").select("id").where("email", "=", "hausnummer@example.org").executeTakeFirstOrThrow()).id;

  // Anonymous: nothing to save (no form), the page is as before.
  const anon = await new Client(app).get(`/abfuhrkalender?gemeinde=${MUEHLACKER}&strasse=${odd}&hausnummer=12`);
  assert.equal(anon.statusCode, 200);
  assert.ok(!anon.body.includes('action="/abfuhrkalender/merken"'));

  // Signed in, the odd side chosen but 12 typed: the even side is shown and can be saved with the number.
  const page = await citizen.get(`/abfuhrkalender?gemeinde=${MUEHLACKER}&strasse=${odd}&hausnummer=12`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<form method="post" action="\/abfuhrkalender\/merken"/);
  const saved = await citizen.post("/abfuhrkalender/merken", { _csrf: tokenOf(page.body), strasse: odd, hausnummer: "12" });
  assert.equal(saved.statusCode, 303);
  const prefs = await db.selectFrom("pwa_push_preferences").select(["waste_street_id", "waste_house_number", "topics"]).where("user_id", "=", userId).executeTakeFirstOrThrow();
  assert.equal(prefs.waste_street_id, even, "the matched section is kept, not the one picked in the list");
  assert.equal(prefs.waste_house_number, "12");
  assert.deepEqual(prefs.topics, [], "saving the place switches no notification on");
  const after = await citizen.get(saved.headers.location as string);
  assert.match(after.body, /Ihre Adresse ist gespeichert/);

  // The next visit without any choice opens the saved place: section, dates and the number in the field.
  const next = await citizen.get("/abfuhrkalender");
  assert.equal(next.statusCode, 200);
  assert.match(next.body, /Nächste Termine: Goethestraße, Nr\. 2–98, gerade Nummern, Mühlacker/);
  assert.match(next.body, /<input[^>]*name="hausnummer"[^>]*value="12"/);
  assert.ok(next.body.includes(`/abfuhrkalender/${even}.ics`));

  // A house number that fits no section is not saved.
  const refused = await citizen.post("/abfuhrkalender/merken", { _csrf: tokenOf(page.body), strasse: odd, hausnummer: "100" });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Für die Hausnummer 100 in der Goethestraße liegen keine Abfuhrtermine vor/);
  assert.equal((await db.selectFrom("pwa_push_preferences").select("waste_house_number").where("user_id", "=", userId).executeTakeFirstOrThrow()).waste_house_number, "12");

  // Mein Konto shows the number and the section; a new number moves the reminder to the other side.
  const settings = await citizen.get("/konto/benachrichtigungen");
  assert.match(settings.body, /<input[^>]*name="wasteHouseNumber"[^>]*value="12"/);
  assert.match(settings.body, new RegExp(`<option value="${even}"[^>]*selected`));
  const bad = await citizen.post("/konto/benachrichtigungen", [["_csrf", tokenOf(settings.body)], ["topics", "waste"], ["wasteStreet", even], ["wasteHouseNumber", "zwölf"]]);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#wasteHouseNumber">/);
  assert.match(bad.body, /<input[^>]*name="wasteHouseNumber"[^>]*value="zwölf"[^>]*aria-invalid="true"/);
  const changed = await citizen.post("/konto/benachrichtigungen", [["_csrf", tokenOf(settings.body)], ["topics", "waste"], ["wasteStreet", even], ["wasteHouseNumber", "13"]]);
  assert.equal(changed.statusCode, 303);
  const now = await db.selectFrom("pwa_push_preferences").select(["waste_street_id", "waste_house_number"]).where("user_id", "=", userId).executeTakeFirstOrThrow();
  assert.deepEqual(now, { waste_street_id: odd, waste_house_number: "13" });

  // The eve reminder goes by the matched section (a day only the odd side is collected) and links the number.
  await db.insertInto("pwa_push_subscriptions").values({ user_id: userId, endpoint: "http://127.0.0.1:9/hausnummer", p256dh: "B".repeat(87), auth: "A".repeat(22) }).execute();
  const days = async (id: string) => new Set((await db.selectFrom("pwa_waste_dates").select("day").where("street_id", "=", id).execute()).map((r) => r.day));
  const [oddDays, evenDays] = [await days(odd), await days(even)];
  const oddOnly = [...oddDays].sort().find((d) => !evenDays.has(d))!;
  const evenOnly = [...evenDays].sort().find((d) => !oddDays.has(d))!;
  assert.equal(await queueWasteReminders(db, addDays(evenOnly, -1)), 0, "the even side's day: no reminder for number 13");
  assert.equal(await queueWasteReminders(db, addDays(oddOnly, -1)), 1);
  const q = await db.selectFrom("pwa_push_queue").select("url").executeTakeFirstOrThrow();
  assert.equal(q.url, `/abfuhrkalender?gemeinde=${MUEHLACKER}&strasse=${odd}&hausnummer=13`);

  // Emptying the number in Mein Konto forgets it (the street stays as chosen).
  const cleared = await citizen.post("/konto/benachrichtigungen", [["_csrf", tokenOf(settings.body)], ["topics", "waste"], ["wasteStreet", odd], ["wasteHouseNumber", ""]]);
  assert.equal(cleared.statusCode, 303);
  assert.deepEqual(await db.selectFrom("pwa_push_preferences").select(["waste_street_id", "waste_house_number"]).where("user_id", "=", userId).executeTakeFirstOrThrow(), { waste_street_id: odd, waste_house_number: null });
});
