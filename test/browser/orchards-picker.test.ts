/** Issue 16: the map picker of the listing form (progressive enhancement with MAP_TILE_URL): keyboard and click set Breite/Länge; the listing keeps the point; axe. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { today } from "../../src/modules/orchards/queries.js";
import { checkAccessibility, follow, logIn, tabTo, startBrowserTest, visit } from "./support.js";

test("orchard listing form: the map picker sets the point by keyboard (Enter at the crosshair, arrows move) and by click; the typed fields move the marker; the listing stores the point (axe)", { timeout: 240_000 }, async (t) => {
  const b = await startBrowserTest(t, { MAP_TILE_URL: "/assets/favicon.svg?z={z}&x={x}&y={y}" });
  await createTestUser(b.db, { email: "olga@example.org", kind: "citizen", password: TEST_PASSWORD });
  const page = await b.newPage();
  await logIn(page, "olga@example.org", TEST_PASSWORD);
  await visit(page, "/streuobst/neu");
  await page.waitForSelector("#kp-orchard-picker img.leaflet-tile", { timeout: 20_000 });
  assert.equal(await page.locator("#kp-orchard-picker-help").isVisible(), true);
  await checkAccessibility(page);

  // Keyboard: Tab to the map, Enter takes the crosshair's point (the county's start view), an arrow moves, Enter again.
  await tabTo(page, "kp-orchard-picker");
  await page.keyboard.press("Enter");
  assert.equal(await page.inputValue("#breite"), "48.90000");
  assert.equal(await page.inputValue("#laenge"), "8.72000");
  assert.match(await page.locator("#kp-orchard-picker-status").innerText(), /Punkt übernommen: 48\.90000, 8\.72000/);
  assert.equal(await page.locator("#kp-orchard-picker path.kp-picker-point").count(), 1);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  // Enter during the pan's animation takes the point where the pan ends (kp-map.js picker), so the field changes then.
  await page.waitForFunction(() => (document.getElementById("laenge") as HTMLInputElement).value !== "8.72000", undefined, { timeout: 10_000 });
  assert.ok(Math.abs(Number(await page.inputValue("#breite")) - 48.9) < 0.001, "about the same latitude (pixel rounding of the pan)");
  assert.ok(Number(await page.inputValue("#laenge")) > 8.72, "moved east");
  assert.equal(await page.locator("#kp-orchard-picker path.kp-picker-point").count(), 1, "one point only");

  // Mouse: a click sets another point; typing moves the marker (still one).
  const box = (await page.locator("#kp-orchard-picker").boundingBox())!;
  await page.mouse.click(box.x + box.width / 4, box.y + box.height / 4);
  assert.match(await page.inputValue("#breite"), /^4\d\.\d{5}$/);
  assert.notEqual(await page.inputValue("#breite"), "48.90000", "north-west of the centre");
  await page.fill("#breite", "48,8412");
  await page.fill("#laenge", "8,6034");
  assert.equal(await page.locator("#kp-orchard-picker path.kp-picker-point").count(), 1);
  await checkAccessibility(page);

  // The form is sent as without JavaScript: the exact point is stored.
  await page.getByLabel("Wiese zu verpachten", { exact: false }).first().check();
  await page.fill("#titel", "Wiese am Schlossberg");
  await page.fill("#beschreibung", "30 Hochstämme");
  await page.selectOption("#gemeinde", "08236043");
  await page.fill("#ablauf", formatDay(addDays(today(), 30)));
  await follow(page, () => page.getByRole("button", { name: "Anzeige veröffentlichen" }).click());
  const row = await b.db.selectFrom("orchard_listings").select(["lat", "lon"]).executeTakeFirstOrThrow();
  assert.deepEqual([row.lat, row.lon], [48.8412, 8.6034]);
});
