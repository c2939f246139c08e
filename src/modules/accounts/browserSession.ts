import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { commandContext } from "../../platform/commands.js";
import { SESSION_COOKIE, sessionCookieOptions } from "../../platform/http/cookies.js";
import { sessionStarter } from "./commands/loginRecorder.js";

/** The command context of a request (platform/commands.ts; kept here for the modules that import it from accounts). */
export { commandContext };

/** Sets the session cookie after a successful login (local or OIDC). */
export async function startBrowserSession(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, user: { id: string; kind: "citizen" | "staff" }, method: string) {
  const { config } = app.deps;
  const token = await sessionStarter(commandContext(app, req), { userId: user.id, kind: user.kind, method, policy: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours } });
  reply.setCookie(SESSION_COOKIE(config), token, sessionCookieOptions(config));
}

