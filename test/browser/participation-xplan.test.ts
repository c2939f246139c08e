/** Issue 18 in the browser: the XPlanGML plan on the public page (map over tiles) and the staff upload with XSD errors (axe on every page). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { hashPassword } from "../../src/platform/auth/password.js";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { rootPath } from "../../src/platform/paths.js";
import { follow, logIn, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("the plan's area and land-use area are drawn on the map; staff see the XSD errors of a broken plan, then publish a valid one", { timeout: 400_000 }, async (t) => {
  const b = await startBrowserTest(t, { MAP_TILE_URL: "/assets/favicon.svg?z={z}&x={x}&y={y}" });
  await seedParticipationDemo({ db: b.db, config: b.config, log: () => undefined });
  const [muehlacker] = DEMO_PROCEDURES;

  const page = await b.newPage();
  await visit(page, `/beteiligung/${muehlacker!.slug}`);
  const main = page.getByRole("main");
  assert.match(await main.innerText(), /Mischgebiet \(Baugebiet\)/);
  await page.waitForSelector("#kp-plan-map svg", { timeout: 20_000 });
  assert.ok((await page.locator("#kp-plan-map img").count()) > 0, "tiles");
  assert.equal(await page.locator("#kp-plan-map svg path").count(), 2, "area and one land-use area");

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
});
