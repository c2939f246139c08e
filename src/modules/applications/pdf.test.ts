import { test } from "node:test";
import assert from "node:assert/strict";
import { renderTextPdf } from "./pdf.js";

test("receipt PDF: valid structure (xref offsets point at objects), umlauts in WinAnsi, page breaks", () => {
  const lines = [{ text: "Eingangsbestätigung EK-2026-000001", size: 16, bold: true }, { text: "Größe (cm): 180 € \\ ok" }, ...Array.from({ length: 120 }, (_, i) => ({ text: `Zeile ${i}` }))];
  const pdf = renderTextPdf(lines, { title: "Quittung" });
  const s = pdf.toString("latin1");
  assert.ok(s.startsWith("%PDF-1.4"));
  assert.ok(s.trimEnd().endsWith("%%EOF"));
  const startxref = Number(/startxref\n(\d+)/.exec(s)![1]);
  assert.ok(s.slice(startxref).startsWith("xref"));
  const entries = [...s.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  entries.forEach((off, i) => assert.ok(s.slice(off).startsWith(`${i + 1} 0 obj`), `object ${i + 1} at ${off}`));
  assert.match(s, /\/Count 3 /);
  assert.ok(s.includes("(Eingangsbest\\344tigung EK-2026-000001)"));
  assert.ok(s.includes("Gr\\366\\337e \\(cm\\): 180 \\200 \\\\ ok"));
});
