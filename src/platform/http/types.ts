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

export interface PageOptions {
  status?: number;
  noindex?: boolean;
  /** false on pages that are a search themselves (front door, results): no second search field in the header. */
  headerSearch?: boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    deps: AppDeps;
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
