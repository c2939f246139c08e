/**
 * The municipality a visitor chose (start page, search), remembered in a cookie like the language,
 * so every page that depends on the place starts with it. Holds only an AGS, no personal data.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { AGS } from "../../platform/keys.js";

const PLACE_COOKIE = "kp_ort";

/** The remembered AGS, else the account's home municipality, else undefined. */
export function rememberedPlace(req: FastifyRequest): string | undefined {
  const c = req.cookies?.[PLACE_COOKIE];
  if (c && AGS.test(c)) return c;
  return req.user?.homeAgs ?? undefined;
}

/** Remembers a chosen AGS for a year; "" forgets it. */
export function rememberPlace(reply: FastifyReply, ags: string, secure: boolean): void {
  if (!ags) {
    reply.clearCookie(PLACE_COOKIE, { path: "/" });
    return;
  }
  if (AGS.test(ags)) reply.setCookie(PLACE_COOKIE, ags, { path: "/", httpOnly: true, sameSite: "lax", secure, maxAge: 365 * 86400 });
}
