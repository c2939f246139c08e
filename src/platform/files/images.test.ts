import { test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { reencodeImage } from "./images.js";
import { jpegWithGps, pngPhoto, webpPhoto } from "../../../test/support/photos.js";

test("reencodeImage: one metadata-free JPEG per size, in order, upright; formats narrowed per caller", async () => {
  const out = await reencodeImage(await jpegWithGps(1200, 800), { sizes: [{ side: 600 }, { side: 100, quality: 60 }] });
  assert.ok(out.ok);
  assert.deepEqual(out.images.map((i) => [i.width, i.height]), [[400, 600], [67, 100]]);
  for (const i of out.images) {
    const meta = await sharp(i.jpeg).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.exif, meta.orientation], ["jpeg", i.width, i.height, undefined, undefined]);
  }
  // A caller taking PNG and JPEG only refuses WebP by its bytes; a lower pixel limit refuses before decoding.
  assert.deepEqual(await reencodeImage(await webpPhoto(40, 30), { sizes: [{ side: 100 }], formats: ["png", "jpeg"] }), { ok: false, reason: "type" });
  assert.deepEqual(await reencodeImage(await pngPhoto(300, 200), { sizes: [{ side: 100 }], maxPixels: 50_000 }), { ok: false, reason: "damaged" });
  const png = await reencodeImage(await pngPhoto(300, 200), { sizes: [{ side: 1000 }], formats: ["png"] });
  assert.ok(png.ok);
  assert.deepEqual([png.images[0]!.width, png.images[0]!.height], [300, 200], "never enlarged");
});
