/** Imports a filing plan (Aktenplan) CSV: `npm run records:plan -- path/to/plan.csv` (columns: code,parent,title,retention_years,disposal,process_ids). */
import { withScriptDatabase } from "./scriptDatabase.js";
import { DEMO_PLAN_CSV, importFilingPlan } from "../src/modules/records/index.js";

const file = process.argv[2] ?? DEMO_PLAN_CSV;
await withScriptDatabase(async (db) => {
  try {
    const result = await importFilingPlan(db, file);
    process.stdout.write(`Aktenplan ${file}: ${result.inserted} neu, ${result.updated} geändert.\n`);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
  }
});
