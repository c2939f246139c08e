/**
 * Issue 15: for a special use (Sondernutzung) the road owner (Straßenbaulastträger) is found from the road class and
 * the place – municipal road → the municipality, county road → the Landratsamt, state road outside the town → the
 * Regierungspräsidium (a state office of the responsibility module) – and shown in the check step, to staff and in
 * the order PDF.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { application, companyAccount, consentAndOrder, csrfOf, MUEHLACKER, postMultipart, staffOf, submitApplication } from "../support/roadworks.js";
import { pdfText } from "../support/pdfText.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const su = { sondernutzung: "ja", sondernutzungArt: "Baucontainer auf dem Gehweg", sondernutzungFlaeche: "20" };

test("issue 15: the special use's road owner from road class and place, in the check step, for staff and in the order", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  const city = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const { c, companyId } = await companyAccount(ta, "bau@eigentuemer.example", "Eigentümer Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 13);
  const county = (await db.selectFrom("org_units").select("name").where("key", "=", "lra-08236").executeTakeFirstOrThrow()).name;
  const check = async (extra: Record<string, string>) => {
    const form = await c.get("/baustellen/antrag");
    const res = await postMultipart(app, c, "/baustellen/antrag", { _csrf: csrfOf(form.body), aktion: "pruefen", ...application(companyId, start, end, { titel: "Prüfung Eigentümer", ...extra }) }, [{ field: "zeichenplan", name: "plan.pdf", type: "application/pdf", content: PDF }]);
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    return /Straßenbaulastträger dieser Straße: ([^<]+?) – er entscheidet/.exec(res.body)?.[1];
  };
  assert.equal(await check({ strassenklasse: "municipal" }), undefined, "no special use: no road owner named");
  assert.match((await check({ strassenklasse: "municipal", ...su })) ?? "", /Mühlacker/);
  assert.equal(await check({ strassenklasse: "county", ...su }), county);
  assert.equal(await check({ strassenklasse: "state", hausVon: "", hausBis: "", ...su }), "Regierungspräsidium Karlsruhe", "state road outside the town");
  assert.equal(await check({ strassenklasse: "federal", ...su }), "Regierungspräsidium Karlsruhe", "a federal through road in a town under 80,000");

  // A state road outside the town with a special use: staff see the owner; the order names it.
  const id = await submitApplication(ta, c, application(companyId, start, end, { titel: "Landesstraße Sondernutzung", strassenklasse: "state", hausVon: "", hausBis: "", ...su }));
  const detail = `/verwaltung/baustellen/${id}`;
  const page = await city.get(detail);
  assert.match(page.body, /Straßenbaulastträger \(Sondernutzung\)/);
  assert.match(page.body, /Regierungspräsidium Karlsruhe/);
  await consentAndOrder(city, detail);
  const pdf = await city.get(`/baustellen/${id}/anordnung.pdf`);
  assert.equal(pdf.statusCode, 200);
  const text = pdfText(pdf.rawPayload).replace(/\s+/g, " ");
  assert.match(text, /Straßenbaulastträger \(Sondernutzung\)/);
  assert.match(text, /Regierungspräsidium Karlsruhe/);
  assert.match(text, /zuständig: Regierungspräsidium Karlsruhe/);

  // Without a special use the order names no road owner.
  const plain = await submitApplication(ta, c, application(companyId, start, end, { titel: "Ohne Sondernutzung", strassenklasse: "state", hausVon: "", hausBis: "" }));
  assert.doesNotMatch((await city.get(`/verwaltung/baustellen/${plain}`)).body, /Straßenbaulastträger/);
});
