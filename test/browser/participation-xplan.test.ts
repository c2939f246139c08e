/** Issue 18 in the browser: the XPlanGML plan on the public page (map over tiles) and the staff upload with XSD errors (axe on every page). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { hashPassword } from "../../src/platform/auth/password.js";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { rootPath } from "../../src/platform/paths.js";
import { checkAccessibility, follow, logIn, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("the plan's area and land-use area are drawn on the map; staff see the XSD errors of a broken plan, then publish a valid one", { timeout: 400_000 }, async (t) => {
  const b = await startBrowserTest(t, { MAP_TILE_URL: "/assets/favicon.svg?z={z}&x={x}&y={y}" });
  await seedParticipationDemo({ db: b.db, config: b.config, log: () => undefined });
  const [muehlacker] = DEMO_PROCEDURES;

  const page = await b.newPage();
  await visit(page, `/beteiligung/${muehlacker!.slug}`);
  const main = page.getByRole("main");
  assert.match(await main.innerText(), /Mischgebiet \(Baugebiet\)/);
  await page.waitForSelector("#kp-plan-map .leaflet-overlay-pane svg path", { timeout: 20_000 });
  assert.ok((await page.locator("#kp-plan-map img.leaflet-tile").count()) > 0, "tiles");
  assert.equal(await page.locator("#kp-plan-map .leaflet-overlay-pane svg path").count(), 2, "area and one land-use area");
  // Pan and zoom (Leaflet): the zoom button has a German name and loads the tiles of the next level out.
  const zoomOf = (src: string | null) => Number(/z=(\d+)/.exec(src ?? "")?.[1]);
  const before = zoomOf(await page.locator("#kp-plan-map img.leaflet-tile").first().getAttribute("src"));
  await page.getByRole("button", { name: "Karte verkleinern" }).click();
  await page.waitForSelector(`#kp-plan-map img.leaflet-tile[src*="z=${before - 1}&"]`);
  await checkAccessibility(page);

  // The statement's point, picked on the map: a click fills latitude and longitude (decimal comma) and sets a
  // marker; by keyboard, Enter on the focused map takes its centre. The fields stay for typing.
  await follow(page, () => main.getByRole("link", { name: "Stellungnahme abgeben" }).click());
  const pick = page.locator("#kp-comment-map");
  await page.waitForSelector("#kp-comment-map .leaflet-overlay-pane svg path", { timeout: 20_000 });
  assert.equal(await page.locator("#kp-comment-map-help").isVisible(), true);
  const box = (await pick.boundingBox())!;
  await pick.click({ position: { x: box.width / 2 + 30, y: box.height / 2 + 20 } });
  const clicked = [await page.inputValue("#breite"), await page.inputValue("#laenge")];
  assert.match(clicked[0]!, /^\d{2},\d{5}$/);
  assert.match(clicked[1]!, /^\d{1,2},\d{5}$/);
  assert.equal(await page.locator("#kp-comment-map .kp-comment-marker").count(), 1);
  assert.match(await page.locator("#kp-comment-map-status").innerText(), /Punkt gesetzt: \d{2},\d{5}; \d{1,2},\d{5}/);
  await pick.focus();
  await page.keyboard.press("Enter");
  const centre = [await page.inputValue("#breite"), await page.inputValue("#laenge")];
  assert.notDeepEqual(centre, clicked, "Enter takes the centre, not the clicked point");
  assert.equal(await page.locator("#kp-comment-map .kp-comment-marker").count(), 1, "one marker, moved");
  await checkAccessibility(page);
  // The centre of the plan's area lies in it: the statement is accepted with that point.
  await page.locator("#text").fill("Zum Punkt: Bitte den Baum dort erhalten.");
  await page.locator("#name").fill("Eva Muster");
  await page.locator("#strasse").fill("Bahnhofstraße 1");
  await page.locator("#plz").fill("75417");
  await page.locator("#ort").fill("Mühlacker");
  await follow(page, () => main.getByRole("button", { name: "Stellungnahme absenden" }).click());
  assert.match(await main.innerText(), /Ihre Nummer: BT-\d{4}-\d{6}/);
  const stored = await b.db.selectFrom("participation_statements").select(["place_lat", "place_lon"]).orderBy("submitted_at", "desc").executeTakeFirstOrThrow();
  assert.equal(Number(stored.place_lat).toFixed(5), centre[0]!.replace(",", "."));
  assert.equal(Number(stored.place_lon).toFixed(5), centre[1]!.replace(",", "."));

  const unit = await b.db.selectFrom("org_units").select("id").where("key", "=", "gem-08236040").executeTakeFirstOrThrow();
  const staff = await b.db.insertInto("users").values({ kind: "staff", email: "plan@muehlacker.example", display_name: "Stadtplanung Mühlacker", password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: staff.id, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const office = await b.newPage();
  await logIn(office, "plan@muehlacker.example", PASSWORD);
  const id = (await b.db.selectFrom("participation_procedures").select("id").where("slug", "=", muehlacker!.slug).executeTakeFirstOrThrow()).id;
  await visit(office, `/verwaltung/beteiligung/${id}`);
  const omain = office.getByRole("main");
  const good = readFileSync(rootPath("data", "xplanung", "samples", "BP_6.0.2_valide.gml"));
  const broken = Buffer.from(good.toString("utf8").replace("<xplan:rechtsstand>", "<xplan:unbekannt>1</xplan:unbekannt><xplan:rechtsstand>"));
  await office.setInputFiles("#xplan", { name: "plan.gml", mimeType: "application/gml+xml", buffer: broken });
  await follow(office, () => omain.getByRole("button", { name: "Plan hochladen und prüfen" }).click());
  const errors = await omain.innerText();
  assert.match(errors, /entspricht nicht dem XPlanGML-6\.0-Schema/);
  assert.match(errors, /xplan:unbekannt/);
  await office.setInputFiles("#xplan", { name: "plan.gml", mimeType: "application/gml+xml", buffer: good });
  await follow(office, () => omain.getByRole("button", { name: "Plan hochladen und prüfen" }).click());
  assert.match(await omain.innerText(), /Der Plan wurde geprüft und veröffentlicht[\s\S]*BPlan_SO-Objekte-Test/);

  // A plan with a Baugrenze (line) and a tree (point): both are labelled on the map with the names of the list below it.
  const fixture = readFileSync(rootPath("src", "modules", "participation", "xplan", "fixtures", "BP_lines_points_holes.gml"));
  await office.setInputFiles("#xplan", { name: "plan.gml", mimeType: "application/gml+xml", buffer: fixture });
  await follow(office, () => omain.getByRole("button", { name: "Plan hochladen und prüfen" }).click());
  assert.match(await omain.innerText(), /Der Plan wurde geprüft und veröffentlicht/);
  await visit(page, `/beteiligung/${muehlacker!.slug}`);
  await page.waitForSelector("#kp-plan-map .kp-plan-label", { timeout: 20_000 });
  const labels = (await page.locator("#kp-plan-map .kp-plan-label").allInnerTexts()).sort();
  assert.deepEqual(labels, ["Baugrenze", "Einzelbaum (anpflanzen oder erhalten)"]);
  const listed = await main.locator("ul.kern-list li").allInnerTexts();
  for (const l of labels) assert.ok(listed.includes(l), `${l} in the list: ${listed.join(" | ")}`);
  assert.ok(listed.includes("Wohnbaufläche (Baugebiet)"), "the area is named in the list (its allgemeine Art der baulichen Nutzung)");
  assert.ok(await page.locator("#kp-plan-map .kp-plan-label").first().isVisible());
  await checkAccessibility(page);
  // The statement form's map has the same labels.
  await follow(page, () => main.getByRole("link", { name: "Stellungnahme abgeben" }).click());
  await page.waitForSelector("#kp-comment-map .kp-plan-label", { timeout: 20_000 });
  assert.equal(await page.locator("#kp-comment-map .kp-plan-label").count(), 2);
  await checkAccessibility(page);
});
