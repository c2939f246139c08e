/**
 * The main navigation shows a staff account only the pages it may open: every entry a signed-in account sees
 * answers it 200, never 403. Before, the care counsellors' page and the road traffic authorities' page were in
 * every staff account's navigation (audience "staff") and answered a building-office clerk 403 (NavItem.show).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, signedIn, signedInMember, type Client } from "../helpers.js";

function navHrefs(html: string): string[] {
  const nav = /<nav class="kp-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
  return [...nav.matchAll(/<a class="kp-nav__link" href="([^"]+)"/g)].map((m) => m[1]!);
}

test("navigation: each account sees only entries it may open (care and road-works staff pages by their policies)", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  const accounts: Record<string, Client> = {
    clerk: await signedInMember(ta, "bauamt@enzkreis.example", "lra-08236-baurecht"),
    traffic: await signedInMember(ta, "verkehr@muehlacker.example", "gem-08236040"),
    counsellor: await signedIn(app, db, { email: "pflege@enzkreis.example", kind: "staff", roles: ["member", "care_counsellor"] }),
    admin: await signedIn(app, db, { email: "it@enzkreis.example", kind: "staff", roles: ["admin"] }),
    citizen: await signedIn(app, db, { email: "buerger@example.org", kind: "citizen" }),
  };
  const seen: Record<string, string[]> = {};
  for (const [who, c] of Object.entries(accounts)) {
    const hrefs = navHrefs((await c.get("/konto")).body);
    assert.ok(hrefs.includes("/leistungen"), `${who}: the navigation is there`);
    seen[who] = hrefs;
    for (const href of hrefs) assert.equal((await c.get(href)).statusCode, 200, `${who} GET ${href} (in the navigation)`);
  }
  assert.ok(!seen.clerk!.includes("/verwaltung/pflege") && !seen.clerk!.includes("/verwaltung/baustellen"), "the clerk sees neither care nor road-works staff pages");
  assert.ok(seen.traffic!.includes("/verwaltung/baustellen") && !seen.traffic!.includes("/verwaltung/pflege"), "a municipality's administration sees road works");
  assert.ok(seen.counsellor!.includes("/verwaltung/pflege") && !seen.counsellor!.includes("/verwaltung/baustellen"), "the counsellor sees care");
  assert.ok(seen.admin!.includes("/verwaltung/pflege") && seen.admin!.includes("/verwaltung/baustellen"), "administrators see both");
  assert.ok(!seen.citizen!.some((h) => h.startsWith("/verwaltung")), "citizens see no staff entries");
  // Anonymous: the entries with their own policy are never shown.
  const anonymous = navHrefs((await app.inject({ method: "GET", url: "/" })).body);
  assert.ok(anonymous.includes("/pflegeplaetze") && !anonymous.includes("/verwaltung/pflege"));
});
