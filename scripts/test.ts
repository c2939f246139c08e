/**
 * Test runner: provides a real PostgreSQL (embedded under var/test, or DATABASE_URL), migrates a
 * template database once, then runs `node --test` over the test files. Each test file clones the
 * template into its own database (test/helpers.ts), so files can run in parallel.
 *
 *   npm test                       all tests (unit, integration, browser)
 *   npm test -- test/integration   only some files or folders
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase } from "../src/platform/db/embedded.js";
import { migrate, MIGRATIONS_DIR } from "../src/platform/db/migrate.js";
import { createDb } from "../src/platform/db/index.js";
import { importMasterData } from "../src/modules/geo/index.js";
import { importCatalog } from "../src/modules/catalog/index.js";

async function collectAll(dir: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await collectAll(p, out);
    else out.push(p);
  }
}

async function collect(target: string, out: string[]): Promise<void> {
  const st = await stat(target).catch(() => undefined);
  if (!st) return;
  if (st.isFile()) {
    if (/\.test\.tsx?$/.test(target)) out.push(target);
    return;
  }
  for (const entry of await readdir(target)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    await collect(path.join(target, entry), out);
  }
}

/** Removes clusters of earlier runs whose runner process is gone (killed runs). */
async function removeDeadRuns(dir: string) {
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(/^run-(\d+)$/.exec(entry)?.[1]);
    if (!pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (alive) continue;
    // Starting it once shuts down an orphaned server cleanly before the folder goes.
    const e = await startEmbeddedDatabase(path.join(dir, entry), { log: () => undefined }).catch(() => undefined);
    await e?.stop();
    await rm(path.join(dir, entry), { recursive: true, force: true });
  }
}

async function main() {
  const args = process.argv.slice(2);
  const targets = args.length ? args : ["src", "test"];
  const files: string[] = [];
  for (const t of targets) await collect(t, files);
  files.sort();
  if (files.length === 0) throw new Error(`no test files under ${targets.join(", ")}`);

  // Each run gets its own cluster, so parallel runs (two terminals, CI beside a developer) never meet.
  const runDir = path.resolve(`var/test/run-${process.pid}`);
  if (!process.env.DATABASE_URL) await removeDeadRuns(path.resolve("var/test"));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedDatabase(runDir, { log: () => undefined });
  const adminUrl = process.env.DATABASE_URL ?? embedded!.adminUrl;

  // The template's name carries the checksum of migrations and shipped data, so it is rebuilt only
  // when they change; it holds the county-independent data (master data, catalogue) ready to clone.
  const hash = createHash("sha256");
  const dataFiles: string[] = [];
  await collectAll(MIGRATIONS_DIR, dataFiles);
  await collectAll(path.resolve("data"), dataFiles);
  for (const f of dataFiles.sort()) hash.update(f).update(await readFile(f));
  const template = `kp_tpl_${hash.digest("hex").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Leftovers of aborted runs.
  const stale = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'kp\\_t\\_%' OR (datname LIKE 'kp\\_tpl\\_%' AND datname <> $1)", [template]);
  for (const r of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => undefined);
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
  if (exists.rowCount === 0) {
    // Built under a temporary name and renamed at the end, so an aborted build is never reused.
    const building = `${template}_build`;
    await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${building}"`);
    const u = new URL(adminUrl);
    u.pathname = `/${building}`;
    await migrate(u.toString());
    const { db } = createDb(u.toString(), { max: 2 });
    try {
      await importMasterData(db);
      await importCatalog(db);
    } finally {
      await db.destroy();
    }
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
  }
  await admin.end();

  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${process.env.TEST_CONCURRENCY ?? "2"}`, ...files], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "test", TEST_ADMIN_DATABASE_URL: adminUrl, TEST_TEMPLATE_DATABASE: template },
    });
    child.on("exit", (c) => resolve(c ?? 1));
  });
  await embedded?.stop();
  if (embedded) await rm(runDir, { recursive: true, force: true });
  process.exit(code);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
