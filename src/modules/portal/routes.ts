/** Machine endpoints of the portal: health and readiness probes (JSON), security.txt, robots.txt. */
import type { FastifyInstance } from "fastify";
import { databaseReady } from "../../platform/db/index.js";

export function portalRoutes(app: FastifyInstance) {
  app.get("/health", { logLevel: "warn" }, async () => ({ status: "ok" }));
  app.get("/ready", { logLevel: "warn" }, async (_req, reply) => {
    const ok = await databaseReady(app.deps.db);
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ready" : "database_unavailable" });
  });

  app.get("/.well-known/security.txt", async (_req, reply) => {
    const base = app.deps.config.publicUrl;
    const expires = new Date(Date.now() + 180 * 86400_000).toISOString();
    return reply
      .type("text/plain; charset=utf-8")
      .send(`Contact: mailto:security@${new URL(base).hostname}\nExpires: ${expires}\nPreferred-Languages: de, en\nCanonical: ${base}/.well-known/security.txt\n`);
  });
  app.get("/robots.txt", async (_req, reply) => reply.type("text/plain").send("User-agent: *\nDisallow: /konto\nDisallow: /verwaltung\n"));
}
