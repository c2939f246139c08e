/** Imports a filing plan (Aktenplan) CSV: `npm run records:plan -- path/to/plan.csv` (columns: code,parent,title,retention_years,disposal,process_ids). */
import { loadConfig } from "../src/platform/config.js";
import { startEmbeddedDatabase } from "../src/platform/db/embedded.js";
import { createDb } from "../src/platform/db/index.js";
import { migrate } from "../src/platform/db/migrate.js";
import { DEMO_PLAN_CSV, importFilingPlan } from "../src/modules/records/index.js";

const file = process.argv[2] ?? DEMO_PLAN_CSV;
const config = loadConfig();
const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.varDir, { log: () => undefined });
const url = config.databaseUrl ?? embedded!.url;
await migrate(url);
const { db } = createDb(url, { max: 2 });
try {
  const result = await importFilingPlan(db, file);
  process.stdout.write(`Aktenplan ${file}: ${result.inserted} neu, ${result.updated} geändert.\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
  await embedded?.stop();
}
