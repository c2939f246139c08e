import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/**
 * Strict CSP: no inline scripts or styles, nothing from other origins. Client scripts live in
 * /assets and are loaded with <script src> only.
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { secure: boolean }) {
  // `global: false`: @fastify/helmet would otherwise build helmet's middleware (and parse the CSP) on every request
  // (ADR 0061). The headers depend on these options only, so helmet sets them once and they are copied after.
  await app.register(helmet, {
    global: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(opts.secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: opts.secure ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  });
  let headers: [string, number | string | string[]][] | undefined;
  app.addHook("onRequest", (_req, reply, done) => {
    if (headers) {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
    } else {
      const before = new Set(reply.raw.getHeaderNames());
      reply.helmet();
      headers = Object.entries(reply.raw.getHeaders()).filter((e): e is [string, number | string | string[]] => !before.has(e[0]) && e[1] !== undefined);
    }
    done();
  });
  app.addHook("onSend", async (_req, reply, payload) => {
    reply.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    return payload;
  });
}
