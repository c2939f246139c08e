import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import { buildTestApp } from "../helpers.js";

/**
 * Issue 12 item 10: every API error is an RFC 9457 problem document (`application/problem+json`) with
 * type, title, status, detail and instance (the request id), and every route documents it.
 */
type Schema = { type?: string | string[]; enum?: unknown[]; anyOf?: Schema[]; pattern?: string; format?: string; maxLength?: number; minLength?: number; minimum?: number; maximum?: number; $ref?: string };
type Parameter = { in: string; name: string; required?: boolean; schema: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema: Schema }> }> };

/** A value the parameter's schema refuses, or undefined when any string is allowed. */
function badValue(s: Schema): string | undefined {
  if (s.enum || s.anyOf?.every((a) => a.enum)) return "kein-erlaubter-wert";
  if (s.format === "uuid" || s.format === "date" || s.format === "date-time") return "kein-format";
  if (s.type === "integer" || s.type === "number") return "abc";
  if (s.type === "boolean") return "vielleicht";
  if (s.pattern) return "!!";
  if (s.maxLength !== undefined) return "x".repeat(s.maxLength + 1);
  if (s.minLength) return "";
  return undefined;
}

const spec = JSON.parse(await readFile("docs/openapi.json", "utf8")) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
const problemSchemaName = Object.entries(spec.components.schemas).find(([, s]) => (s as { title?: string }).title === "Problem")?.[0];

test("issue 12 item 10: docs/openapi.json declares the shared Problem schema on every API error response", () => {
  assert.ok(problemSchemaName, "components.schemas holds the Problem schema");
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const errors = Object.keys(op.responses).filter((s) => Number(s) >= 400);
      assert.ok(errors.includes("400") && errors.includes("500"), `${method} ${path} documents 400 and 500`);
      for (const s of errors) {
        const content = op.responses[s]!.content ?? {};
        assert.deepEqual(Object.keys(content), ["application/problem+json"], `${method} ${path} ${s} is a problem document`);
        assert.equal(content["application/problem+json"]!.schema.$ref, `#/components/schemas/${problemSchemaName}`, `${method} ${path} ${s} uses the shared schema`);
      }
    }
  }
});

test("issue 12 item 10: every route in docs/openapi.json answers a bad parameter or body with a problem document", async (t) => {
  const { app } = await buildTestApp(t);
  const ajv = new Ajv2020({ strict: false });
  const validProblem = ajv.compile(spec.components.schemas[problemSchemaName!]!);
  let checked = 0;
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? [];
      let url = path;
      for (const p of params.filter((p) => p.in === "path")) url = url.replace(`{${p.name}}`, encodeURIComponent(badValue(p.schema) ?? "gibt-es-nicht-0"));
      const query = new URLSearchParams();
      // Leave out required query parameters; give the optional ones a value their schema refuses.
      const required = params.filter((p) => p.in === "query" && p.required);
      if (required.length === 0) for (const p of params.filter((p) => p.in === "query")) {
        const v = badValue(p.schema);
        if (v !== undefined) query.set(p.name, v);
      }
      // Nothing to get wrong: ask below it (the not-found handler's problem).
      const noInput = !op.requestBody && required.length === 0 && [...query].length === 0 && !params.some((p) => p.in === "path");
      if (noInput) url = `${url}/gibt-es-nicht`;
      const target = `${url}${[...query].length ? `?${query}` : ""}`;
      const res = op.requestBody
        ? await app.inject({ method: method.toUpperCase() as "POST", url: target, headers: { "content-type": "application/json" }, payload: "[1, 2]" })
        : await app.inject({ method: method.toUpperCase() as "GET", url: target });
      const what = `${method.toUpperCase()} ${target} → ${res.statusCode} ${res.body.slice(0, 200)}`;
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, what);
      assert.match(String(res.headers["content-type"]), /^application\/problem\+json/, what);
      const body = res.json() as Record<string, unknown>;
      assert.ok(validProblem(body), `${what}: ${JSON.stringify(validProblem.errors)}`);
      assert.equal(body.status, res.statusCode, what);
      if (!noInput) assert.ok(op.responses[String(res.statusCode)], `${what}: status documented`);
      assert.ok(typeof body.detail === "string" && body.detail.length > 0, what);
      assert.ok(typeof body.instance === "string" && body.instance.length > 0, what);
      checked++;
    }
  }
  assert.ok(checked >= 30, `walked ${checked} operations`);
});

test("issue 12 item 10: the reported 400s keep their message (slots, cases inbox)", async (t) => {
  const { app } = await buildTestApp(t);
  const slots = await app.inject({ method: "GET", url: "/api/v1/appointments/slots?leikaKey=abc&location=x" });
  assert.equal(slots.statusCode, 400);
  assert.match(String(slots.headers["content-type"]), /^application\/problem\+json/);
  const p = slots.json();
  assert.equal(p.type, "urn:kreisportal:problem:validation");
  assert.equal(p.status, 400);
  assert.deepEqual(p.errors.map((e: { path: string }) => e.path), ["/leikaKey"]);
  assert.equal(p.instance, slots.headers["x-request-id"]);

  const cases = await app.inject({ method: "GET", url: "/api/v1/cases?scope=all" });
  assert.equal(cases.statusCode, 400);
  assert.equal(cases.json().type, "urn:kreisportal:problem:validation");
  assert.ok(cases.json().errors.some((e: { path: string }) => e.path === "/scope"), cases.body);

  const missing = await app.inject({ method: "GET", url: "/api/v1/gibt-es-nicht" });
  assert.equal(missing.statusCode, 404);
  assert.match(String(missing.headers["content-type"]), /^application\/problem\+json/);
  assert.equal(missing.json().type, "urn:kreisportal:problem:not-found");
});
