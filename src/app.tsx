import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import csrf from "@fastify/csrf-protection";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import { Layout } from "./platform/views/layout.js";
import { renderDocument } from "./platform/http/render.js";
import { registerSecurityHeaders } from "./platform/http/security.js";
import { registerCompression } from "./platform/http/compression.js";
import { schemaControllerOptions } from "./platform/http/schemaCompilers.js";
import { registerErrorHandling } from "./platform/http/errors.js";
import { registerControlCharGuard } from "./platform/http/controlCharGuard.js";
import { registerJsonBodyParser } from "./platform/http/jsonBody.js";
import { pgRateLimitStore } from "./platform/http/rateLimitStore.js";
import { registerMetrics } from "./platform/http/metrics.js";
import { requestIdFrom } from "./platform/http/requestId.js";
import { registerOpenApi } from "./platform/http/openapi.js";
import { registerMultipart } from "./platform/files/index.js";
import { principalActor, type ApiPrincipal } from "./platform/auth/apiTokens.js";
import { negotiateLocale } from "./platform/i18n/index.js";
import { buildRegistry, type ModuleDefinition } from "./platform/modules.js";
import { platformModule } from "./platform/module.js";
import { eventContext } from "./platform/jobs/index.js";
import { eventsPublishedInProcess } from "./platform/events/index.js";
import { admittedNav, visibleNav, type ViewContext } from "./platform/views/context.js";
import type { AppDeps } from "./platform/http/types.js";
import { SESSION_COOKIE } from "./platform/http/cookies.js";
import { portalModule } from "./modules/portal/index.js";
import { accountsModule, loadSession } from "./modules/accounts/index.js";
import { adminModule } from "./modules/admin/index.js";
import { geoModule } from "./modules/geo/index.js";
import { catalogModule } from "./modules/catalog/index.js";
import { responsibilityModule } from "./modules/responsibility/index.js";
import { searchModule } from "./modules/search/index.js";
import { applicationsModule } from "./modules/applications/index.js";
import { mailboxModule } from "./modules/mailbox/index.js";
import { casesModule } from "./modules/cases/index.js";
import { appointmentsModule } from "./modules/appointments/index.js";
import { paymentsModule } from "./modules/payments/index.js";
import { orchardsModule } from "./modules/orchards/index.js";
import { careModule } from "./modules/care/index.js";
import { participationModule } from "./modules/participation/index.js";
import { roadworksModule } from "./modules/roadworks/index.js";
import { assistantModule } from "./modules/assistant/index.js";
import { figuresModule } from "./modules/figures/index.js";
import { learningModule } from "./modules/learning/index.js";
import { interopModule } from "./modules/interop/index.js";
import { pwaModule } from "./modules/pwa/index.js";
import { recordsModule } from "./modules/records/index.js";
import { rootPath } from "./platform/paths.js";
import { registerMapAssets } from "./platform/http/mapAssets.js";

/**
 * The modules of the portal, in one list: their messages, navigation entries, jobs, payment subjects and
 * event subscribers make up each app's registries; their plugins are registered in this order.
 */
export const appModules: readonly ModuleDefinition[] = [
  platformModule,
  portalModule,
  geoModule,
  responsibilityModule,
  accountsModule,
  adminModule,
  searchModule,
  catalogModule,
  casesModule,
  applicationsModule,
  mailboxModule,
  appointmentsModule,
  paymentsModule,
  orchardsModule,
  careModule,
  participationModule,
  roadworksModule,
  assistantModule,
  figuresModule,
  learningModule,
  interopModule,
  pwaModule,
  recordsModule,
];

