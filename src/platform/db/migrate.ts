import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { rootPath } from "../paths.js";

export const MIGRATIONS_DIR = rootPath("migrations");

// Any 64-bit number unique to this purpose: several app nodes starting at once migrate one after another.
const LOCK_ID = 7_236_001;

/**
 * Applies every `migrations/NNNN_name.sql` not yet recorded in schema_migrations, each in its own
 * transaction. A changed checksum of an applied migration is an error: migrations are append-only.
 */
export async function migrate(url: string, log: (m: string) => void = () => undefined): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map((await client.query("SELECT name, checksum FROM schema_migrations")).rows.map((r) => [r.name, r.checksum]));
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
    for (const file of files) {
      const text = await readFile(path.join(MIGRATIONS_DIR, file), "utf8");
      const checksum = createHash("sha256").update(text).digest("hex");
      const name = file.replace(/\.sql$/, "");
      if (done.has(name)) {
        if (done.get(name) !== checksum) throw new Error(`Migration ${file} wurde nach dem Einspielen geändert. Legen Sie eine neue Migration an.`);
        continue;
      }
      log(`migrating ${file}`);
      await client.query("BEGIN");
      try {
        await client.query(text);
        await client.query("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [name, checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${file} fehlgeschlagen: ${(err as Error).message}`);
      }
      applied.push(name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
  return applied;
}
