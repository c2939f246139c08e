/** Files every case that has no E-Akte file yet (cases from before the records module): `npm run records:backfill`. Safe to repeat. */
import { withScriptDatabase } from "./scriptDatabase.js";
import { fileUnfiledCases } from "../src/modules/records/index.js";

await withScriptDatabase(async (db) => {
  const r = await fileUnfiledCases(db);
  process.stdout.write(`E-Akte: ${r.checked} Vorgänge geprüft, ${r.filed} neu abgelegt, ${r.skipped} ohne passende Aktenplanposition.\n`);
});
