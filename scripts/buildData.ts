/**
 * Builds the master-data files in data/ from the published sources (never read at run time):
 *
 *   npm run data:build                 sources from ../shared/data (next to the project)
 *   npm run data:build -- <sourceDir>  or from another directory with the same layout:
 *     <sourceDir>/municipalities/gv100ad_<date>_deutschland.csv   Destatis GV100AD as CSV
 *     <sourceDir>/postcodes/zuordnung_plz_ort.csv                  OpenStreetMap postcodes
 *
 * Writes data/areas.csv, data/postcodes.csv, the attribution/licence files and data/README.md.
 * Keeps only the columns the portal needs and checks the result the same way the importer does.
 */
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsvRecords, toCsv } from "../src/platform/csv.js";
import { AREA_COLUMNS, POSTCODE_COLUMNS, DATA_DIR, AREAS_FILE, POSTCODES_FILE, readMasterDataFiles } from "../src/modules/geo/masterData.js";
import type { AreaLevel } from "../src/modules/geo/db.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.resolve(process.argv[2] ?? process.env.MASTER_DATA_SOURCE ?? path.join(ROOT, "../shared/data"));

const GV_COLUMNS = ["satzart", "ebene", "gebietsstand", "name", "sitz", "textkennzeichen", "ags", "ars", "flaeche_ha", "bevoelkerung", "plz"] as const;
const PLZ_COLUMNS = ["ags", "ort", "plz"] as const;
const LEVEL_OF_SATZART: Record<string, AreaLevel | undefined> = { "10": "land", "20": "bezirk", "40": "kreis", "50": "verband", "60": "gemeinde" };

function formatStand(yyyymmdd: string): string {
  return `${yyyymmdd.slice(6, 8)}.${yyyymmdd.slice(4, 6)}.${yyyymmdd.slice(0, 4)}`;
}

async function main() {
  const gvDir = path.join(source, "municipalities");
  const gvFile = (await readdir(gvDir)).filter((f) => /^gv100ad_\d{4}-\d{2}-\d{2}_deutschland\.csv$/.test(f)).sort().pop();
  if (!gvFile) throw new Error(`no gv100ad_<date>_deutschland.csv in ${gvDir}`);
  const gv = parseCsvRecords(await readFile(path.join(gvDir, gvFile), "utf8"), GV_COLUMNS);
  const plz = parseCsvRecords(await readFile(path.join(source, "postcodes/zuordnung_plz_ort.csv"), "utf8"), PLZ_COLUMNS);

  // ---- areas: Land, Regierungsbezirk, Kreis, Gemeindeverband, Gemeinde. The planning regions of
  // Baden-Württemberg (Satzart 30) are no administrative level and have no key: left out.
  const stands = new Set<string>();
  const areaRows: string[][] = [];
  let skipped = 0;
  for (const r of gv) {
    const level = LEVEL_OF_SATZART[r.satzart];
    if (!level) {
      skipped++;
      continue;
    }
    stands.add(r.gebietsstand);
    areaRows.push([r.ars, level === "verband" ? "" : r.ags, level, r.textkennzeichen, r.name, r.sitz, r.flaeche_ha, r.bevoelkerung, r.plz]);
  }
  if (stands.size !== 1) throw new Error(`expected one Gebietsstand, found ${[...stands].join(", ")}`);
  const stand = formatStand([...stands][0]!);
  areaRows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));

  // ---- postcodes: one row per postcode and municipality.
  const seen = new Set<string>();
  const postcodeRows: string[][] = [];
  for (const r of plz) {
    const key = `${r.plz}/${r.ags}`;
    if (seen.has(key)) continue;
    seen.add(key);
    postcodeRows.push([r.plz, r.ags, r.ort]);
  }
  postcodeRows.sort((a, b) => a[0]!.localeCompare(b[0]!) || a[1]!.localeCompare(b[1]!));

  await mkdir(DATA_DIR, { recursive: true });
  await writeFile(path.join(DATA_DIR, AREAS_FILE), toCsv(AREA_COLUMNS, areaRows));
  await writeFile(path.join(DATA_DIR, POSTCODES_FILE), toCsv(POSTCODE_COLUMNS, postcodeRows));

  // The same checks as at import time: keys, hierarchy, every postcode on a known municipality.
  const files = await readMasterDataFiles(DATA_DIR);
  const { areas, postcodes } = files.parse();
  const count = (l: AreaLevel) => areas.filter((a) => a.level === l).length;
  const counts = {
    land: count("land"),
    bezirk: count("bezirk"),
    kreis: count("kreis"),
    verband: count("verband"),
    gemeinde: count("gemeinde"),
    postcodes: new Set(postcodes.map((p) => p.postcode)).size,
    postcodeRows: postcodes.length,
  };
  const withoutPostcode = areas.filter((a) => a.level === "gemeinde" && !postcodes.some((p) => p.ags === a.ags) && a.type_code !== "66");
  if (withoutPostcode.length) process.stderr.write(`warning: ${withoutPostcode.length} inhabited municipalities without postcode: ${withoutPostcode.slice(0, 5).map((a) => a.name).join(", ")}\n`);

  const gvSource = await readFile(path.join(gvDir, "SOURCE.txt"), "utf8").catch(() => "");
  const plzSource = await readFile(path.join(source, "postcodes/SOURCE.txt"), "utf8").catch(() => "");
  await writeFile(path.join(DATA_DIR, "LICENSE-destatis.txt"), destatisLicence(stand, gvFile, gvSource));
  await writeFile(path.join(DATA_DIR, "LICENSE-ODbL-postcodes.txt"), odblLicence(plzSource));
  await writeFile(path.join(DATA_DIR, "README.md"), readme(stand, counts, files.version, skipped));
  process.stdout.write(`data/${AREAS_FILE}: ${areas.length} areas (${JSON.stringify(counts)})\ndata/${POSTCODES_FILE}: ${postcodes.length} rows\nversion ${files.version}\n`);
}

