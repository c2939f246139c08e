import { test } from "node:test";
import assert from "node:assert/strict";
import { findControlChars, hasControlChars, stripControlChars } from "./controlChars.js";

test("issue 12 item 9: one rule for control characters – C0 (but tab/CR/LF), DEL, C1 and bidi overrides", () => {
  for (const bad of ["a\u0000b", "\u0007", "x\u007f", "\u0085", "rechnung\u202Efdp.exe", "\u2066x\u2069"]) assert.ok(hasControlChars(bad), JSON.stringify(bad));
  for (const good of ["Müller", "Zeile 1\nZeile 2\r\n\tEingerückt", "€ – „Zitat“", "\u200Bfoo"]) assert.equal(hasControlChars(good), false, JSON.stringify(good));
  assert.equal(stripControlChars("Nul\u0000 Byte\u202E"), "Nul Byte");
});

test("issue 12 item 9: findControlChars points at the first offending string or key", () => {
  assert.equal(findControlChars({ name: "ok", list: [{ a: "x" }, { b: "Nul\u0000" }] }), "/list/1/b");
  assert.equal(findControlChars({ "a/\u0000": 1 }), "/a~1\u0000");
  assert.equal(findControlChars("\u0000"), "/");
  assert.equal(findControlChars({ a: [1, true, null, "fine"] }), undefined);
});
