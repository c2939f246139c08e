/**
 * Issue 15 in the browser (ADR 0065): on an ordered work's staff page the authority opens an extension round and
 * decides the special-use permit (an error first, then refused with reasons); the police answer the round through
 * their mailed link (an error first). axe on every page visited.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser } from "../helpers.js";
import { seedRoadworksDemo } from "../../src/modules/roadworks/index.js";
import { follow, logIn, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("issue 15: special-use decision and extension round on the staff page (axe on every page)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await seedRoadworksDemo(b.db, b.config.countyKey);
  const work = await b.db.selectFrom("roadworks").select(["id", "end_date"]).where("title", "=", "Leitungsbau Lienzinger Straße Mühlacker (Demo)").executeTakeFirstOrThrow();
  await b.db.insertInto("roadworks_special_uses").values({ roadwork_id: work.id, purpose: "Container auf dem Gehweg", area_m2: 12, pdf: null, decided_at: null, decided_by: null, paid_at: null }).execute();
  const staffId = await createTestUser(b.db, { email: "verkehr@muehlacker.example", kind: "staff", password: PASSWORD });
  const unit = await b.db.selectFrom("org_units").select("id").where("key", "=", "gem-08236040").executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: staffId, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const page = await b.newPage();
  await logIn(page, "verkehr@muehlacker.example", PASSWORD);
  await visit(page, `/verwaltung/baustellen/${work.id}`);

  // Special use: refusing without reasons shows the error, then refused with reasons.
  await page.check("#suEntscheidung-refused");
  await follow(page, () => page.getByRole("button", { name: "Über die Sondernutzung entscheiden" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /Gründe der Ablehnung/);
  await page.check("#suEntscheidung-refused");
  await page.fill("#suText", "Der Gehweg ist Schulweg.");
  await follow(page, () => page.getByRole("button", { name: "Über die Sondernutzung entscheiden" }).click());
  assert.match(await page.getByRole("main").innerText(), /Über die Sondernutzung wurde entschieden/);
  assert.match(await page.locator("section:has(#sondernutzung)").innerText(), /Stand\s+abgelehnt/);

  // A later end opens a consent round; the answers table and forms are shown.
  await page.fill("#neuesEnde", new Date(Date.parse(`${work.end_date}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10));
  await follow(page, () => page.getByRole("button", { name: "Ende oder Lage ändern" }).click());
  const main = await page.getByRole("main").innerText();
  assert.match(main, /erst nach ihrer Zustimmung/);
  assert.match(main, /Laufende Beteiligung/);
  assert.match(main, /Konflikte der Änderung|Keine Überschneidungen/, "the change's conflict check is shown");

  // The police answer the change round through their mailed link (migration 0076): an error first, then consent with a condition.
  const request = await b.db.selectFrom("mail_queue").select("body").where("kind", "=", "roadworks.extension_request").where("ref", "=", work.id).where("recipient", "=", "verkehrspolizei@kreisportal.example").executeTakeFirstOrThrow();
  const token = /\/baustellen\/stellungnahme\/aenderung\?t=([A-Za-z0-9_-]+)/.exec(request.body ?? "")![1]!;
  const police = await b.newPage();
  await visit(police, `/baustellen/stellungnahme/aenderung?t=${token}`);
  assert.match(await police.getByRole("main").innerText(), /Beantragte Änderung[\s\S]*Bisheriges Ende/);
  await police.check("input[name=antwort][value=conditions]");
  await police.fill("#name", "PHK Maier, Polizeirevier Mühlacker");
  await follow(police, () => police.getByRole("button", { name: "Stellungnahme abgeben" }).click());
  assert.match(await police.locator(".kp-error-summary").innerText(), /Bitte die Auflagen angeben/);
  assert.equal(await police.inputValue("#name"), "PHK Maier, Polizeirevier Mühlacker");
  await police.fill("#auflagen", "Baken bis zum neuen Ende.");
  await follow(police, () => police.getByRole("button", { name: "Stellungnahme abgeben" }).click());
  assert.match(await police.getByRole("main").innerText(), /Stellungnahme ist eingegangen/);
  await visit(page, `/verwaltung/baustellen/${work.id}`);
  assert.match(await page.locator("section:has(#verlaengerung)").innerText(), /PHK Maier, Polizeirevier Mühlacker, über den Link[\s\S]*Baken bis zum neuen Ende/);
});