function destatisLicence(stand: string, file: string, sourceNote: string): string {
  return `Gemeindeverzeichnis (data/areas.csv)
====================================

Quellenvermerk / Attribution:
  © Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Stand ${stand}

Daten (im Auftrag der Herausgebergemeinschaft Statistische Ämter des Bundes und der Länder)
Statistisches Bundesamt (Destatis). Vervielfältigung und Verbreitung, auch auszugsweise, mit
Quellenangabe gestattet. Bevölkerung und Fläche: Stichtag 31.12.2020.

Lizenz: Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)
  https://www.govdata.de/dl-de/by-2-0

Bearbeitung: data/areas.csv ist ein Auszug (nur die im Portal benötigten Spalten: ARS, AGS,
Ebene, Textkennzeichen, Name, Verwaltungssitz, Fläche, Bevölkerung, Postleitzahl des Sitzes),
erzeugt mit scripts/buildData.ts aus ${file}. Die Planungsregionen (Satzart 30) sind nicht
enthalten. Inhalte wurden nicht verändert.

Diese Angaben müssen bei jeder Weitergabe und bei Anzeige der Daten genannt werden
(im Portal: Seite "Datenquellen und Lizenzen" und die Seiten "Städte und Gemeinden").

Herkunft der Ausgangsdatei
--------------------------
${sourceNote.trim() || "(keine Angaben)"}
`;
}

function odblLicence(sourceNote: string): string {
  return `Postleitzahlen (data/postcodes.csv)
===================================

Attribution / Namensnennung:
  © OpenStreetMap-Mitwirkende (© OpenStreetMap contributors)
  https://www.openstreetmap.org/copyright

Licence: Open Database License (ODbL) v1.0
  https://opendatacommons.org/licenses/odbl/1-0/

data/postcodes.csv is a Derivative Database of OpenStreetMap data (postcode → municipality key
and place name, as compiled by suche-postleitzahl.org). It is made available under the Open
Database License: https://opendatacommons.org/licenses/odbl/1-0/. Any rights in individual
contents of the database are licensed under the Database Contents License:
https://opendatacommons.org/licenses/dbcl/1-0/

Share-alike: the ODbL applies to this database and to databases derived from it (for example the
"postcodes" table a running portal loads it into). Whoever publicly uses or shares such a
database must keep it under the ODbL, keep this notice and offer the database (this file is that
offer; it is part of the published source code). The ODbL does not extend to the portal's
software, which is licensed under the EUPL-1.2, nor to other data it is combined with only as a
"Collective Database".

Produced Works (pages, API responses showing postcodes) must carry the attribution
"© OpenStreetMap-Mitwirkende" with a reference to the ODbL; the portal shows it on the
"Städte und Gemeinden" pages, on "Datenquellen und Lizenzen" and in the API responses.

Changes: only the columns postcode, AGS and place name were kept, duplicates removed, sorted.

Provenance of the source file
-----------------------------
${sourceNote.trim() || "(none given)"}
`;
}

