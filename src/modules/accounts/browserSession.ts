import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CommandContext } from "../../platform/commands.js";
import { SESSION_COOKIE, sessionCookieOptions } from "../../platform/http/cookies.js";
import { sessionStarter } from "./commands/loginRecorder.js";

/** The command context of a request: actor, database, request id. */
export function commandContext(app: FastifyInstance, req: FastifyRequest): CommandContext {
  return { actor: req.actor(), db: app.deps.db, requestId: req.id };
}

/** Sets the session cookie after a successful login (local or OIDC). */
export async function startBrowserSession(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, user: { id: string; kind: "citizen" | "staff" }, method: string) {
  const { config } = app.deps;
  const token = await sessionStarter(commandContext(app, req), { userId: user.id, kind: user.kind, method, policy: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours } });
  reply.setCookie(SESSION_COOKIE(config), token, sessionCookieOptions(config));
}

