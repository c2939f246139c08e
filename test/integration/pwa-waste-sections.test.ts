/**
 * Issue 21: waste calendars by house-number section. A long street collected on two days (odd and even sides)
 * is two entries of the street list with their own dates and iCal subscription; an import replaces only the
 * section it names; the same street name without numbers stays its own entry.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client } from "../helpers.js";
import { systemContext } from "../../src/platform/commands.js";
import { seedWasteDemo } from "../../src/modules/pwa/index.js";
import { wasteImporter } from "../../src/modules/pwa/commands/wasteImporter.js";
import { parseWasteCsv } from "../../src/modules/pwa/wasteFormats.js";
import { berlinDate } from "../../src/platform/time/berlin.js";

const MUEHLACKER = "08236040";

test("issue 21: a street collected by sides is two entries with their own dates, iCal and import", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedWasteDemo(db, berlinDate(new Date()));
  const c = new Client(app);
  const page = await c.get(`/abfuhrkalender?gemeinde=${MUEHLACKER}`);
  assert.equal(page.statusCode, 200);
  const options = [...page.body.matchAll(/<option value="([0-9a-f-]{36})"[^>]*>([^<]+)<\/option>/g)].map((m) => ({ id: m[1]!, label: m[2]! }));
  const odd = options.find((o) => o.label === "Goethestraße, Nr. 1–99, ungerade Nummern");
  const even = options.find((o) => o.label === "Goethestraße, Nr. 2–98, gerade Nummern");
  assert.ok(odd && even, `both sides listed: ${options.map((o) => o.label).join(" | ")}`);
  assert.ok(options.findIndex((o) => o === odd) === options.findIndex((o) => o === even) - 1, "the sections side by side, first number first");

  // Each side its own dates (the even side a day later) and its own subscription named after the section.
  const datesOf = async (id: string) => (await db.selectFrom("pwa_waste_dates").select("day").where("street_id", "=", id).where("fraction", "=", "rest").orderBy("day").execute()).map((r) => r.day);
  const [oddDays, evenDays] = [await datesOf(odd.id), await datesOf(even.id)];
  assert.ok(oddDays.length > 0);
  assert.notDeepEqual(oddDays, evenDays);
  const chosen = await c.get(`/abfuhrkalender?gemeinde=${MUEHLACKER}&strasse=${even.id}`);
  assert.match(chosen.body, /Goethestraße, Nr\. 2–98, gerade Nummern, Mühlacker/);
  const ics = await c.get(`/abfuhrkalender/${odd.id}.ics`);
  assert.match(ics.body, /X-WR-CALNAME:[^\r\n]*Goethestraße\\?, Nr\. 1–99/);
  const api = (await app.inject({ url: `/api/v1/waste/streets?ags=${MUEHLACKER}` })).json();
  assert.ok(api.items.some((s: { id: string; street: string }) => s.id === odd.id && s.street === "Goethestraße, Nr. 1–99, ungerade Nummern"));

  // A CSV import of the odd side only replaces its dates; the even side and the whole-street entry stay as they were.
  const { entries, errors } = parseWasteCsv("Straße;Hausnummern;Datum;Abfallart\nGoethestraße;1-99 ungerade;04.01.2027;Restmüll\nGoethestraße;;05.01.2027;Restmüll\n");
  assert.deepEqual(errors, []);
  const result = await wasteImporter(systemContext(db), { ags: MUEHLACKER, entries, source: "csv" });
  assert.equal(result.streets, 2);
  assert.ok((await datesOf(odd.id)).includes("2027-01-04"));
  assert.deepEqual(await datesOf(even.id), evenDays);
  const whole = await db.selectFrom("pwa_waste_streets").select(["id", "house_from", "parity"]).where("ags", "=", MUEHLACKER).where("street", "=", "Goethestraße").where("house_from", "is", null).executeTakeFirstOrThrow();
  assert.equal(whole.parity, null);
  assert.deepEqual(await datesOf(whole.id), ["2027-01-05"]);
  // The same import again: no new entries (the sections are found by their numbers).
  const again = await wasteImporter(systemContext(db), { ags: MUEHLACKER, entries, source: "csv" });
  assert.equal(again.streets, 2);
  assert.equal((await db.selectFrom("pwa_waste_streets").select("id").where("street", "=", "Goethestraße").execute()).length, 3);
});

test("issue 21: a typed house number picks the street's section; unreadable or unknown numbers are said at the field", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedWasteDemo(db, berlinDate(new Date()));
  const c = new Client(app);
  const sections = await db.selectFrom("pwa_waste_streets").select(["id", "parity"]).where("ags", "=", MUEHLACKER).where("street", "=", "Goethestraße").execute();
  const odd = sections.find((s) => s.parity === "odd")!.id;
  const even = sections.find((s) => s.parity === "even")!.id;
  const bahnhof = (await db.selectFrom("pwa_waste_streets").select("id").where("ags", "=", MUEHLACKER).where("street", "=", "Bahnhofstraße").executeTakeFirstOrThrow()).id;
  const url = (street: string, nr: string) => `/abfuhrkalender?gemeinde=${MUEHLACKER}&strasse=${street}&hausnummer=${encodeURIComponent(nr)}`;

  // The odd side chosen in the list, but "12 a" typed: the even side's dates and subscription are shown.
  const byNumber = await c.get(url(odd, "12 a"));
  assert.equal(byNumber.statusCode, 200);
  assert.match(byNumber.body, /Nächste Termine: Goethestraße, Nr\. 2–98, gerade Nummern, Mühlacker/);
  assert.ok(byNumber.body.includes(`/abfuhrkalender/${even}.ics`), "the even side's calendar");
  assert.ok(!byNumber.body.includes(`/abfuhrkalender/${odd}.ics`));
  assert.match(byNumber.body, new RegExp(`<option value="${even}"[^>]*selected`), "the list shows the matched section");
  assert.match(byNumber.body, /<input[^>]*name="hausnummer"[^>]*value="12 a"/);
  const oddNumber = await c.get(url(even, "99"));
  assert.ok(oddNumber.body.includes(`/abfuhrkalender/${odd}.ics`), "99: the last odd number");

  // Baden-Württemberg sub-numbers and a building spanning numbers on one side (session 24).
  for (const nr of ["12/1", "12-14"]) {
    const r = await c.get(url(odd, nr));
    assert.equal(r.statusCode, 200, nr);
    assert.ok(r.body.includes(`/abfuhrkalender/${even}.ics`), `${nr}: the even side`);
  }
  const split = await c.get(url(odd, "12-13"));
  assert.equal(split.statusCode, 422);
  assert.match(split.body, /href="#hausnummer">Hausnummer: Die Hausnummern 12-13 liegen in verschiedenen Abschnitten der Goethestraße mit eigenen Abfuhrterminen/);
  assert.match(split.body, /id="hausnummer-error"[^>]*>(?:<span[^>]*><\/span>)?<span class="kern-body">Die Hausnummern 12-13/, "the message next to the field");
  assert.ok(!split.body.includes(".ics"), "no calendar for a building in two sections");
  const reversed = await c.get(url(odd, "14-12"));
  assert.equal(reversed.statusCode, 422);
  assert.match(reversed.body, /zuerst die kleinere und dann die größere Nummer/);

  // A street without sections: any number is that street.
  const whole = await c.get(url(bahnhof, "7b"));
  assert.equal(whole.statusCode, 200);
  assert.ok(whole.body.includes(`/abfuhrkalender/${bahnhof}.ics`));

  // Unreadable: message at the field and in the summary, input kept, no dates.
  const bad = await c.get(url(odd, "zwölf"));
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /id="fehler"/);
  assert.match(bad.body, /href="#hausnummer">Hausnummer: Bitte geben Sie die Hausnummer als Zahl ein/);
  assert.match(bad.body, /<input[^>]*name="hausnummer"[^>]*value="zwölf"[^>]*aria-invalid="true"/);
  assert.ok(!bad.body.includes(".ics"), "no calendar for an unreadable number");

  // A number in no section: said so, and the street's sections offered as links.
  const none = await c.get(url(odd, "100"));
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /Für die Hausnummer 100 in der Goethestraße liegen keine Abfuhrtermine vor/);
  assert.match(none.body, /Abschnitte dieser Straße/);
  for (const id of [odd, even]) assert.ok(none.body.includes(`strasse=${id}#termine`), `section ${id} offered`);
  assert.ok(!none.body.includes(`strasse=${bahnhof}#termine`), "only this street's sections");

  // A number without a street: the street is asked for.
  const noStreet = await c.get(`/abfuhrkalender?gemeinde=${MUEHLACKER}&strasse=&hausnummer=12`);
  assert.equal(noStreet.statusCode, 422);
  assert.match(noStreet.body, /Bitte wählen Sie eine Straße/);
});
