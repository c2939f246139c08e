/** Test support: per-file databases, a real SMTP catcher, the real app, a cookie-aware client. */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestContext } from "node:test";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildApp } from "../src/app.js";
import type { ModuleDefinition } from "../src/platform/modules.js";
import { loadConfig, type Config } from "../src/platform/config.js";
import { createDb, type Db } from "../src/platform/db/index.js";
import { createMailer } from "../src/platform/mail/index.js";
import { hashPassword } from "../src/platform/auth/password.js";
import { importMasterData, loadCounty } from "../src/modules/geo/index.js";
import { ensureMunicipalAuthorities, recordCatalogFacts } from "../src/modules/responsibility/index.js";
import { seedDemoAdmin } from "../src/modules/accounts/index.js";
import { importCatalog } from "../src/modules/catalog/index.js";
import { importOffices } from "../src/modules/responsibility/index.js";
import { seedAppointments } from "../src/modules/appointments/index.js";
import { startSandboxServer, type SandboxServer } from "../src/modules/payments/providers/sandbox/server.js";

type After = Pick<TestContext, "after"> | { after(fn: () => unknown): void };

/** Clones the migrated template into a fresh database that is dropped after the test. */
export async function createTestDatabase(t: After): Promise<{ url: string; db: Db }> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!adminUrl || !template) throw new Error("Run tests with `npm test` (it provides the database).");
  const name = `kp_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const { db } = createDb(u.toString(), { max: 10 });
  t.after(async () => {
    await db.destroy();
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await a.end();
  });
  return { url: u.toString(), db };
}

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  raw: string;
  /** Decoded text body (quoted-printable undone). */
  text: string;
}

function decodeQuotedPrintable(s: string): string {
  return Buffer.from(s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
}

/** A real SMTP server on loopback that keeps what it receives, for assertions. */
export async function startMailCatcher(t: After) {
  const mails: CapturedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
        const body = rest.join("\n\n");
        const subjectRaw = /^Subject:\s*((?:.*)(?:\r?\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\r?\n[ \t]/g, " ") ?? "";
        const subject = subjectRaw.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
          enc.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
        );
        const text = /quoted-printable/i.test(head) ? decodeQuotedPrintable(body) : /base64/i.test(head) && !/multipart/i.test(head) ? Buffer.from(body, "base64").toString("utf8") : body;
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), subject: subject.trim(), raw, text });
        waiters.splice(0).forEach((w) => w());
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const addr = server.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** Resolves with the first mail to `to` matching, waiting up to 10 s. */
    async waitFor(to: string, match: (m: CapturedMail) => boolean = () => true): Promise<CapturedMail> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = mails.find((m) => m.to.includes(to) && match(m));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within 10 s (got: ${mails.map((m) => m.subject).join(", ")})`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
  };
}

function joinDatabase(t: After, url: string): { url: string; db: Db } {
  const { db } = createDb(url, { max: 5 });
  t.after(() => db.destroy());
  return { url, db };
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  config: Config;
  mail: Awaited<ReturnType<typeof startMailCatcher>>;
  databaseUrl: string;
}

