/**
 * Issue 15 in the browser: a company account applies (an error first, then the check step and submit), the
 * authority asks the parties, the police answer through their mailed link, the authority orders, the public list shows the works. axe on every page visited.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser } from "../helpers.js";
import { PDF } from "../support/uploads.js";
import { seedRoadworksDemo } from "../../src/modules/roadworks/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";
import { checkAccessibility, follow, logIn, pathOf, tabTo, focused, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("issue 15: a company applies for a half closure, the authority asks for consent and orders, the public list shows it (axe on every page)", { timeout: 240_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await seedRoadworksDemo(b.db, b.config.countyKey);
  const userId = await createTestUser(b.db, { email: "bau@firma.example", kind: "citizen", password: PASSWORD });
  const company = await b.db.insertInto("roadworks_companies").values({ name: "Firma Test GmbH", email: "info@firma.example", status: "approved" }).returning("id").executeTakeFirstOrThrow();
  await b.db.insertInto("roadworks_company_members").values({ company_id: company.id, user_id: userId, added_by: null }).execute();
  const staffId = await createTestUser(b.db, { email: "verkehr@enzkreis.example", kind: "staff", password: PASSWORD });
  const unit = await b.db.selectFrom("org_units").select("id").where("key", "=", "gem-08236040").executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: staffId, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const start = addDays(berlinDate(new Date()), 10);

  // The company account: the form, an error (start in the past), then check and submit.
  const page = await b.newPage();
  await logIn(page, "bau@firma.example", PASSWORD);
  await visit(page, "/baustellen/antrag");
  await page.fill("#titel", "Kanal Hauptstraße");
  await page.fill("#strasse", "Hauptstraße");
  await page.selectOption("#gemeinde", { label: "Mühlacker" });
  await page.check("input[name=strassenklasse][value=municipal]");
  await page.fill("#lage", "48.9489, 8.8395; 48.9494, 8.8420");
  await page.fill("#beginn", addDays(start, -30));
  await page.fill("#ende", addDays(start, 13));
  await page.check("input[name=sperrung][value=half]");
  await page.selectOption("#regelplan", "B I/2");
  await page.setInputFiles("#zeichenplan", { name: "plan.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.fill("#bauleitung", "Erika Bauer");
  await page.fill("#telefon", "0170 1234567");
  await page.fill("#ausfuehrende", "Firma Test GmbH");
  await page.fill("#auftraggeber", "Stadt Mühlacker");
  await follow(page, () => page.getByRole("button", { name: "Prüfen" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /nicht in der Vergangenheit/);
  assert.equal(await page.inputValue("#titel"), "Kanal Hauptstraße");
  await page.fill("#beginn", start);
  await follow(page, () => page.getByRole("button", { name: "Prüfen" }).click());
  assert.match(await page.getByRole("main").innerText(), /Keine Überschneidung/);
  await follow(page, () => page.getByRole("button", { name: "Antrag verbindlich einreichen" }).click());
  assert.equal(pathOf(page).split("?")[0], "/baustellen/meine");
  assert.match(await page.getByRole("main").innerText(), /ist eingegangen/);

  await visit(page, "/baustellen/firma");
  await follow(page, () => page.getByRole("button", { name: "Registrieren" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /Bitte füllen Sie dieses Feld aus/);

  // The authority: detail page, consents, order.
  const staff = await b.newPage();
  await logIn(staff, "verkehr@enzkreis.example", PASSWORD);
  // The staff inbox of the cases module lists the step (module contract: staffTasks); its link leads to the work.
  await visit(staff, "/verwaltung/vorgaenge");
  await follow(staff, () => staff.getByRole("link", { name: /^Beteiligung einleiten: BS-.* – Kanal Hauptstraße$/ }).click());
  assert.match(pathOf(staff), /^\/verwaltung\/baustellen\/[0-9a-f-]{36}$/);
  await follow(staff, () => staff.getByRole("button", { name: "Gemeinde, Polizei und Busunternehmen beteiligen" }).click());

  // The police answer themselves through the mailed link (no account): an error first, then consent with a condition.
  const request = await b.db.selectFrom("mail_queue").select("body").where("kind", "=", "roadworks.consent_request").where("recipient", "=", "verkehrspolizei@kreisportal.example").executeTakeFirstOrThrow();
  const token = /\/baustellen\/stellungnahme\?t=([A-Za-z0-9_-]+)/.exec(request.body ?? "")![1]!;
  const police = await b.newPage();
  await visit(police, `/baustellen/stellungnahme?t=${token}`);
  assert.match(await police.getByRole("main").innerText(), /Kanal Hauptstraße[\s\S]*Halbseitige Sperrung[\s\S]*plan\.pdf/);
  await police.check("input[name=antwort][value=conditions]");
  await police.fill("#name", "PHK Maier, Polizeirevier Mühlacker");
  await follow(police, () => police.getByRole("button", { name: "Stellungnahme abgeben" }).click());
  assert.match(await police.locator(".kp-error-summary").innerText(), /Bitte die Auflagen angeben/);
  assert.equal(await police.inputValue("#name"), "PHK Maier, Polizeirevier Mühlacker");
  await police.fill("#auflagen", "Nicht vor 9 Uhr.");
  await follow(police, () => police.getByRole("button", { name: "Stellungnahme abgeben" }).click());
  assert.match(await police.getByRole("main").innerText(), /Stellungnahme ist eingegangen/);
  await visit(police, `/baustellen/stellungnahme?t=${token}`);
  assert.match(await police.getByRole("main").innerText(), /bereits eine Stellungnahme vor/);

  await visit(staff, pathOf(staff).split("?")[0]!);
  assert.match(await staff.getByRole("main").innerText(), /PHK Maier, Polizeirevier Mühlacker, über den Link/);
  for (const party of ["municipality", "bus"]) {
    await staff.check(`input[name=antwort-${party}][value=consent]`);
    await follow(staff, () => staff.locator(`form:has(input[name=party][value=${party}]) button`).click());
    assert.match(await staff.getByRole("main").innerText(), /Antwort erfasst/);
  }
  await follow(staff, () => staff.getByRole("button", { name: "Anordnung erlassen und Link versenden" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Anordnung erlassen/);

  // The public list, by keyboard, without login.
  const anon = await b.newPage();
  await visit(anon, "/baustellen");
  await tabTo(anon, "gemeinde");
  await anon.selectOption("#gemeinde", { label: "Mühlacker" });
  await tabTo(anon, "datum");
  await anon.fill("#datum", addDays(start, 2));
  await anon.keyboard.press("Tab");
  assert.equal(await focused(anon), "button");
  await follow(anon, () => anon.keyboard.press("Enter"));
  const list = await anon.getByRole("main").innerText();
  assert.match(list, /Kanal Hauptstraße/);
  assert.match(list, /Halbseitige Sperrung/);
  await follow(anon, () => anon.getByRole("link", { name: "Kanal Hauptstraße" }).click());
  assert.match(await anon.getByRole("main").innerText(), /Mühlacker/);
});

test("issue 15: with a tile URL the list page draws a map of the works and detours over the tiles (progressive enhancement, axe)", { timeout: 240_000 }, async (t) => {
  const b = await startBrowserTest(t, { MAP_TILE_URL: "/assets/favicon.svg?z={z}&x={x}&y={y}" });
  await seedRoadworksDemo(b.db, b.config.countyKey);
  const page = await b.newPage();
  await visit(page, "/baustellen");
  await page.waitForSelector("#kp-roadworks-map .leaflet-overlay-pane svg path", { timeout: 20_000 });
  assert.ok((await page.locator("#kp-roadworks-map img.leaflet-tile").count()) > 0, "tiles");
  assert.equal(await page.locator("#kp-roadworks-map .leaflet-overlay-pane svg path").count(), 6, "five works and one detour");
  // Pan and zoom (Leaflet, ADR 0059): the zoom buttons carry German names; axe checks the map with its controls.
  // By keyboard: a mouse left over the page would hover whatever list entry scrolls under it when the focus moves
  // below, and hovering draws that work dark too (CI failure at line "drawn normally again").
  await page.getByRole("button", { name: "Karte verkleinern" }).press("Enter");
  await checkAccessibility(page);
  assert.match(await page.getByRole("main").innerText(), /Kanalsanierung Hauptstraße Keltern/, "the list stays");

  // The shapes are no Tab stops (overlapping shapes would each be one): hidden from assistive technology; the
  // keyboard gets one list of the works on the map next to it. Tab from the map reaches its first entry, which draws
  // the work's shape dark; Enter moves the focus to the work's entry in the list below.
  assert.equal(await page.locator('#kp-roadworks-map path:not([tabindex="-1"])').count(), 1, "no work's shape is a Tab stop (the detour is not interactive)");
  assert.equal(await page.locator('#kp-roadworks-map .leaflet-overlay-pane path[aria-hidden="true"]').count(), 5, "the five works' shapes are hidden, the detour is not interactive");
  const mapList = page.getByRole("navigation", { name: "Baustellen auf der Karte" });
  assert.equal(await mapList.getByRole("link").count(), 5, "one list entry per work");
  // From the map, past its zoom buttons (and the attribution), Tab reaches the list – no shape in between.
  await page.locator("#kp-roadworks-map").focus();
  let title = "";
  const stops: string[] = [];
  for (let i = 0; i < 6 && !title; i++) {
    await page.keyboard.press("Tab");
    stops.push(await page.evaluate(() => document.activeElement?.tagName ?? ""));
    title = await page.evaluate(() => (document.activeElement?.closest(".kp-roadworks-map-works") ? document.activeElement.textContent : null) ?? "");
  }
  assert.ok(title, `Tab from the map reaches the list of works on the map (${stops.join(", ")})`);
  assert.ok(stops.length <= 4, `at most the map's own controls in between (${stops.join(", ")})`);
  assert.ok((await page.locator('#kp-roadworks-map .leaflet-overlay-pane path[stroke="#1b1b1b"]').count()) > 0, "the focused entry's work is drawn dark");
  await checkAccessibility(page);
  await page.keyboard.press("Enter");
  const entry = await focused(page);
  assert.match(entry, /^baustelle-[0-9a-f-]{36}$/, "the focus is on the list entry");
  assert.equal(new URL(page.url()).hash, `#${entry}`);
  assert.ok((await page.locator(`#${entry} h3`).innerText()).includes(title), "the entry of the same work");
  assert.equal(await page.locator('#kp-roadworks-map .leaflet-overlay-pane path[stroke="#1b1b1b"]').count(), 0, "drawn normally again after the focus left");
  await checkAccessibility(page);

  // The application's location picker, by keyboard: Enter takes the crosshair's point, arrows move, Enter again.
  const userId = await createTestUser(b.db, { email: "karte@firma.example", kind: "citizen", password: PASSWORD });
  const company = await b.db.insertInto("roadworks_companies").values({ name: "Karte GmbH", email: "info@karte.example", status: "approved" }).returning("id").executeTakeFirstOrThrow();
  await b.db.insertInto("roadworks_company_members").values({ company_id: company.id, user_id: userId, added_by: null }).execute();
  const applicant = await b.newPage();
  await logIn(applicant, "karte@firma.example", PASSWORD);
  await visit(applicant, "/baustellen/antrag");
  await applicant.waitForSelector("#kp-roadworks-picker img.leaflet-tile", { timeout: 20_000 });
  await tabTo(applicant, "kp-roadworks-picker");
  await applicant.keyboard.press("Enter");
  await applicant.keyboard.press("ArrowRight");
  await applicant.keyboard.press("+");
  await applicant.keyboard.press("Enter");
  // Enter during the pan/zoom animation takes the point where it ends (kp-map.js picker): wait for it to be added.
  const points = (n: number) => applicant.waitForFunction((k) => (document.getElementById("lage") as HTMLInputElement).value.split("; ").filter(Boolean).length === k, n, { timeout: 10_000 });
  await points(2);
  assert.match(await applicant.inputValue("#lage"), /^48\.90000, 8\.72000; 48\.[89]\d{4}, 8\.7\d{4}$/);
  assert.match(await applicant.locator("#kp-roadworks-picker-status").innerText(), /Punkt übernommen/);

  // Editing: a third point, close the area (drawn as a polygon), remove the last point again (a line), the detour.
  await applicant.keyboard.press("ArrowDown");
  await applicant.keyboard.press("Enter");
  await points(3);
  await applicant.getByRole("button", { name: "Fläche schließen" }).click();
  const ring = (await applicant.inputValue("#lage")).split("; ");
  assert.equal(ring.length, 4);
  assert.equal(ring[3], ring[0], "closed: the first point repeated");
  assert.equal(await applicant.locator("#kp-roadworks-picker path.kp-picker-area").count(), 1);
  assert.match(await applicant.locator("#kp-roadworks-picker-status").innerText(), /Fläche geschlossen/);
  await applicant.getByRole("button", { name: "Letzten Punkt entfernen" }).click();
  assert.equal((await applicant.inputValue("#lage")).split("; ").length, 3);
  assert.equal(await applicant.locator("#kp-roadworks-picker path.kp-picker-line").count(), 1);
  await applicant.getByLabel("Umleitung", { exact: false }).first().check();
  await tabTo(applicant, "kp-roadworks-picker");
  await applicant.keyboard.press("Enter");
  assert.match(await applicant.inputValue("#umleitung"), /^4\d\.\d{5}, 8\.\d{5}$/);
  assert.equal((await applicant.inputValue("#lage")).split("; ").length, 3, "the location is kept");
  await applicant.getByRole("button", { name: "Alle Punkte löschen" }).click();
  assert.equal(await applicant.inputValue("#umleitung"), "");
  await checkAccessibility(applicant);
});
