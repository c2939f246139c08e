import { test } from "node:test";
import assert from "node:assert/strict";
import type { FieldDef } from "./definition.js";
import { expectedChars, inputWidthFor } from "./layout.js";

const field = (f: Partial<FieldDef>): FieldDef => ({ kind: "field", id: "x", label: "X", type: "text", cardinality: "1:1", ...f });

test("expected length: dates, numbers written the German way, currency with cents, texts by maxLength", () => {
  assert.equal(expectedChars(field({ type: "date" })), 10);
  assert.equal(expectedChars(field({ type: "number", min: 0, max: 40, pattern: "integer" })), 2);
  assert.equal(expectedChars(field({ type: "number", min: 0, max: 10000, pattern: "integer" })), 6); // 10.000
  assert.equal(expectedChars(field({ type: "number", min: 1, max: 10_000_000 })), 13); // 10.000.000,xx
  assert.equal(expectedChars(field({ type: "currency", min: 0, max: 1_000_000_000 })), 16); // 1.000.000.000,00
  assert.equal(expectedChars(field({ type: "number", min: -50, max: 50, pattern: "integer" })), 3);
  assert.equal(expectedChars(field({ type: "text", maxLength: 10 })), 10);
  assert.equal(expectedChars(field({ type: "text" })), undefined);
  assert.equal(expectedChars(field({ type: "select", codeList: "x" })), undefined);
  assert.equal(expectedChars(field({ type: "bool" })), undefined);
});

test("width steps: the smallest that holds the answer; long texts full width", () => {
  assert.equal(inputWidthFor(field({ type: "number", max: 40, pattern: "integer" })), 2);
  assert.equal(inputWidthFor(field({ type: "text", maxLength: 4 })), 4);
  assert.equal(inputWidthFor(field({ type: "number", max: 10000, pattern: "integer" })), 8);
  assert.equal(inputWidthFor(field({ type: "date" })), 12);
  assert.equal(inputWidthFor(field({ type: "currency", max: 1_000_000_000 })), 20);
  assert.equal(inputWidthFor(field({ type: "currency", max: 5000 })), 8); // 5.000,00
  assert.equal(inputWidthFor(field({ type: "text", maxLength: 30 })), 30);
  assert.equal(inputWidthFor(field({ type: "text", maxLength: 31 })), undefined);
  assert.equal(inputWidthFor(field({ type: "text", maxLength: 2000 })), undefined);
});
