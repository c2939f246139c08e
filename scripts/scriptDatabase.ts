/**
 * The database of a command-line script (admin:create, system:create, records:plan, importWaste): DATABASE_URL,
 * else the embedded PostgreSQL under VAR_DIR as `npm start` uses it; migrated first, closed afterwards.
 */
import { loadConfig, type Config } from "../src/platform/config.js";
import { startEmbeddedDatabase } from "../src/platform/db/embedded.js";
import { createDb, type Db } from "../src/platform/db/index.js";
import { migrate } from "../src/platform/db/migrate.js";

export async function withScriptDatabase<T>(fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.varDir, { log: () => undefined });
  const url = config.databaseUrl ?? embedded!.url;
  await migrate(url);
  const { db } = createDb(url, { max: 2 });
  try {
    return await fn(db, config);
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}
