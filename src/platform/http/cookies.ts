import type { CookieSerializeOptions } from "@fastify/cookie";
import type { Config } from "../config.js";

/** `__Host-` prefix pins the cookie to this host and path "/", only possible over HTTPS. */
export const SESSION_COOKIE = (config: Config) => (config.secureCookies ? "__Host-kp_session" : "kp_session");

export function sessionCookieOptions(config: Config): CookieSerializeOptions {
  return { path: "/", httpOnly: true, secure: config.secureCookies, sameSite: "lax", signed: true };
}
