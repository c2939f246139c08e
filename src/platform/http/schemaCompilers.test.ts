import { test } from "node:test";
import assert from "node:assert/strict";
import Fastify from "fastify";
import { schemaControllerOptions } from "./schemaCompilers.js";

/** The same routes on Fastify's default compilers and on the lazy production ones. */
async function appWith(env: string) {
  const app = Fastify({ schemaController: schemaControllerOptions(env) });
  app.get<{ Querystring: { n: number; tag?: string[] } }>(
    "/q",
    {
      schema: {
        querystring: { type: "object", properties: { n: { type: "integer", minimum: 1, default: 5 }, tag: { type: "array", items: { type: "string" } } }, additionalProperties: false },
        response: { 200: { type: "object", properties: { n: { type: "integer" }, tag: { type: "array", items: { type: "string" } } } } },
      },
    },
    async (req) => ({ n: req.query.n, tag: req.query.tag, secret: "not in the response schema" }),
  );
  app.post<{ Body: { name: string } }>(
    "/b",
    { schema: { body: { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 2 } } } } },
    async (req) => ({ hello: req.body.name }),
  );
  await app.ready();
  return app;
}

test("lazy compilers (production) answer exactly as Fastify's eager defaults: coercion, defaults, arrays, errors, serialization", async (t) => {
  assert.equal(schemaControllerOptions("test"), undefined, "tests and development compile eagerly");
  const eager = await appWith("test");
  const lazy = await appWith("production");
  t.after(() => Promise.all([eager.close(), lazy.close()]));
  const requests = [
    { method: "GET" as const, url: "/q?n=3&tag=a&tag=b" },
    { method: "GET" as const, url: "/q?tag=x" },
    { method: "GET" as const, url: "/q?n=0" },
    { method: "GET" as const, url: "/q?n=abc" },
    { method: "GET" as const, url: "/q?other=1" },
    { method: "POST" as const, url: "/b", payload: { name: "Al" } },
    { method: "POST" as const, url: "/b", payload: { name: "A" } },
    { method: "POST" as const, url: "/b", payload: {} },
  ];
  for (const r of requests) {
    for (let round = 0; round < 2; round++) {
      const [a, b] = await Promise.all([eager.inject(r), lazy.inject(r)]);
      assert.equal(b.statusCode, a.statusCode, `${r.method} ${r.url}`);
      assert.deepEqual(b.json(), a.json(), `${r.method} ${r.url}`);
    }
  }
  const ok = await lazy.inject({ method: "GET", url: "/q?n=3&tag=a&tag=b" });
  assert.deepEqual(ok.json(), { n: 3, tag: ["a", "b"] }, "coerced and serialized without the extra property");
  assert.deepEqual((await lazy.inject({ method: "GET", url: "/q" })).json(), { n: 5 }, "default applied");
  assert.equal((await lazy.inject({ method: "GET", url: "/q?n=0" })).statusCode, 400);
});
