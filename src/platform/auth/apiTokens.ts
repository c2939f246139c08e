/**
 * Bearer authentication of the JSON API (RFC 6750): the shared secret of specialist software
 * (PAYMENT_API_TOKEN) and personal API tokens of accounts (`kp_…`, table api_tokens, created and
 * revoked by the accounts module). Only the SHA-256 of a token is stored and compared.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../audit/index.js";
import type { Locale } from "../i18n/index.js";
import { hashToken } from "./session.js";
import { sendProblem } from "../http/problem.js";

export const API_TOKEN_PREFIX = "kp_";
/** What a personal token may be used for. */
export const API_SCOPES = ["submissions:write", "applications:read", "care:places", "records:read", "records:write", "orchards:listings", "cases:write", "orchards:lending", "orchards:messages"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const isApiScope = (s: unknown): s is ApiScope => typeof s === "string" && (API_SCOPES as readonly string[]).includes(s);

const REALM = "kreisportal";
// RFC 6750 §2.1: the case-insensitive scheme, then the token. Any visible ASCII is accepted (not only
// b64token), so shared secrets configured with other characters (PAYMENT_API_TOKEN) keep working.
const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

/** The account a valid personal token acts for. */
export interface ApiPrincipal {
  tokenId: string;
  /** The name the owner gave the token (for notices to the owner). */
  tokenName: string;
  userId: string;
  /** The account's e-mail address (for notices to the owner). */
  email: string;
  kind: "citizen" | "staff";
  /** The account's language (notices to the owner). */
  locale: Locale;
  scopes: ApiScope[];
}

/** A new personal token: the secret (shown once) and the hash to store. */
export function newApiToken(): { secret: string; hash: string } {
  const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashToken(secret) };
}

/**
 * The bearer credential of a request: undefined without an Authorization header, null when the
 * header is there but not a well-formed `Bearer <token>`.
 */
export function bearerCredential(req: FastifyRequest): string | undefined | null {
  const header = req.headers.authorization;
  if (header === undefined || header === "") return undefined;
  return BEARER.exec(header)?.[1] ?? null;
}

/** Constant-time comparison of a presented credential with a configured shared secret (any lengths). */
export function matchesSharedSecret(credential: string | undefined | null, secret: string | undefined): boolean {
  if (!credential || !secret) return false;
  const a = createHash("sha256").update(credential).digest();
  const b = createHash("sha256").update(secret).digest();
  return timingSafeEqual(a, b);
}

export type BearerError = "invalid_request" | "invalid_token" | "insufficient_scope";

/**
 * Answers with an RFC 6750 challenge: `WWW-Authenticate: Bearer realm="kreisportal"[, error=…,
 * error_description=…, scope=…]` and a problem document (German message).
 * `description` goes into the header and must be plain ASCII.
 */
export function sendBearerChallenge(reply: FastifyReply, status: 400 | 401 | 403, opts: { error?: BearerError; description?: string; scope?: ApiScope; message: string }): FastifyReply {
  const parts = [`realm="${REALM}"`];
  if (opts.error) parts.push(`error="${opts.error}"`);
  if (opts.description) parts.push(`error_description="${opts.description.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, "")}"`);
  if (opts.scope) parts.push(`scope="${opts.scope}"`);
  reply.header("www-authenticate", `Bearer ${parts.join(", ")}`).header("cache-control", "no-store");
  return sendProblem(reply, status, opts.message, opts.error ? { type: opts.error.replace(/_/g, "-") } : {});
}

/** The audit actor of a token's requests: the account itself, as in the browser. */
export const principalActor = (p: ApiPrincipal): Actor => ({ type: p.kind === "staff" ? "staff" : "user", id: p.userId });

/**
 * preHandler for API routes that accept personal tokens: with `Authorization: Bearer kp_…` the token
 * must be valid (401 `invalid_token`) and carry `scope` (403 `insufficient_scope`); then
 * `req.apiPrincipal` is set and `req.actor()` is its account. Without the header the request goes on
 * anonymously when `optional`, otherwise 401. The session cookie never counts here.
 */
export function requireApiToken(scope: ApiScope, opts: { optional?: boolean } = {}) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const credential = bearerCredential(req);
    if (credential === undefined) {
      if (opts.optional) return;
      return sendBearerChallenge(reply, 401, { scope, message: "Anmeldung mit einem API-Token erforderlich (Authorization: Bearer kp_…)." });
    }
    if (credential === null) return sendBearerChallenge(reply, 400, { error: "invalid_request", description: "Malformed Authorization header", message: "Ungültiger Authorization-Header; erwartet wird „Bearer kp_…“." });
    // The account behind a token is the accounts module's (it owns api_tokens and users): it sets the resolver.
    const resolve = req.server.services.resolveApiToken;
    const principal = resolve ? await resolve(req.server.deps.db, credential) : undefined;
    if (!principal) return sendBearerChallenge(reply, 401, { error: "invalid_token", description: "The access token is unknown, expired or revoked", message: "Das API-Token ist ungültig, abgelaufen oder widerrufen." });
    if (!principal.scopes.includes(scope)) return sendBearerChallenge(reply, 403, { error: "insufficient_scope", scope, description: `The token lacks the scope ${scope}`, message: `Dem API-Token fehlt die Berechtigung „${scope}“.` });
    req.apiPrincipal = principal;
  };
}
