/**
 * OAuth 2.0 client credentials (RFC 6749 § 4.4) for the FIT-Connect Submission API: the portal is a sending
 * client with its own client id and secret; the token goes only to destinations under the configured
 * Submission API base URL (a sandbox or another host never sees it). openid-client does the grant.
 */
import * as client from "openid-client";
import type { FitConnectClientConfig } from "../../../platform/config.js";

/** Destinations whose submission URL starts with `submissionApiUrl` get the bearer token; `scope` may be empty. */
export type FitConnectAuth = FitConnectClientConfig;

/** Same origin and the API's path or below it (a plain string prefix would also match https://api.example.evil). */
export function needsToken(auth: FitConnectAuth | undefined, submissionUrl: string): auth is FitConnectAuth {
  if (!auth) return false;
  try {
    const base = new URL(auth.submissionApiUrl);
    const url = new URL(submissionUrl);
    const basePath = base.pathname.replace(/\/$/, "");
    return url.origin === base.origin && (url.pathname.replace(/\/$/, "") === basePath || url.pathname.startsWith(`${basePath}/`));
  } catch {
    return false;
  }
}

/** A fresh access token from the token endpoint (client_secret_post, as FIT-Connect documents it). Throws with a German message. */
export async function fetchAccessToken(auth: FitConnectAuth): Promise<string> {
  const tokenUrl = new URL(auth.tokenUrl);
  const config = new client.Configuration({ issuer: tokenUrl.origin, token_endpoint: tokenUrl.href }, auth.clientId, auth.clientSecret, client.ClientSecretPost(auth.clientSecret));
  if (tokenUrl.protocol === "http:") client.allowInsecureRequests(config);
  try {
    const res = await client.clientCredentialsGrant(config, auth.scope ? { scope: auth.scope } : {});
    return res.access_token;
  } catch (err) {
    throw new Error(`Kein Zugangstoken vom FIT-Connect-Tokenendpunkt: ${String((err as Error).message ?? err).slice(0, 200)}`);
  }
}
