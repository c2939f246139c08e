import { test } from "node:test";
import assert from "node:assert/strict";
import { apiFileIds, coerceFile, collectFileRefs, draftFileValue, fileLabel, mapApiFileValues, parseDraftFileRef, type FileRef } from "./fileAnswers.js";
import type { FieldDef, FormDefinition } from "./definition.js";

const ref: FileRef = { id: "0b6f7c1e-1c5d-4a43-9d51-6f1f0b1b2c3d", name: "Lageplan.pdf", mediaType: "application/pdf", size: 1_500_000, sha256: "a".repeat(64) };
const field: FieldDef = { kind: "field", id: "lageplan", label: "Lageplan", type: "file", cardinality: "1:1" };
const def = {
  pages: [
    { id: "p", title: "P", items: [field, { kind: "group", id: "anlagen", label: "Anlagen", itemLabel: "Anlage", cardinality: "0:3", children: [{ kind: "field", id: "datei", label: "Datei", type: "file", cardinality: "1:1" }] }] },
  ],
} as unknown as FormDefinition;

test("draft values hold the reference as server-written JSON; anything else is not a file", () => {
  assert.deepEqual(parseDraftFileRef(draftFileValue(ref)), ref);
  assert.equal(parseDraftFileRef("Lageplan.pdf"), undefined);
  assert.equal(parseDraftFileRef(JSON.stringify({ ...ref, id: "../x" })), undefined);
  assert.equal(parseDraftFileRef(JSON.stringify({ ...ref, mediaType: "text/html" })), undefined);
  assert.deepEqual(coerceFile(field, draftFileValue(ref), "form"), { value: ref });
  assert.match(coerceFile(field, "irgendwas", "form").error!, /nicht gefunden/);
});

test("the field's allowed types and size limit apply to the reference", () => {
  assert.equal(coerceFile({ ...field, accept: ["image/png", "image/jpeg"] }, draftFileValue(ref), "form").error, "Die Datei ist kein PNG oder JPEG.");
  assert.equal(coerceFile({ ...field, maxBytes: 1024 * 1024 }, draftFileValue(ref), "form").error, "Die Datei ist größer als 1 MB.");
  assert.equal(fileLabel(ref), "Lageplan.pdf (1,5 MB)");
});

test("API JSON: only references the server resolved count; a forged complete object does not", () => {
  assert.match(coerceFile(field, { ...ref }, "json").error!, /POST \/api\/v1\/uploads/);
  const raw = { lageplan: { id: ref.id }, anlagen: [{ datei: ref.id }, { datei: { id: "nope" } }] };
  assert.deepEqual(apiFileIds(def, raw), [ref.id, ref.id]);
  const mapped = mapApiFileValues(def, raw, (id) => (id === ref.id ? ref : undefined)) as { lageplan: FileRef; anlagen: Array<{ datei: unknown }> };
  assert.deepEqual(coerceFile(field, mapped.lageplan, "json"), { value: ref });
  assert.ok(coerceFile(field, mapped.anlagen[1]!.datei, "json").error);
});

test("collectFileRefs lists every file answer with its pointer and label", () => {
  const out = collectFileRefs(def, { lageplan: ref, anlagen: [{ datei: ref }] });
  assert.deepEqual(out.map((f) => [f.path, f.label]), [["/lageplan", "Lageplan"], ["/anlagen/0/datei", "Anlage 1: Datei"]]);
});
