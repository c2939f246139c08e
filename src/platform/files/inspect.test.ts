import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { imageDecodes, inspectContent, pdfHasActiveContent } from "./inspect.js";
import { tinyJpeg, tinyPng } from "../../../test/support/images.js";

const pdf = (body: string) => Buffer.from(`%PDF-1.7\n${body}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, "latin1");
const withStream = (content: string) => {
  const data = deflateSync(Buffer.from(content, "latin1"));
  return Buffer.concat([Buffer.from(`%PDF-1.7\n2 0 obj<</Type/ObjStm/Filter/FlateDecode/Length ${data.length}>>stream\n`, "latin1"), data, Buffer.from("\nendstream endobj\n%%EOF\n", "latin1")]);
};

test("a PDF that runs something when opened is found: JavaScript, OpenAction, Launch, escaped names, compressed object streams", () => {
  assert.equal(pdfHasActiveContent(pdf("1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj")), false);
  // A name that merely starts like an action is no action.
  assert.equal(pdfHasActiveContent(pdf("1 0 obj<</Type/Catalog/JSON 1/OpenActionable 2>>endobj")), false);
  for (const body of [
    "1 0 obj<</Type/Catalog/OpenAction 3 0 R>>endobj 3 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj",
    "1 0 obj<</Type/Catalog/OpenAction[2 0 R/Fit]>>endobj",
    "1 0 obj<</Type/Catalog/Names<</JavaScript 4 0 R>>>>endobj",
    "1 0 obj<</S/Launch/F(cmd.exe)>>endobj",
    "1 0 obj<</Type/Catalog/Open#41ction 3 0 R>>endobj",
    "1 0 obj<</S/J#61vaScript/JS 5 0 R>>endobj",
  ]) assert.equal(pdfHasActiveContent(pdf(body)), true, body);
  assert.equal(pdfHasActiveContent(withStream("3 0 << /S /JavaScript /JS (app.alert(1)) >>")), true);
  assert.equal(pdfHasActiveContent(withStream("3 0 << /Type /Page >>")), false);
});

test("images must decode and have sane dimensions", () => {
  assert.equal(imageDecodes(tinyPng(), "image/png"), true);
  assert.equal(imageDecodes(tinyJpeg(), "image/jpeg"), true);
  // The signature alone (what the type check sees) is not an image.
  assert.equal(imageDecodes(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40)]), "image/png"), false);
  assert.equal(imageDecodes(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from("JFIF\0", "latin1"), Buffer.alloc(64)]), "image/jpeg"), false);
  // Cut off in the middle of the image data.
  const png = tinyPng(40, 40);
  assert.equal(imageDecodes(png.subarray(0, png.length - 30), "image/png"), false);
  // A flipped byte in the pixel data breaks the chunk checksum.
  const flipped = Buffer.from(png);
  flipped[60] = flipped[60]! ^ 0xff;
  assert.equal(imageDecodes(flipped, "image/png"), false);
  // A header that claims 100,000 × 100,000 pixels (a decompression bomb) is refused before decoding.
  const bomb = Buffer.from(tinyPng());
  bomb.writeUInt32BE(100_000, 16);
  bomb.writeUInt32BE(100_000, 20);
  assert.equal(imageDecodes(bomb, "image/png"), false);
});

test("inspectContent reads the received file", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-inspect-"));
  const put = async (name: string, data: Buffer) => {
    const p = path.join(dir, name);
    await writeFile(p, data);
    return p;
  };
  assert.equal(await inspectContent(await put("a.pdf", pdf("1 0 obj<</Type/Catalog>>endobj")), "application/pdf"), "ok");
  assert.equal(await inspectContent(await put("b.pdf", pdf("1 0 obj<</Type/Catalog/OpenAction 3 0 R>>endobj")), "application/pdf"), "active_content");
  assert.equal(await inspectContent(await put("c.jpg", tinyJpeg()), "image/jpeg"), "ok");
  assert.equal(await inspectContent(await put("d.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), "image/png"), "damaged");
});
