/** `npm run migrate`: applies pending SQL migrations to DATABASE_URL or the embedded database. */
import { loadConfig } from "../src/platform/config.js";
import { startEmbeddedDatabase } from "../src/platform/db/embedded.js";
import { migrate } from "../src/platform/db/migrate.js";

const config = loadConfig();
const log = (m: string) => process.stderr.write(`${m}\n`);
const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.varDir, { log });
try {
  const applied = await migrate(config.databaseUrl ?? embedded!.url, log);
  log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} finally {
  await embedded?.stop();
}
