import type { FastifyInstance } from "fastify";
import { databaseReady } from "../../platform/db/index.js";
import { registerMessages } from "../../platform/i18n/index.js";
import { registerNavItem } from "../../platform/views/context.js";
import { countMunicipalities } from "../geo/index.js";
import { findCountyAuthority } from "../responsibility/index.js";
import { portalMessages } from "./messages.js";
import { HomePage } from "./pages/homePage.js";
import { AccessibilityPage, EasyLanguagePage, ImprintPage, PrivacyPage, SourcesPage } from "./pages/staticPages.js";

registerMessages(portalMessages);

/** Start page, legal pages, language switch, health and readiness probes, security.txt. */
export async function portalModule(app: FastifyInstance) {
  registerNavItem({ label: "nav.account", href: "/konto", audience: "all", order: 90 });

  app.get("/", async (req, reply) => {
    const municipalities = await countMunicipalities(app.deps.db, app.deps.config.countyKey);
    return reply.page(req.t("portal.home.title"), (ctx) => <HomePage ctx={ctx} municipalities={municipalities} />);
  });
  app.get("/impressum", async (req, reply) => {
    const authority = await findCountyAuthority(app.deps.db, app.deps.config.countyKey);
    return reply.page(req.t("portal.imprint.title"), (ctx) => <ImprintPage ctx={ctx} authority={authority} />);
  });
  app.get("/datenschutz", (req, reply) => reply.page(req.t("portal.privacy.title"), (ctx) => <PrivacyPage ctx={ctx} />));
  app.get("/barrierefreiheit", (req, reply) => reply.page(req.t("portal.accessibility.title"), (ctx) => <AccessibilityPage ctx={ctx} />));
  app.get("/leichte-sprache", async (req, reply) => {
    const authority = await findCountyAuthority(app.deps.db, app.deps.config.countyKey);
    return reply.page(req.t("portal.easy.title"), (ctx) => <EasyLanguagePage ctx={ctx} authority={authority} />);
  });
  app.get("/quellen", (req, reply) => reply.page(req.t("portal.sources.title"), (ctx) => <SourcesPage ctx={ctx} />));

  app.get<{ Querystring: { lang?: string; next?: string } }>("/sprache", (req, reply) => {
    const lang = req.query.lang === "en" ? "en" : "de";
    // Only same-site relative paths, so the switch cannot be abused as an open redirect.
    const next = typeof req.query.next === "string" && /^\/(?![/\\])/.test(req.query.next) ? req.query.next : "/";
    reply.setCookie("kp_lang", lang, { path: "/", httpOnly: true, sameSite: "lax", secure: app.deps.config.secureCookies, maxAge: 365 * 86400 });
    return reply.redirect(next, 303);
  });

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
