/**
 * Prometheus metrics at GET /metrics, behind a bearer token (METRICS_TOKEN; without it the route does
 * not exist: 404). See docs/OPERATIONS.md "Metrics" and ADR 0021.
 */
import { sql } from "kysely";
import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { bearerCredential, matchesSharedSecret, sendBearerChallenge } from "../auth/apiTokens.js";
import { poolOf, type Db } from "../db/index.js";
import { MAX_ATTEMPTS } from "../mail/queue.js";

/** Creates the app's metric registry and records every request; registers /metrics when a token is configured. */
export function registerMetrics(app: FastifyInstance, opts: { db: Db; token: string | undefined }): Registry {
  // One registry per app (tests build many apps in one process; the global one would clash).
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP requests by route pattern (not the raw URL), method and status; _count is the request count.",
    labelNames: ["method", "route", "status_code"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook("onResponse", async (req, reply) => {
    // Unmatched URLs share one label, so scanners cannot blow up the number of series.
    const route = req.routeOptions.url ?? "unmatched";
    duration.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const pool = poolOf(opts.db);
  new Gauge({
    name: "db_pool_connections",
    help: "Connections of this node's database pool: total, idle, and requests waiting for one.",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });

  new Gauge({
    name: "jobs_queue_depth",
    help: "pg-boss jobs per queue and state (created, retry, active), shared by all nodes.",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      this.reset();
      // The pgboss schema exists once a node has started its job workers.
      const rows = await sql<{ name: string; state: string; n: string }>`
        SELECT name, state::text AS state, count(*) AS n FROM pgboss.job
        WHERE state IN ('created', 'retry', 'active') GROUP BY name, state`
        .execute(opts.db)
        .then((r) => r.rows, () => []);
      for (const r of rows) this.set({ queue: r.name, state: r.state }, Number(r.n));
    },
  });

  const countMails = (failed: boolean) =>
    sql<{ n: string }>`SELECT count(*) AS n FROM mail_queue WHERE sent_at IS NULL AND ${failed ? sql`attempts >= ${MAX_ATTEMPTS}` : sql`attempts < ${MAX_ATTEMPTS}`}`
      .execute(opts.db)
      .then((r) => Number(r.rows[0]?.n ?? 0), () => undefined);
  new Gauge({
    name: "mail_queue_depth",
    help: "Mails waiting to be sent (including retries with back-off).",
    registers: [registry],
    async collect() {
      const n = await countMails(false);
      if (n !== undefined) this.set(n);
    },
  });
  new Gauge({
    name: "mail_queue_failed",
    help: "Mails given up after the last attempt (not sent; staff must look at them).",
    registers: [registry],
    async collect() {
      const n = await countMails(true);
      if (n !== undefined) this.set(n);
    },
  });

  const token = opts.token;
  if (token) {
    app.get("/metrics", { logLevel: "warn", schema: { hide: true } }, async (req, reply) => {
      const credential = bearerCredential(req);
      if (!matchesSharedSecret(credential, token)) {
        return sendBearerChallenge(reply, 401, { error: credential !== undefined ? "invalid_token" : undefined, message: "Gültiges Token (Authorization: Bearer …) erforderlich." });
      }
      return reply.type(registry.contentType).header("cache-control", "no-store").send(await registry.metrics());
    });
  }
  return registry;
}
