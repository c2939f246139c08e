import type { FastifyReply, FastifyRequest } from "fastify";
import { sendProblem } from "./problem.js";

/**
 * For JSON API routes that accept the session cookie (the API is exempt from the form CSRF token):
 * a changing request must be JSON (a cross-site form cannot send that without a CORS preflight, which is
 * never granted) and, when the browser names an origin, come from our own. Answers 415/403 and returns
 * the reply when refused; undefined when the request may go on. GET/HEAD pass.
 */
export function refuseCrossSiteJson(req: FastifyRequest, reply: FastifyReply, publicUrl: string): FastifyReply | undefined {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  // A body-less DELETE carries no content type; only the origin protects it (SameSite=Lax keeps the cookie off cross-site DELETEs anyway).
  if (req.method !== "DELETE" && !/^application\/json\b/i.test(req.headers["content-type"] ?? "")) return sendProblem(reply, 415, "Bitte senden Sie JSON (Content-Type: application/json).");
  const origin = req.headers.origin;
  const own = new URL(publicUrl).origin;
  if (origin && origin !== own && origin !== `${req.protocol}://${req.headers.host}`) return sendProblem(reply, 403, "Fremde Herkunft");
  return undefined;
}
