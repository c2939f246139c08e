import { timingSafeEqual } from "node:crypto";
import { LinkLine } from "../../platform/views/components.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { readForm } from "../../platform/forms.js";
import { safeNext } from "../../platform/auth/guards.js";
import type { Config } from "../../platform/config.js";
import { MessagePage } from "./pages/views.js";
import { commandContext, startBrowserSession } from "./browserSession.js";
import { loginFailureRecorder } from "./commands/loginRecorder.js";
import { oidcLoginResolver } from "./commands/oidcLoginResolver.js";
import { createOidcClient, OidcLoginError, type OidcTransaction } from "./oidcClient.js";

/** The transaction cookie lives as long as a login at the IdP may reasonably take. */
export const OIDC_TRANSACTION_TTL_MS = 10 * 60_000;
export const OIDC_CALLBACK_PATH = "/anmelden/oidc/callback";
export const oidcTransactionCookie = (config: Config) => (config.secureCookies ? "__Host-kp_oidc" : "kp_oidc");

const limit = { rateLimit: { max: 30, timeWindow: 60_000 } };

/** OAuth error codes an IdP may send back (RFC 6749 4.1.2.1, OIDC Core 3.1.2.6); anything else is "other". */
const IDP_ERRORS = new Set([
  "access_denied",
  "invalid_request",
  "unauthorized_client",
  "unsupported_response_type",
  "invalid_scope",
  "server_error",
  "temporarily_unavailable",
  "interaction_required",
  "login_required",
  "account_selection_required",
  "consent_required",
]);

/** Audit reason → message shown to the person (keys in messages.ts). */
function messageKey(reason: string): string {
  switch (reason) {
    case "oidc_missing_transaction":
    case "oidc_expired":
    case "oidc_state_mismatch":
      return "accounts.oidc.error.expired";
    case "oidc_idp_access_denied":
      return "accounts.oidc.error.cancelled";
    case "oidc_unavailable":
      return "accounts.oidc.error.unavailable";
    case "oidc_disabled":
      return "accounts.oidc.error.disabled";
    case "oidc_email_missing":
      return "accounts.oidc.error.emailMissing";
    case "oidc_email_unverified_conflict":
      return "accounts.oidc.error.emailUnverified";
    default:
      return reason.startsWith("oidc_idp_") ? "accounts.oidc.error.idp" : "accounts.oidc.error.failed";
  }
}

function encodeTransaction(tx: OidcTransaction): string {
  return Buffer.from(JSON.stringify(tx)).toString("base64url");
}