/** The real application (same buildApp as production) on a fresh database, with demo data. TEST_LOG_LEVEL=error shows its log. */
export async function buildTestApp(t: After, env: Record<string, string> = {}, opts: { modules?: readonly ModuleDefinition[] } = {}): Promise<TestApp> {
  // Registered first, so it runs first (after-hooks run in order): a job queue the test started stops
  // before the app, its mail catcher and its database go away (a running job would find them gone).
  let built: FastifyInstance | undefined;
  t.after(async () => {
    await built?.services.jobs?.stop();
  });
  // With DATABASE_URL given, the app joins an existing test database (a second "node").
  const { url, db } = env.DATABASE_URL ? joinDatabase(t, env.DATABASE_URL) : await createTestDatabase(t);
  const mail = await startMailCatcher(t);
  // Uploads and other files of this app go to its own temporary folder (never ./var), removed afterwards.
  const varDir = await mkdtemp(path.join(os.tmpdir(), "kp-test-"));
  t.after(() => rm(varDir, { recursive: true, force: true }));
  const config = loadConfig({ NODE_ENV: "test", SESSION_SECRET: "test-secret-".padEnd(40, "x"), PUBLIC_URL: "http://localhost:3000", DATABASE_URL: url, SMTP_URL: mail.url, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", VAR_DIR: varDir, ...env });
  await importMasterData(db);
  await ensureMunicipalAuthorities(db, config);
  await importOffices(db, config);
  await seedDemoAdmin({ db, log: () => undefined });
  await importCatalog(db);
  await seedAppointments(db);
  const county = await loadCounty(db, config.countyKey);
  // SMTP_URL in env points the app elsewhere (e.g. a closed port to test an outage); the catcher still runs.
  const mailer = createMailer(env.SMTP_URL ?? mail.url, config.mailFrom);
  const app = await buildApp({ config, db, mailer, county }, opts);
  built = app;
  t.after(async () => {
    await app.close();
    await mailer.close();
  });
  return { app, db, config, mail, databaseUrl: url };
}

export const PAYMENT_SANDBOX_SECRET = "payment-secret-".padEnd(48, "p");

/**
 * buildTestApp with the payment sandbox as provider: a real sandbox server on localhost whose
 * notifications are delivered to this app (inject), so payments complete as in production.
 */
export async function buildTestAppWithPayments(t: TestContext, env: Record<string, string> = {}): Promise<TestApp & { sandbox: SandboxServer }> {
  let app: FastifyInstance | undefined;
  const sandbox = await startSandboxServer({
    secret: PAYMENT_SANDBOX_SECRET,
    deliver: async (url, body, headers) => (await app!.inject({ method: "POST", url: new URL(url).pathname, headers: { ...headers, "content-type": "application/json" }, payload: body })).statusCode,
  });
  t.after(() => sandbox.close());
  const ta = await buildTestApp(t, { PAYMENT_PROVIDER: "sandbox", PAYMENT_URL: sandbox.url, PAYMENT_SECRET: PAYMENT_SANDBOX_SECRET, ...env });
  app = ta.app;
  return { ...ta, sandbox };
}

/** A browser-like client for app.inject: keeps cookies, reads CSRF tokens from forms. */
export class Client {
  cookies = new Map<string, string>();
  constructor(private app: FastifyInstance) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private store(res: LightMyRequestResponse) {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === "" || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({ method: "GET", url, headers: { cookie: this.cookieHeader(), ...headers } });
    this.store(res);
    return res;
  }

  /** Loads `formUrl`, takes the CSRF token from the page, and posts `fields` to `action`. */
  async submit(formUrl: string, action: string, fields: Record<string, string> | Array<[string, string]>) {
    const page = await this.get(formUrl);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${formUrl} (status ${page.statusCode})`);
    return this.post(action, Array.isArray(fields) ? [["_csrf", token], ...fields] : { _csrf: token, ...fields });
  }

  /** Posts a urlencoded form; pairs allow one name several times (checkboxes). */
  async post(url: string, fields: Record<string, string> | Array<[string, string]>) {
    const res = await this.app.inject({
      method: "POST",
      url,
      headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams(fields).toString(),
    });
    this.store(res);
    return res;
  }
}

export const TEST_PASSWORD = "Ein langes Testpasswort 2026";

export interface TestUser {
  email: string;
  kind: "staff" | "citizen";
  /** "member" is a member of the first org unit. */
  roles?: Array<"admin" | "editor" | "member" | "care_counsellor">;
  homeAgs?: string;
  password?: string;
  /** A brand-new account (created now). Otherwise the account is two days old, past the orchards' new-account brake. */
  newAccount?: boolean;
}

/** A confirmed account with its roles; returns its id. */
export async function createTestUser(db: Db, u: TestUser): Promise<string> {
  const user = await db
    .insertInto("users")
    .values({ kind: u.kind, email: u.email, display_name: u.email.split("@")[0]!, password_hash: await hashPassword(u.password ?? TEST_PASSWORD), email_verified_at: new Date(), home_ags: u.homeAgs ?? null, disabled_at: null, created_at: u.newAccount ? new Date() : new Date(Date.now() - 2 * 86_400_000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  const unit = await db.selectFrom("org_units").select("id").limit(1).executeTakeFirstOrThrow();
  for (const role of u.roles ?? []) await db.insertInto("user_roles").values({ user_id: user.id, role, org_unit_id: role === "member" ? unit.id : null, granted_by: null }).execute();
  return user.id;
}

/** Creates the account and signs it in through the login form; the client carries the session. */
export async function signedIn(app: FastifyInstance, db: Db, u: TestUser): Promise<Client> {
  await createTestUser(db, u);
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email: u.email, password: u.password ?? TEST_PASSWORD });
  if (res.statusCode !== 303) throw new Error(`login ${u.email}: ${res.statusCode}`);
  return c;
}

/** Extracts the first URL on our public origin from a mail body. */
export function linkIn(text: string, base = "http://localhost:3000"): string {
  const m = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(/[^\\s]+)`).exec(text);
  if (!m?.[1]) throw new Error(`no link in mail: ${text}`);
  return m[1];
}

/**
 * Delivers the outbox's events now and waits until none is left undelivered. A request's hook may have
 * started a background delivery that has claimed an event (deliverPending then skips it): waiting for the
 * row, not for our own call, keeps tests independent of who delivers. Fails after `timeoutMs`.
 */
export async function deliverAllEvents(app: FastifyInstance, db: Db, timeoutMs = 30_000): Promise<void> {
  const { eventContext } = await import("../src/platform/jobs/index.js");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await app.registry.events.deliverPending(db, eventContext(app));
    const open = await db.selectFrom("event_outbox").select((eb) => eb.fn.countAll<string>().as("n")).where("delivered_at", "is", null).where("last_error", "is", null).executeTakeFirstOrThrow();
    if (Number(open.n) === 0) return;
    if (Date.now() > deadline) throw new Error(`${open.n} events still undelivered after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A staff account that is a member of the org unit with this key (e.g. `gem-08236040`), signed in. */
export async function signedInMember(ta: TestApp, email: string, unitKey: string): Promise<Client> {
  const id = await createTestUser(ta.db, { email, kind: "staff" });
  const unit = await ta.db.selectFrom("org_units").select("id").where("key", "=", unitKey).executeTakeFirstOrThrow();
  await ta.db.insertInto("user_roles").values({ user_id: id, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const c = new Client(ta.app);
  const res = await c.submit("/anmelden", "/anmelden", { email, password: TEST_PASSWORD });
  if (res.statusCode !== 303) throw new Error(`login ${email}: ${res.statusCode}`);
  return c;
}

/**
 * A catalogue service written straight into `services` (tests of the finder), told to the responsibility
 * module as the catalogue's import and editor do (ADR 0052): insert or change category and department.
 */
export async function upsertCatalogService(db: Db, s: { leikaKey: string; name: string; taskCategory: string | null; department?: string | null }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("services")
      .values({ leika_key: s.leikaKey, name: s.name, task_category: s.taskCategory, responsible_department: s.department ?? null })
      .onConflict((oc) => oc.column("leika_key").doUpdateSet({ task_category: s.taskCategory, responsible_department: s.department ?? null }))
      .returning(["leika_key", "name", "task_category", "responsible_department", "popularity"])
      .executeTakeFirstOrThrow();
    await recordCatalogFacts(tx, { services: [row] });
  });
}
