/**
 * Issue 24 item 15: the demo offices carry their published contact data (phone, hours, address)
 * with the source named; the imprint and the easy-language page take them from the office data;
 * lists of offices and municipalities are in German order (Kämpfelbach before Keltern), not in
 * the database's C collation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { buildTestApp, signedIn } from "../helpers.js";
import { listOfficesForEditors } from "../../src/modules/responsibility/index.js";
import { seedWasteDemo } from "../../src/modules/pwa/index.js";

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ");

test("office pages show the published phone, opening hours, address and their source", async (t) => {
  const { app, db } = await buildTestApp(t);
  const idOf = async (key: string) => (await db.selectFrom("org_units").select("id").where("key", "=", key).executeTakeFirstOrThrow()).id;

  const lra = text((await app.inject({ method: "GET", url: `/stellen/${await idOf("lra-08236")}` })).body);
  assert.match(lra, /07231 308-0/);
  assert.match(lra, /Dienstag 8:00–12:30 und 13:30–18:00 Uhr/, "opening hours of the main building");
  assert.doesNotMatch(lra, /Öffnungszeiten sind noch nicht hinterlegt/);
  assert.match(lra, /Quelle: .*infopress24\.de\/landratsamt-mit-neuen-oeffnungszeiten/, "the source is named on the page");

  const muehlacker = text((await app.inject({ method: "GET", url: `/stellen/${await idOf("lra-08236-zulassung_muehlacker")}` })).body);
  assert.match(muehlacker, /Vetterstraße 21/);
  assert.match(muehlacker, /Donnerstag 8:00–14:00 Uhr/);
  assert.match(muehlacker, /07231 308-0 \(Zentrale: Landratsamt Enzkreis\)/);

  const vet = await app.inject({ method: "GET", url: `/api/v1/offices/${await idOf("lra-08236-veterinaer")}` });
  assert.equal(vet.statusCode, 200);
  assert.equal(vet.json().office.street, "Stuttgarter Straße 23");
  assert.match(vet.json().office.dataSource, /vkz\.de/);
});

test("imprint shows the county's postal address and the easy-language page the number, address and hours from the office data", async (t) => {
  const { app } = await buildTestApp(t);
  const imprint = text((await app.inject({ method: "GET", url: "/impressum" })).body);
  assert.match(imprint, /Zähringerallee 3 75177 Pforzheim/);
  assert.match(imprint, /07231 308-0/);

  const easy = text((await app.inject({ method: "GET", url: "/leichte-sprache" })).body);
  assert.match(easy, /Die Telefon-Nummer vom Landratsamt ist: 07231 308-0/);
  assert.match(easy, /Die Adresse vom Landratsamt ist: Zähringerallee 3, 75177 Pforzheim/);
  assert.match(easy, /Dienstag: 8:00–12:30 und 13:30–18:00 Uhr/);
});

test("lists of municipalities and offices are in German order", async (t) => {
  const { app, db } = await buildTestApp(t);
  const german = new Intl.Collator("de");

  // The editors' office list (was SQL ORDER BY name: Keltern, Kieselbronn, Kämpfelbach).
  const names = (await listOfficesForEditors(db)).filter((o) => o.kind === "municipal_authority").map((o) => o.name);
  const k = ["Kämpfelbach", "Keltern", "Kieselbronn", "Knittlingen", "Königsbach-Stein"].map((n) => names.findIndex((x) => x.endsWith(` ${n}`)));
  assert.ok(k.every((i) => i >= 0), `all five found: ${k}`);
  assert.deepEqual([...k].sort((a, b) => a - b), k, `German order, got ${k.map((i) => names[i]).join(", ")}`);
  assert.deepEqual(names, [...names].sort(german.compare));

  // The municipality API and the /gemeinden page.
  const api = await app.inject({ method: "GET", url: "/api/v1/municipalities" });
  assert.equal(api.statusCode, 200, api.body);
  const items: Array<{ name?: string; shortName?: string }> = api.json().items ?? api.json();
  const apiNames = items.map((m) => m.shortName ?? m.name ?? "");
  assert.ok(apiNames.indexOf("Kämpfelbach") < apiNames.indexOf("Knittlingen") && apiNames.indexOf("Kämpfelbach") >= 0);
  const page = text((await app.inject({ method: "GET", url: "/gemeinden" })).body);
  assert.ok(page.indexOf("Kämpfelbach") < page.indexOf("Keltern") && page.indexOf("Kämpfelbach") >= 0);

  // The street choice of the push settings names the municipality first: Keltern, Mühlacker, Neuenbürg (was by AGS).
  await seedWasteDemo(db, "2026-12-07");
  const citizen = await signedIn(app, db, { email: "order@example.org", kind: "citizen" });
  const options = [...(await citizen.get("/konto/benachrichtigungen")).body.matchAll(/<option value="[0-9a-f-]{36}"[^>]*>([^<]+)<\/option>/g)].map((m) => m[1]!);
  assert.ok(options.length >= 10, `street options: ${options.length}`);
  assert.deepEqual(options, [...options].sort(german.compare));
});

test("office data: every office with contact details names where they were published", async () => {
  for (const file of ["08236.json", "08231.json"]) {
    const data = JSON.parse(await readFile(new URL(`../../data/offices/${file}`, import.meta.url), "utf8"));
    const units = [data.countyAuthority, ...(data.departments ?? []), ...data.municipalAuthorities.flatMap((m: { departments?: unknown[] }) => [m, ...(m.departments ?? [])])].filter(Boolean);
    for (const u of units) {
      const detailed = ["street", "phone", "email"].some((f) => u[f]) || (u.openingHours ?? []).length > 0;
      if (detailed) assert.ok(u.dataSource && /https?:\/\/|enzkreis\.de|pforzheim\.de|Destatis/.test(u.dataSource), `${file} ${u.key ?? u.ags ?? u.name}: dataSource names the publication`);
    }
  }
});