/** Reads the signed transaction cookie; undefined when absent, forged or malformed. */
function readTransaction(req: FastifyRequest, raw: string | undefined): OidcTransaction | undefined {
  if (!raw) return undefined;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  try {
    const v = JSON.parse(Buffer.from(unsigned.value, "base64url").toString("utf8")) as Partial<OidcTransaction>;
    if (typeof v.state !== "string" || typeof v.nonce !== "string" || typeof v.verifier !== "string" || typeof v.next !== "string" || typeof v.exp !== "number") return undefined;
    return { state: v.state, nonce: v.nonce, verifier: v.verifier, next: safeNext(v.next), exp: v.exp };
  } catch {
    return undefined;
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * OIDC login (DeutschlandID bridge, Keycloak, AD FS): Authorization Code flow with PKCE S256,
 * state and nonce. The transaction travels in a signed, httpOnly, SameSite=Lax cookie valid for
 * ten minutes, so any app node can finish the flow. Registered only when OIDC_ISSUER is set.
 * See docs/modules/accounts-oidc.md.
 */
export async function oidcRoutes(app: FastifyInstance) {
  const { config } = app.deps;
  const settings = config.oidc;
  if (!settings) return;
  const cookieName = oidcTransactionCookie(config);
  const cookieOpts = { path: "/", httpOnly: true, secure: config.secureCookies, sameSite: "lax" as const, signed: true };
  const oidc = createOidcClient({ ...settings, redirectUri: `${config.publicUrl}${OIDC_CALLBACK_PATH}` }, app.log);
  const provider = settings.label;

  const failurePage = (req: FastifyRequest, reply: FastifyReply, reason: string, status: number, next = "/konto") => {
    const t = req.t;
    const title = t("accounts.oidc.error.title", { provider });
    const retry = `/anmelden${next === "/konto" ? "" : `?next=${encodeURIComponent(next)}`}`;
    return reply.page(
      title,
      (ctx) => (
        <MessagePage ctx={ctx} kind="warning" title={title} body={t(messageKey(reason), { provider })}>
          <LinkLine href={retry}>{t("accounts.oidc.error.retry")}</LinkLine>
        </MessagePage>
      ),
      { status, noindex: true },
    );
  };

  // CSRF is checked by the global preHandler. The answer is a page that forwards with a Refresh
  // header instead of a 303: Chrome and Safari apply the login page's CSP `form-action 'self'` to
  // every redirect that follows a form submission, and IdPs redirect further (bridges to BundID,
  // Keycloak brokers, AD FS home realms). A Refresh navigation is not a form submission.
  app.post("/anmelden/oidc", { config: limit }, async (req, reply) => {
    const t = req.t;
    const { next } = readForm(req.body, ["next"] as const);
    const target = safeNext(next);
    let started: Awaited<ReturnType<typeof oidc.start>>;
    try {
      started = await oidc.start(target.length > 1000 ? "/konto" : target, OIDC_TRANSACTION_TTL_MS);
    } catch (err) {
      req.log.error({ err }, "OIDC discovery failed");
      return failurePage(req, reply, "oidc_unavailable", 503, target);
    }
    reply.setCookie(cookieName, encodeTransaction(started.transaction), { ...cookieOpts, maxAge: OIDC_TRANSACTION_TTL_MS / 1000 });
    const href = started.url.href;
    reply.header("Refresh", `0; url=${href}`);
    const title = t("accounts.oidc.redirect.title", { provider });
    return reply.page(
      title,
      (ctx) => (
        <MessagePage ctx={ctx} title={title} body={t("accounts.oidc.redirect.body", { provider })}>
          <p class="kern-body">
            <a class="kern-btn kern-btn--primary" id="oidc-weiter" href={href}>
              <span class="kern-label">{t("accounts.oidc.redirect.continue", { provider })}</span>
            </a>
          </p>
        </MessagePage>
      ),
      { noindex: true },
    );
  });

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(OIDC_CALLBACK_PATH, { config: limit }, async (req, reply) => {
    // Single use: whatever happens, the transaction is gone afterwards.
    const transaction = readTransaction(req, req.cookies[cookieName]);
    // The same attributes as when set: browsers ignore a __Host- cookie without Secure.
    reply.clearCookie(cookieName, { path: "/", httpOnly: true, secure: config.secureCookies, sameSite: "lax" });
    const q = req.query;
    const qs = req.url.indexOf("?");
    const search = qs >= 0 ? req.url.slice(qs) : "";
    try {
      if (!transaction) throw new OidcLoginError("oidc_missing_transaction", 400);
      if (transaction.exp < Date.now()) throw new OidcLoginError("oidc_expired", 400);
      if (typeof q.state !== "string" || !sameString(q.state, transaction.state)) throw new OidcLoginError("oidc_state_mismatch", 400);
      if (q.error !== undefined) {
        const code = typeof q.error === "string" && IDP_ERRORS.has(q.error) ? q.error : "other";
        throw new OidcLoginError(`oidc_idp_${code}`, code === "access_denied" ? 403 : 400);
      }
      const identity = await oidc.finish(search, transaction);
      const result = await oidcLoginResolver(commandContext(app, req), {
        issuer: settings.issuer,
        subject: identity.subject,
        email: identity.email,
        emailVerified: identity.emailVerified,
        displayName: identity.displayName ?? identity.email ?? provider,
        locale: req.locale,
      });
      if (!result.ok) {
        await loginFailureRecorder(commandContext(app, req), { userId: result.userId, reason: `oidc_${result.reason}` });
        return failurePage(req, reply, `oidc_${result.reason}`, result.reason === "email_missing" ? 400 : 403, transaction.next);
      }
      await startBrowserSession(app, req, reply, { id: result.userId, kind: result.kind }, "oidc");
      return reply.redirect(transaction.next, 303);
    } catch (err) {
      if (!(err instanceof OidcLoginError)) throw err;
      await loginFailureRecorder(commandContext(app, req), { userId: undefined, reason: err.reason });
      return failurePage(req, reply, err.reason, err.status, transaction?.next);
    }
  });
}
