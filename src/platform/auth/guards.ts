import type { FastifyReply, FastifyRequest } from "fastify";
import type { SessionUser } from "./session.js";
import { sendProblem } from "../http/problem.js";

/** Thrown to answer 403; the error handler renders the page or JSON. */
export class ForbiddenError extends Error {
  statusCode = 403;
  code = "forbidden";
}

/**
 * preHandler: browsers without a session go to the login page and come back afterwards;
 * API clients get 401.
 */
export async function requireLogin(req: FastifyRequest, reply: FastifyReply) {
  if (req.user) return;
  if (req.url.startsWith("/api/")) return sendProblem(reply, 401, "Anmeldung erforderlich");
  return reply.redirect(`/anmelden?next=${encodeURIComponent(req.url)}`, 303);
}

/** Narrows req.user after requireLogin ran. */
export function currentUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new ForbiddenError("Anmeldung erforderlich");
  return req.user;
}

/** preHandler for the administration area: login first, then the admin role. */
export async function requireAdmin(req: FastifyRequest, reply: FastifyReply) {
  if (!req.user) return requireLogin(req, reply);
  if (!req.user.isAdmin) throw new ForbiddenError("Nur für die Administration");
}

/** preHandler for the back office: any staff account. */
export async function requireStaff(req: FastifyRequest, reply: FastifyReply) {
  if (!req.user) return requireLogin(req, reply);
  if (req.user.kind !== "staff") throw new ForbiddenError("Nur für Beschäftigte");
}

/** Only same-site relative paths are accepted as a return target (no open redirect). */
export function safeNext(next: unknown, fallback = "/konto"): string {
  return typeof next === "string" && /^\/(?![/\\])[^\s]*$/.test(next) ? next : fallback;
}