function readme(stand: string, counts: Record<string, number>, version: string, skipped: number): string {
  return `# Stammdaten (master data)

Generated by \`npm run data:build\` (scripts/buildData.ts) — do not edit by hand; rebuild from a new
source release instead. The portal loads these files into the tables \`areas\` and \`postcodes\` at
start (\`importMasterData\` in src/modules/geo); it re-imports when the files change.

| File | Content | Source and licence |
| --- | --- | --- |
| \`areas.csv\` | ${counts.land} Länder, ${counts.bezirk} Regierungsbezirke, ${counts.kreis} Kreise, ${counts.verband} Gemeindeverbände, ${counts.gemeinde} Gemeinden (whole country) | © Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Stand ${stand} — dl-de/by-2-0, see [LICENSE-destatis.txt](LICENSE-destatis.txt) |
| \`postcodes.csv\` | ${counts.postcodeRows} rows: ${counts.postcodes} postcodes → municipality (AGS) | © OpenStreetMap-Mitwirkende — ODbL 1.0, see [LICENSE-ODbL-postcodes.txt](LICENSE-ODbL-postcodes.txt) |

Data version (SHA-256 of both CSV files): \`${version}\`

## areas.csv

One row per area, sorted by ARS (parents before their children).

| Column | Meaning |
| --- | --- |
| \`ars\` | Amtlicher Regionalschlüssel: Land 2, Regierungsbezirk 3, Kreis 5, Gemeindeverband 9, Gemeinde 12 digits (Land 2, RB 1, Kreis 2, Verband 4, Gemeinde 3) |
| \`ags\` | Amtlicher Gemeindeschlüssel (Land 2, RB 3, Kreis 5, Gemeinde 8 digits); empty for a Gemeindeverband |
| \`level\` | \`land\`, \`bezirk\`, \`kreis\`, \`verband\`, \`gemeinde\` |
| \`type\` | Destatis Textkennzeichen: Kreis 41 kreisfreie Stadt, 42 Stadtkreis, 43 Kreis, 44 Landkreis, 45 Regionalverband; Gemeindeverband 50 verbandsfrei (no association), 51 Amt, 52 Samtgemeinde, 53 Verbandsgemeinde, 54 Verwaltungsgemeinschaft (BW: VVG), 55 Kirchspielslandgemeinde, 56 Verwaltungsverband (BW: GVV), 58 erfüllende Gemeinde; Gemeinde 60 Markt, 61 kreisfreie Stadt, 62 Stadtkreis, 63 Stadt, 64 Gemeinde, 65/66 gemeindefreies Gebiet (bewohnt/unbewohnt), 67 Große Kreisstadt |
| \`name\` | official name, e.g. \`Mühlacker, Stadt\` |
| \`seat\` | seat of the administration (Kreis, Gemeindeverband) |
| \`area_ha\` | area in hectares (municipalities; 31.12.2020) |
| \`population\` | population (municipalities; 31.12.2020) |
| \`postcode\` | postcode of the municipality's administration |

A municipality belongs to its Gemeindeverband through the first 9 digits of its ARS, to its Kreis
through the first 5. ${skipped} records of the source (planning regions, Satzart 30) are left out.

## postcodes.csv

\`postcode,ags,place\` — one postcode can span several municipalities and one municipality can
have several postcodes. The place name is the OpenStreetMap name (often the long form, e.g.
"Altdorf bei Nürnberg" for "Altdorf b.Nürnberg, St"); the portal also searches it.

## Updating

Destatis publishes the GV100AD quarterly (https://www.destatis.de → Gemeindeverzeichnis). Convert
the fixed-width file into the CSV layout described in the source's SOURCE.txt, place it with the
postcode list in a directory laid out like \`shared/data\`, run \`npm run data:build -- <dir>\` and
commit the result. Both licence files are regenerated; keep the attribution on the portal pages in
step with the "Stand" date.
`;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
