import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** The chat's conversation cookie: signed, HttpOnly, path /assistent, a session cookie. */
export const COOKIE = "kp_assistant";

/** The conversation token from the signed cookie. */
export function tokenOf(req: FastifyRequest): string | undefined {
  const raw = req.cookies[COOKIE];
  if (!raw) return undefined;
  const u = req.unsignCookie(raw);
  return u.valid && u.value ? u.value : undefined;
}

export function setToken(app: FastifyInstance, reply: FastifyReply, token: string) {
  reply.setCookie(COOKIE, token, { path: "/assistent", httpOnly: true, sameSite: "lax", secure: app.deps.config.secureCookies, signed: true });
}
