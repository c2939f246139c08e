import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

// What a proxy or client may pass as X-Request-Id: short, printable, no spaces (it lands in logs and headers).
const VALID = /^[A-Za-z0-9._:@\/+=-]{8,128}$/;

/** The request id: the caller's `X-Request-Id` when it looks like one (proxy, API client), else a new UUID. */
export function requestIdFrom(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && VALID.test(given) ? given : randomUUID();
}
