/**
 * `npx tsx scripts/importWaste.ts --ags 08236040 --file abfuhr.csv` (CSV: Straße;Datum;Abfallart, many
 * streets) or `… --file bahnhofstrasse.ics --street "Bahnhofstraße"` (iCal export of one street): imports
 * the collection dates of one municipality into the waste calendar (module pwa; audited as the system).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { withScriptDatabase } from "./scriptDatabase.js";
import { isAgs } from "../src/platform/keys.js";
import { systemContext } from "../src/platform/commands.js";
import { importWasteCalendar } from "../src/modules/pwa/index.js";

const { values } = parseArgs({ options: { ags: { type: "string" }, file: { type: "string" }, street: { type: "string" } } });
if (!values.ags || !isAgs(values.ags) || !values.file) {
  process.stderr.write('Aufruf: npx tsx scripts/importWaste.ts --ags <8-stelliger AGS> --file <datei.csv|datei.ics> [--street "<Straße>" bei .ics]\n');
  process.exit(2);
}
const text = await readFile(values.file, "utf8");
const format = /BEGIN:VCALENDAR/.test(text.slice(0, 2000)) ? "ics" : "csv";
if (format === "ics" && !values.street) {
  process.stderr.write("Eine iCal-Datei enthält die Termine einer Straße: bitte --street angeben.\n");
  process.exit(2);
}
const { ags, street } = values;
await withScriptDatabase(async (db) => {
  const res = await importWasteCalendar(systemContext(db), { ags, format, text, street });
  process.stdout.write(`${JSON.stringify(res)}\n`);
});
