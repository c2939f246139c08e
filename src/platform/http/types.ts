import type { VNode } from "preact";
import type { Config } from "../config.js";
import type { Db } from "../db/index.js";
import type { Mailer } from "../mail/index.js";
import type { SessionUser } from "../auth/session.js";
import type { ApiPrincipal } from "../auth/apiTokens.js";
import type { Locale, Translate } from "../i18n/index.js";
import type { ViewContext } from "../views/context.js";
import type { Actor } from "../audit/index.js";

/** Everything a module needs from the platform; passed to buildApp, so tests can swap parts. */
export interface AppDeps {
  config: Config;
  db: Db;
  mailer: Mailer;
  /** Master data of the configured county (name etc.), loaded at start. */
  county: { key: string; name: string };
}

/**
 * Runtime services of one app that modules create in their plugin and jobs use (payments: the provider;
 * platform: the running job queue). Modules add their fields by declaration merging; one object per app.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppServices {
  jobs?: import("../jobs/index.js").Jobs;
  /** Resolves a personal API token to its account (set by the accounts module, which owns api_tokens and users; without it every token is invalid). */
  resolveApiToken?: (db: Db, secret: string) => Promise<ApiPrincipal | undefined>;
}

export interface PageOptions {
  status?: number;
  noindex?: boolean;
  /** false on pages that are a search themselves (front door, results): no second search field in the header. */
  headerSearch?: boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    deps: AppDeps;
    /** Messages, navigation, jobs, payment subjects and event bus built from this app's modules list. */
    registry: import("../modules.js").AppRegistry;
    services: AppServices;
  }
  interface FastifyRequest {
    user: SessionUser | undefined;
    /** Set by `requireApiToken` on API routes when a valid personal token was presented. */
    apiPrincipal: ApiPrincipal | undefined;
    locale: Locale;
    t: Translate;
    /** The actor for audit entries of this request (the token's account on API routes with a personal token). */
    actor(): Actor;
    viewContext(reply: FastifyReply): ViewContext;
    /** Hrefs of the navigation entries whose own policy (NavItem.show) admits the signed-in user; set for page requests. */
    navAdmitted: ReadonlySet<string> | undefined;
  }
  interface FastifyContextConfig {
    /** false: the route checks its own form token (e.g. the demo sandbox pay page); default: the portal's CSRF check. */
    csrf?: boolean;
  }
  interface FastifyReply {
    /** Renders a full page inside the shell and sends it as HTML. */
    page(title: string, body: (ctx: ViewContext) => VNode, opts?: PageOptions): FastifyReply;
  }
}