/** Log lines carry method, path (no query string: it may hold personal data) and request id. */
export function loggerOptions(level: string): Exclude<FastifyServerOptions["logger"], boolean | undefined> {
  return {
    level,
    redact: { paths: ["req.headers.cookie", "req.headers.authorization", "res.headers['set-cookie']"], remove: true },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split("?")[0], id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/**
 * Builds the application without listening (tests use app.inject, server.ts listens).
 * Order: platform plugins, then request context, then the modules.
 */
export async function buildApp(deps: AppDeps, opts: { modules?: readonly ModuleDefinition[] } = {}): Promise<FastifyInstance> {
  const { config } = deps;
  const registry = buildRegistry(opts.modules ?? appModules);
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    genReqId: requestIdFrom,
    schemaController: schemaControllerOptions(config.env),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
    // A slow client (slow-loris) may hold a connection only this long; see docs/OPERATIONS.md.
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    connectionTimeout: config.http.connectionTimeoutMs,
    http: {
      requestTimeout: config.http.requestTimeoutMs,
      headersTimeout: config.http.headersTimeoutMs,
      // Node checks request and header timeouts only this often (default 30 s, too coarse for short limits).
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(config.http.headersTimeoutMs / 4))),
    },
  });
  app.server.maxConnections = config.http.maxConnections;
  app.decorate("deps", deps);
  app.decorate("registry", registry);
  app.decorate("services", {});
  // The request id (the caller's X-Request-Id when valid) goes back in the response and into every log line.
  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  registerMetrics(app, { db: deps.db, token: config.metricsToken });

  await registerSecurityHeaders(app, { secure: config.secureCookies });
  await app.register(cookie, { secret: config.sessionSecret });
  registerJsonBodyParser(app);
  await app.register(formbody);
  // Uploads: text fields into req.body (CSRF reads _csrf there), files into req.uploads; see docs/modules/files.md.
  await registerMultipart(app, config);
  await app.register(csrf, {
    sessionPlugin: "@fastify/cookie",
    cookieKey: config.secureCookies ? "__Host-kp_csrf" : "kp_csrf",
    cookieOpts: { signed: true, httpOnly: true, sameSite: "lax", secure: config.secureCookies, path: "/" },
  });
  await app.register(rateLimit, {
    global: false,
    store: pgRateLimitStore(deps.db),
    // Rate limits protect, but must not take the site down when the database hiccups.
    skipOnError: true,
  });
  await app.register(fastifyStatic, {
    root: [rootPath("public")],
    prefix: "/assets/",
    maxAge: "1h",
    index: false,
  });
  await app.register(fastifyStatic, {
    root: rootPath("node_modules", "@kern-ux", "native", "dist"),
    prefix: "/assets/kern/",
    decorateReply: false,
    maxAge: "7d",
    index: false,
    allowedPath: (p) => /\.(css|woff2?|ttf|svg)$/.test(p),
  });
  // PDF.js (pdfjs-dist) for the participation module's PDF viewer: the library, its worker, fonts and CMaps only.
  await app.register(fastifyStatic, {
    root: rootPath("node_modules", "pdfjs-dist"),
    prefix: "/assets/pdfjs/",
    decorateReply: false,
    maxAge: "7d",
    index: false,
    allowedPath: (p) => /^\/(build\/pdf(\.worker)?\.min\.mjs|standard_fonts\/[\w-]+\.(pfb|ttf)|cmaps\/[\w-]+\.bcmap)$/.test(p),
  });

  await registerMapAssets(app);

  // Request context: locale, translator, signed-in user.
  app.decorateRequest("user", undefined);
  app.decorateRequest("apiPrincipal", undefined);
  app.decorateRequest("locale", "de");
  app.decorateRequest("t", undefined as never);
  app.addHook("onRequest", async (req, reply) => {
    // The id problem documents give as `instance` and the log carries: support can find the request.
    reply.header("x-request-id", req.id);
    req.locale = negotiateLocale(req.cookies.kp_lang, req.headers["accept-language"]);
    req.t = registry.messages.translator(req.locale);
    const token = req.cookies[SESSION_COOKIE(config)];
    if (token) {
      const unsigned = req.unsignCookie(token);
      if (unsigned.valid && unsigned.value) {
        req.user = await loadSession(deps.db, unsigned.value, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });
      }
    }
  });
  // Navigation entries with their own policy (NavItem.show): decided once per signed-in page request, before rendering.
  // Not for the JSON API, assets, or scripts' polls that ask for JSON only (a page is never rendered for them).
  app.decorateRequest("navAdmitted", undefined);
  const navGuarded = registry.nav.some((i) => i.show);
  const mayRenderPage = (req: import("fastify").FastifyRequest) => {
    const accept = req.headers.accept;
    return !req.url.startsWith("/api/") && !req.url.startsWith("/assets/") && (!accept || accept.includes("text/html") || accept.includes("*/*"));
  };
  app.addHook("preHandler", async (req) => {
    if (navGuarded && req.user && mayRenderPage(req)) req.navAdmitted = await admittedNav(registry.nav, req.user, deps);
  });
  app.decorateRequest("actor", function (this: { user?: { id: string; kind: string }; apiPrincipal?: ApiPrincipal }) {
    if (this.apiPrincipal) return principalActor(this.apiPrincipal);
    return this.user ? { type: this.user.kind === "staff" ? "staff" : "user", id: this.user.id } : { type: "anonymous", id: null };
  } as never);
  app.decorateRequest("viewContext", function (this: import("fastify").FastifyRequest, reply: import("fastify").FastifyReply): ViewContext {
    const user = this.user;
    const viewUser = user ? { id: user.id, displayName: user.displayName, kind: user.kind, isAdmin: user.isAdmin, isEditor: user.isEditor } : undefined;
    let csrfToken: string | undefined;
    return {
      locale: this.locale,
      t: this.t,
      path: this.url.split("?")[0] ?? "/",
      requestId: this.id,
      // Generated when a form asks for it: pages without a POST form set no cookie at all (issue 22: no cookies on /zahlen).
      get csrfToken() {
        return (csrfToken ??= reply.generateCsrf());
      },
      countyName: deps.county.name,
      uploadMaxBytes: config.files.maxBytes,
      mapAttribution: config.roadworks.tileAttribution,
      user: viewUser,
      nav: visibleNav(registry.nav, viewUser, this.navAdmitted),
    };
  });
  app.decorateReply("page", function (this: import("fastify").FastifyReply, title, body, opts = {}) {
    const ctx = this.request.viewContext(this);
    const html = renderDocument(
      <Layout ctx={ctx} title={title} noindex={opts.noindex} headerSearch={opts.headerSearch}>
        {body(ctx)}
      </Layout>,
    );
    return this.code(opts.status ?? this.statusCode ?? 200)
      .type("text/html; charset=utf-8")
      .header("Cache-Control", "no-store")
      .send(html);
  });

  // CSRF on every state-changing browser request. The JSON API is exempt: it never
  // authenticates with cookies, so a forged cross-site request gains nothing.
  app.addHook("preHandler", (req, reply, done) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method) || req.url.startsWith("/api/") || req.routeOptions.config.csrf === false) return done();
    app.csrfProtection(req, reply, done);
  });

  registerControlCharGuard(app);
  registerErrorHandling(app);
  await registerOpenApi(app);

  // What a state-changing request published reaches its subscribers after its commit, before the answer
  // (the next page shows the reaction); failures stay in the outbox for the job "events-deliver".
  // A request during which this process published nothing skips the outbox round trip (issue 13).
  const publishedBefore = new WeakMap<object, number>();
  app.addHook("onRequest", (req, _reply, done) => {
    if (!["GET", "HEAD", "OPTIONS"].includes(req.method)) publishedBefore.set(req, eventsPublishedInProcess());
    done();
  });
  app.addHook("onSend", async (req, _reply, payload) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return payload;
    if (publishedBefore.get(req) === eventsPublishedInProcess()) return payload;
    try {
      await registry.events.deliverPending(deps.db, eventContext(app));
    } catch (err) {
      req.log.warn({ err }, "event delivery deferred");
    }
    return payload;
  });

  // Compressed answers (brotli/gzip) for text of 1 KB and more, unless a proxy already did it.
  registerCompression(app);

  for (const m of registry.modules) if (m.plugin) await app.register(m.plugin);
  return app;
}
