import { test } from "node:test";
import assert from "node:assert/strict";
import { startBrowserTest, visit } from "./support.js";

// Issue 24, item 16: Swagger UI had 6 axe violations and CSP errors from inline styles.
test("API documentation: server-rendered from the OpenAPI document, axe-clean under the strict CSP, every operation listed", async (t) => {
  const b = await startBrowserTest(t);
  const doc = (await (await fetch(`${b.base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
  assert.ok(operations.length > 20, "the document has the API's operations");

  const page = await b.newPage();
  const res = await visit(page, "/api/docs"); // axe + CSP problems checked by visit
  assert.equal(res?.status(), 200);
  assert.equal((await page.locator("h1").innerText()).trim(), "API-Dokumentation");
  const headings = (await page.locator("h3 code").allInnerTexts()).map((s) => s.replace(/\s+/g, " ").trim());
  assert.deepEqual([...headings].sort(), [...operations].sort());
  // A body's fields, a parameter and a bearer-secured operation are described.
  assert.ok(await page.getByRole("region", { name: /Parameter von GET \/api\/v1\/search/ }).count());
  assert.ok(await page.getByRole("region", { name: /Felder des Anfrageinhalts von POST \/api\/v1\/appointments/ }).first().count());
  assert.match(await page.content(), /Erfordert ein Bearer-Token/);
  // The contents link to each tag's section.
  await page.getByRole("navigation", { name: "Inhalt" }).getByRole("link", { name: "Termine" }).click();
  assert.match(page.url(), /#tag-/);
  // The old JSON location still answers.
  assert.equal((await fetch(`${b.base}/api/docs/json`)).status, 200);

  // English page chrome.
  const en = await b.newPage({ locale: "en-GB" });
  await visit(en, "/api/docs");
  assert.equal((await en.locator("h1").innerText()).trim(), "API documentation");
});
