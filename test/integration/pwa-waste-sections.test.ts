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
