import { ConfigError } from "./parse.js";

/**
 * FITCONNECT_*: the portal's OAuth client (client credentials) at the real FIT-Connect Submission API. Only
 * destinations under submissionApiUrl get its token. Unset = destinations without authentication (sandbox).
 */
export interface FitConnectClientConfig {
  submissionApiUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

export function loadFitConnectConfig(env: NodeJS.ProcessEnv, production: boolean): FitConnectClientConfig | undefined {
  const names = ["FITCONNECT_SUBMISSION_API_URL", "FITCONNECT_TOKEN_URL", "FITCONNECT_CLIENT_ID", "FITCONNECT_CLIENT_SECRET"] as const;
  const set = names.filter((n) => env[n]);
  if (set.length === 0) return undefined;
  if (set.length < names.length) throw new ConfigError(`FIT-Connect braucht alle vier Angaben; es fehlt: ${names.filter((n) => !env[n]).join(", ")}`);
  for (const n of ["FITCONNECT_SUBMISSION_API_URL", "FITCONNECT_TOKEN_URL"] as const) {
    let u: URL;
    try {
      u = new URL(env[n]!);
    } catch {
      throw new ConfigError(`${n} ist keine gültige URL: ${env[n]}`);
    }
    if (production && u.protocol !== "https:") throw new ConfigError(`${n} muss in Produktion eine https-Adresse sein.`);
  }
  return { submissionApiUrl: env.FITCONNECT_SUBMISSION_API_URL!, tokenUrl: env.FITCONNECT_TOKEN_URL!, clientId: env.FITCONNECT_CLIENT_ID!, clientSecret: env.FITCONNECT_CLIENT_SECRET!, scope: env.FITCONNECT_SCOPE ?? "" };
}

