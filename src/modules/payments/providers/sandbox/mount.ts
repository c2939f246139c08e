/**
 * Demo mode: the sandbox's pay pages under the portal's own origin (/sandbox-zahlung/zahlen/…), so a
 * demo opened from another machine can pay. The sandbox itself listens on loopback; the portal's API
 * calls go there directly, browsers come through this small proxy. Only the pay pages pass.
 */
import type { FastifyInstance } from "fastify";

export const SANDBOX_PATH = "/sandbox-zahlung";

export function mountSandbox(app: FastifyInstance, sandboxUrl: string): void {
  app.route<{ Params: { id: string }; Body: Record<string, string> }>({
    method: ["GET", "POST"],
    url: `${SANDBOX_PATH}/zahlen/:id`,
    // The sandbox checks its own form token; the portal's CSRF cookie is not part of its form.
    config: { csrf: false },
    async handler(req, reply) {
      if (!/^[\w-]{1,64}$/.test(req.params.id)) return reply.callNotFound();
      const body = req.method === "POST" ? new URLSearchParams(req.body ?? {}).toString() : undefined;
      const res = await fetch(`${sandboxUrl}/zahlen/${req.params.id}`, {
        method: req.method,
        headers: body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
      // The sandbox's own headers win over the portal's (its page carries its style inline).
      for (const h of ["content-type", "location", "cache-control", "content-security-policy"]) {
        const v = res.headers.get(h);
        if (v) reply.header(h, v);
      }
      return reply.code(res.status).send(Buffer.from(await res.arrayBuffer()));
    },
  });
}
