import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAreas, parsePostcodes, readMasterDataFiles } from "./masterData.js";

const HEADER = "ars,ags,level,type,name,seat,area_ha,population,postcode\n";

test("parseAreas: links parents (Kreis without Regierungsbezirk under its Land) and sums population upwards", () => {
  const rows = parseAreas(
    HEADER +
      "08,08,land,,Baden-Württemberg,Stuttgart,,,\n" +
      "082,082,bezirk,,Reg.-Bez. Karlsruhe,Karlsruhe,,,\n" +
      "08236,08236,kreis,44,Enzkreis,Pforzheim,,,\n" +
      "082365004,,verband,54,VVG der Stadt Mühlacker,Mühlacker,,,\n" +
      '082365004040,08236040,gemeinde,67,"Mühlacker, Stadt",,5432,26093,75417\n' +
      "082365004050,08236050,gemeinde,64,Ötisheim,,1426,4708,75443\n" +
      "11,11,land,,Berlin,Berlin,,,\n" +
      '11000,11000,kreis,41,"Berlin, Stadt",Berlin,,,\n',
  );
  const by = new Map(rows.map((r) => [r.ars, r]));
  assert.equal(by.get("082365004040")!.parent_ars, "082365004");
  assert.equal(by.get("082365004040")!.short_name, "Mühlacker");
  assert.equal(by.get("082365004040")!.search_key, "muhlacker");
  assert.equal(by.get("082365004040")!.kreis_key, "08236");
  assert.equal(by.get("082365004")!.parent_ars, "08236");
  assert.equal(by.get("08236")!.parent_ars, "082");
  assert.equal(by.get("11000")!.parent_ars, "11");
  assert.equal(by.get("08236")!.population, 26093 + 4708);
  assert.equal(by.get("08")!.population, 26093 + 4708);
  assert.equal(by.get("082365004")!.area_ha, 5432 + 1426);
});

test("parseAreas rejects broken keys and orphans", () => {
  assert.throws(() => parseAreas(HEADER + "0823,0823,kreis,44,X,,,,\n"), /ungültiger ARS/);
  assert.throws(() => parseAreas(HEADER + "08236,08236,kreis,44,Enzkreis,,,,\n"), /übergeordnete Ebene/);
  assert.throws(
    () => parseAreas(HEADER + "08,08,land,,BW,,,,\n08236,08236,kreis,44,Enzkreis,,,,\n082365004,,verband,54,VVG,,,,\n082365004040,08236041,gemeinde,67,M,,1,1,\n"),
    /passt nicht zum ARS/,
  );
});

test("parsePostcodes checks format, duplicates and unknown municipalities", () => {
  const rows = parsePostcodes("postcode,ags,place\n75417,08236040,Mühlacker\n", new Set(["08236040"]));
  assert.deepEqual(rows, [{ postcode: "75417", ags: "08236040", place: "Mühlacker", search_key: "muhlacker" }]);
  assert.throws(() => parsePostcodes("postcode,ags,place\n7541,08236040,X\n"), /ungültige Postleitzahl/);
  assert.throws(() => parsePostcodes("postcode,ags,place\n75417,08236040,X\n75417,08236040,X\n"), /doppelt/);
  assert.throws(() => parsePostcodes("postcode,ags,place\n75417,08236099,X\n", new Set(["08236040"])), /fehlt in areas.csv/);
});

test("the shipped data/: whole country, consistent, Enzkreis with 28 municipalities", async () => {
  const files = await readMasterDataFiles();
  assert.match(files.version, /^[0-9a-f]{64}$/);
  const { areas, postcodes } = files.parse();
  assert.equal(areas.filter((a) => a.level === "land").length, 16);
  assert.equal(areas.filter((a) => a.level === "kreis").length, 400);
  assert.ok(areas.filter((a) => a.level === "gemeinde").length > 10_000);
  assert.ok(postcodes.length > 12_000);
  const enz = areas.filter((a) => a.level === "gemeinde" && a.kreis_key === "08236");
  assert.equal(enz.length, 28);
  assert.equal(areas.find((a) => a.ags === "08236")!.name, "Enzkreis");
  assert.equal(areas.find((a) => a.ags === "08236")!.population, enz.reduce((s, a) => s + a.population!, 0));
  assert.deepEqual(postcodes.filter((p) => p.ags === "08236040").map((p) => p.postcode), ["75417"]);
});
