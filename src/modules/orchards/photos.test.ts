import { test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { processPhoto, sniffImage, LARGE_SIDE, THUMB_SIDE } from "./photos.js";
import { hasGpsPointer, jpegWithGps, pngBomb, pngPhoto, webpPhoto } from "../../../test/support/photos.js";

test("a JPEG with GPS EXIF comes out upright, resized and without any metadata", async () => {
  const input = await jpegWithGps();
  const before = await sharp(input).metadata();
  assert.ok(before.exif && before.exif.includes(Buffer.from("TestCam")), "the test photo carries EXIF");
  assert.ok(hasGpsPointer(before.exif), "the test photo carries GPS EXIF");
  assert.equal(before.orientation, 6);
  const out = await processPhoto(input);
  assert.ok(out.ok);
  for (const [buf, side] of [[out.large, 1200], [out.thumb, THUMB_SIDE]] as const) {
    const meta = await sharp(buf).metadata();
    assert.equal(meta.format, "jpeg");
    assert.equal(meta.exif, undefined);
    assert.equal(meta.xmp, undefined);
    assert.equal(meta.iptc, undefined);
    assert.equal(meta.icc, undefined);
    assert.equal(meta.orientation, undefined);
    // Rotated by the orientation tag: portrait now, the long side at most the target.
    assert.ok(meta.height! > meta.width!, "upright (portrait)");
    assert.equal(meta.height, side);
    for (const needle of ["Exif\0", "TestCam", "Olga"]) assert.equal(buf.includes(Buffer.from(needle, "latin1")), false, needle);
  }
  assert.equal(out.width, 800);
  assert.equal(out.height, 1200);
});

test("PNG and WebP are accepted and made at most 1600 px; nothing is enlarged", async () => {
  const big = await processPhoto(await webpPhoto());
  assert.ok(big.ok);
  assert.equal(big.width, LARGE_SIDE);
  assert.equal(big.height, 1200);
  const small = await processPhoto(await pngPhoto());
  assert.ok(small.ok);
  assert.equal(small.width, 300);
  assert.equal((await sharp(small.thumb).metadata()).width, 300);
});

test("non-images, other image formats, damaged pictures and decompression bombs are refused", async () => {
  assert.deepEqual(await processPhoto(Buffer.from("%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")), { ok: false, reason: "type" });
  assert.deepEqual(await processPhoto(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')), { ok: false, reason: "type" });
  const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#fff" } }).gif().toBuffer();
  assert.deepEqual(await processPhoto(gif), { ok: false, reason: "type" });
  const jpeg = await jpegWithGps(200, 100);
  assert.deepEqual(await processPhoto(jpeg.subarray(0, 40)), { ok: false, reason: "damaged" });
  const bomb = pngBomb();
  assert.ok(bomb.length < 100_000, "small file");
  assert.equal(sniffImage(bomb), "png");
  assert.deepEqual(await processPhoto(bomb), { ok: false, reason: "damaged" });
});
