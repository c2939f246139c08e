/**
 * Issue 15: inside or outside the town (innerorts/außerorts) is stated by the applicant (radio, preselected from the
 * house-number guess in the check step), can be corrected by staff (audited), and decides the special use's road owner
 * on the through road (migration 0090).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { application, companyAccount, csrfOf, MUEHLACKER, postMultipart, staffOf, submitApplication } from "../support/roadworks.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const su = { sondernutzung: "ja", sondernutzungArt: "Gerüst auf dem Gehweg", sondernutzungFlaeche: "10" };

test("issue 15: inside the town as stated and corrected decides the road owner", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  // Above 30,000 inhabitants a town carries the through road of a state road (§ 43 StrG BW): then inside/outside matters.
  await db.updateTable("areas").set({ population: 35_000 }).where("ags", "=", MUEHLACKER).where("level", "=", "gemeinde").execute();
  const city = await staffOf(ta, "ort@muehlacker.example", `gem-${MUEHLACKER}`);
  const { c, companyId } = await companyAccount(ta, "bau@ortslage.example", "Ortslage Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 13);
  const check = async (extra: Record<string, string>) => {
    const form = await c.get("/baustellen/antrag");
    assert.match(form.body, /name="innerorts"/, "the form asks");
    const res = await postMultipart(app, c, "/baustellen/antrag", { _csrf: csrfOf(form.body), aktion: "pruefen", ...application(companyId, start, end, { titel: "Ortslage", strassenklasse: "state", ...su, ...extra }) }, [{ field: "zeichenplan", name: "plan.pdf", type: "application/pdf", content: PDF }]);
    return { status: res.statusCode, owner: /Straßenbaulastträger dieser Straße: ([^<]+?) – er entscheidet/.exec(res.body)?.[1], checked: /name="innerorts" value="(ja|nein)" checked/.exec(res.body)?.[1] ?? /value="(ja|nein)"[^>]*checked/.exec(res.body)?.[1], body: res.body };
  };
  // Unstated: guessed from the house numbers and preselected, so the applicant sees it.
  const guessed = await check({});
  assert.equal(guessed.status, 200);
  assert.equal(guessed.checked, "ja", "house numbers → inside the town, preselected");
  assert.match(guessed.owner ?? "", /Mühlacker/, "the town carries its through road");
  const noNumbers = await check({ hausVon: "", hausBis: "" });
  assert.equal(noNumbers.checked, "nein");
  assert.equal(noNumbers.owner, "Regierungspräsidium Karlsruhe");
  // Stated: the statement wins over the guess, both ways.
  assert.equal((await check({ innerorts: "nein" })).owner, "Regierungspräsidium Karlsruhe", "house numbers, but stated outside the town");
  assert.match((await check({ hausVon: "", hausBis: "", innerorts: "ja" })).owner ?? "", /Mühlacker/, "no house numbers, but stated inside");
  const bad = await check({ innerorts: "vielleicht" });
  assert.equal(bad.status, 422);
  assert.match(bad.body, /href="#innerorts"/, "the error next to the field");

  // Submitted as stated (outside, despite house numbers).
  const id = await submitApplication(ta, c, application(companyId, start, end, { titel: "Ortslage eingereicht", strassenklasse: "state", innerorts: "nein", ...su }));
  assert.equal((await db.selectFrom("roadworks").select("inside_town").where("id", "=", id).executeTakeFirstOrThrow()).inside_town, false);
  const detail = `/verwaltung/baustellen/${id}`;
  const before = (await city.get(detail)).body;
  assert.match(before, /id="ortslage"/);
  assert.match(before, /Regierungspräsidium Karlsruhe/);

  // Staff correct it: audited, and the road owner follows.
  assert.equal((await city.submit(detail, `${detail}/innerorts`, {})).statusCode, 422, "a choice is required");
  assert.equal((await c.submit("/baustellen/meine", `${detail}/innerorts`, { innerorts: "ja" })).statusCode, 403, "not the company");
  assert.equal((await city.submit(detail, `${detail}/innerorts`, { innerorts: "ja" })).statusCode, 303);
  assert.equal((await db.selectFrom("roadworks").select("inside_town").where("id", "=", id).executeTakeFirstOrThrow()).inside_town, true);
  const after = (await city.get(detail)).body;
  assert.doesNotMatch(after, /Regierungspräsidium Karlsruhe/, "no longer the Land");
  assert.match(after, /Straßenbaulastträger \(Sondernutzung\)[\s\S]*Mühlacker/);
  const audit = await db.selectFrom("audit_log").select("details").where("object_id", "=", id).where("action", "=", "roadworks.inside_town_corrected").execute();
  assert.equal(audit.length, 1);
  assert.deepEqual(audit[0]!.details, { from: false, to: true, was_guessed: false });
  assert.equal((await city.submit(detail, `${detail}/innerorts`, { innerorts: "ja" })).statusCode, 303);
  assert.equal((await db.selectFrom("audit_log").select("id").where("object_id", "=", id).where("action", "=", "roadworks.inside_town_corrected").execute()).length, 1, "unchanged: no second entry");
});
