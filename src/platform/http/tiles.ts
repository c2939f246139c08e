import type { FastifyReply } from "fastify";

/** Pages with the optional map: the CSP allows images from the tile server's origin (https) on that response only. */
export function allowTiles(reply: FastifyReply, tileUrl: string | undefined): void {
  const origin = /^https:\/\/[^/]+/.exec(tileUrl ?? "")?.[0];
  const csp = reply.getHeader("content-security-policy");
  if (origin && typeof csp === "string") reply.header("content-security-policy", csp.replace("img-src 'self' data:", `img-src 'self' data: ${origin}`));
}
