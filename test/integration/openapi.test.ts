import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { buildTestApp } from "../helpers.js";

const FILE = "docs/openapi.json";

/**
 * The committed OpenAPI document must match the routes. After changing an API, regenerate it
 * with `npm run openapi` and commit the file.
 */
test("docs/openapi.json is up to date with the route schemas", async (t) => {
  const { app } = await buildTestApp(t);
  await app.ready();
  const spec = app.swagger() as Record<string, unknown>;
  delete spec.servers; // depends on PUBLIC_URL
  const generated = `${JSON.stringify(spec, null, 2)}\n`;
  if (process.env.UPDATE_OPENAPI === "1") await writeFile(FILE, generated);
  const committed = await readFile(FILE, "utf8").catch(() => "");
  assert.ok(committed === generated, `${FILE} is out of date: run \`npm run openapi\` and commit it`);
  const paths = Object.keys((spec as { paths: Record<string, unknown> }).paths);
  for (const p of ["/api/v1/search", "/api/v1/services/{leikaKey}", "/api/v1/municipalities", "/api/v1/postcodes/{postcode}"]) assert.ok(paths.includes(p), `documents ${p}`);
});
