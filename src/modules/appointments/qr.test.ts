import { test } from "node:test";
import assert from "node:assert/strict";
import { extractBookingCode, qrPng, qrSvgDataUri } from "./qr.js";

test("QR code as SVG data URI and PNG", async () => {
  const uri = await qrSvgDataUri("ABCD2345");
  assert.match(uri, /^data:image\/svg\+xml;base64,/);
  assert.match(Buffer.from(uri.split(",")[1]!, "base64").toString(), /^<svg[^>]+viewBox="0 0 29 29"/, "version 1 (21 modules) plus 4 quiet zone on each side");
  const png = await qrPng("ABCD2345");
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});

test("booking code from scanner or typed input", () => {
  assert.equal(extractBookingCode("abcd2345"), "ABCD2345");
  assert.equal(extractBookingCode(" ABCD-2345 "), "ABCD2345");
  assert.equal(extractBookingCode("https://portal.example/termine/ABCD2345"), "ABCD2345");
  assert.equal(extractBookingCode(""), undefined);
  assert.equal(extractBookingCode("nope"), undefined);
});
