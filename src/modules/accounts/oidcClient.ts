import * as client from "openid-client";
import type { FastifyBaseLogger } from "fastify";
import { isEmailAddress } from "../../platform/mail/address.js";

/** The relying-party settings, taken from config.oidc and PUBLIC_URL. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Empty: a public client (PKCE only, token_endpoint_auth_method "none"). */
  clientSecret: string;
  scopes: string;
  redirectUri: string;
}

/** What the browser carries between start and callback (in a signed cookie, never in memory). */
export interface OidcTransaction {
  state: string;
  nonce: string;
  /** PKCE code verifier; only its S256 hash went to the IdP. */
  verifier: string;
  /** Safe same-site path to return to. */
  next: string;
  /** Expiry, epoch milliseconds; the cookie's Max-Age is not trusted alone. */
  exp: number;
}

/** The person as the IdP describes them; only validated claims. */
export interface OidcIdentity {
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  displayName: string | undefined;
}

/** A failed callback; `reason` is an audit code without personal data. */
export class OidcLoginError extends Error {
  constructor(
    readonly reason: string,
    readonly status: number,
    message = reason,
  ) {
    super(message);
  }
}

const DISCOVERY_TTL_MS = 3600_000;

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

/** Some IdPs (AD FS, Cognito) send booleans as strings. */
function bool(v: unknown): boolean {
  return v === true || v === "true";
}

/** Builds the claims we use from the ID token, filling gaps from the userinfo response. */
export function identityFromClaims(idToken: Record<string, unknown>, userinfo: Record<string, unknown> = {}): OidcIdentity {
  const subject = str(idToken.sub);
  if (!subject) throw new OidcLoginError("oidc_invalid_response", 502, "ID token without sub");
  // E-mail and its verification flag always come from the same source.
  const mailSource = str(idToken.email) ? idToken : userinfo;
  const email = str(mailSource.email);
  const validEmail = email && isEmailAddress(email) ? email : undefined;
  const nameOf = (c: Record<string, unknown>) => str(c.name) ?? ([str(c.given_name), str(c.family_name)].filter(Boolean).join(" ") || undefined);
  return {
    subject,
    email: validEmail,
    emailVerified: validEmail !== undefined && bool(mailSource.email_verified),
    displayName: nameOf(idToken) ?? nameOf(userinfo),
  };
}

/**
 * The OpenID Connect relying party: Authorization Code flow with PKCE (S256), state and nonce.
 * Discovery is cached per process for an hour (it is derived from configuration); a failed
 * discovery is retried on the next login.
 */
export function createOidcClient(settings: OidcSettings, log: FastifyBaseLogger) {
  const issuerUrl = new URL(settings.issuer);
  let cached: { at: number; config: Promise<client.Configuration> } | undefined;

  // Chosen per request from the discovered metadata: client_secret_basic is the OIDC default
  // and what most IdPs accept; client_secret_post only when basic is not offered.
  const clientAuth: client.ClientAuth = (as, c, body, headers) => {
    const methods = as.token_endpoint_auth_methods_supported;
    const impl = !settings.clientSecret
      ? client.None()
      : !methods || methods.includes("client_secret_basic")
        ? client.ClientSecretBasic(settings.clientSecret)
        : client.ClientSecretPost(settings.clientSecret);
    impl(as, c, body, headers);
  };

  function configuration(): Promise<client.Configuration> {
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const entry = {
      at: Date.now(),
      config: client.discovery(issuerUrl, settings.clientId, settings.clientSecret ? { client_secret: settings.clientSecret } : undefined, clientAuth, {
        // Plain http is refused by loadConfig in production; it is for local IdPs and tests.
        execute: issuerUrl.protocol === "http:" ? [client.allowInsecureRequests] : [],
        timeout: 10,
      }),
    };
    cached = entry;
    entry.config.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.config;
  }

  return {
    /** Builds the authorization URL and the transaction the callback needs. */
    async start(next: string, ttlMs: number): Promise<{ url: URL; transaction: OidcTransaction }> {
      const config = await configuration();
      const verifier = client.randomPKCECodeVerifier();
      const transaction: OidcTransaction = { state: client.randomState(), nonce: client.randomNonce(), verifier, next, exp: Date.now() + ttlMs };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        response_type: "code",
        scope: settings.scopes,
        state: transaction.state,
        nonce: transaction.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      });
      return { url, transaction };
    },

    /**
     * Exchanges the code from the callback's query string. The caller has already compared
     * `state` and handled `error`; openid-client checks state, iss, the ID token's signature,
     * audience, expiry and nonce, and the token endpoint checks the PKCE verifier.
     */
    async finish(search: string, transaction: OidcTransaction): Promise<OidcIdentity> {
      let config: client.Configuration;
      try {
        config = await configuration();
      } catch (err) {
        log.error({ err }, "OIDC discovery failed");
        throw new OidcLoginError("oidc_unavailable", 503);
      }
      // redirect_uri sent to the token endpoint is this URL without its query: it must be the
      // registered one, whatever Host header the request came with.
      const currentUrl = new URL(settings.redirectUri);
      currentUrl.search = search;
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: transaction.verifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        if (err instanceof client.ResponseBodyError) {
          log.warn({ error: err.error, status: err.status }, "OIDC token request refused");
          throw new OidcLoginError("oidc_token_error", 502);
        }
        const name = (err as Error).name;
        if ((err instanceof TypeError && !(err as { code?: string }).code) || name === "TimeoutError" || name === "AbortError") {
          log.error({ err }, "OIDC token endpoint unreachable");
          throw new OidcLoginError("oidc_unavailable", 503);
        }
        log.warn({ msg: (err as Error).message, code: (err as { code?: string }).code }, "OIDC response rejected");
        throw new OidcLoginError("oidc_invalid_response", 400);
      }
      const idClaims = (tokens.claims() ?? {}) as Record<string, unknown>;
      let userinfo: Record<string, unknown> = {};
      const needsMore = !str(idClaims.email) || (!str(idClaims.name) && !str(idClaims.given_name) && !str(idClaims.family_name));
      if (needsMore && config.serverMetadata().userinfo_endpoint && tokens.access_token && str(idClaims.sub)) {
        try {
          userinfo = (await client.fetchUserInfo(config, tokens.access_token, String(idClaims.sub))) as Record<string, unknown>;
        } catch (err) {
          // AD FS, for one, only serves `sub` there; the ID token's claims then have to do.
          log.warn({ msg: (err as Error).message }, "OIDC userinfo failed");
        }
      }
      return identityFromClaims(idClaims, userinfo);
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
