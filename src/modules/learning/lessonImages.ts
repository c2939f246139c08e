/**
 * Images in text lessons (issue 20): an upload is accepted by its first bytes only (PNG or JPEG, the platform's
 * sniffer; the name and the declared type count for nothing), its header size is checked before any pixel is decoded
 * (sharp's limitInputPixels guards the decoder too), then it is turned upright and re-encoded as a JPEG of at most
 * 1200 px. Re-encoding keeps no metadata: no EXIF (GPS, camera, time), XMP, IPTC or ICC profile. The JPEG is embedded
 * in the course content, so a published version stays exactly as it was (like captions and downloads).
 */
import sharp from "sharp";
import { detectMediaType } from "../../platform/files/index.js";

export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const IMAGE_MAX_PIXELS = 40_000_000;
export const IMAGE_SIDE = 1200;
/** Images per course (they are embedded in every version's content). */
export const MAX_IMAGES = 20;

export type LessonImageResult = { ok: true; jpeg: Buffer; width: number; height: number } | { ok: false; reason: "type" | "damaged" };

export async function processLessonImage(input: Buffer): Promise<LessonImageResult> {
  const type = await detectMediaType(input.subarray(0, 4100));
  const format = type === "image/png" ? "png" : type === "image/jpeg" ? "jpeg" : undefined;
  if (!format) return { ok: false, reason: "type" };
  const open = () => sharp(input, { limitInputPixels: IMAGE_MAX_PIXELS, failOn: "error", sequentialRead: true });
  try {
    const meta = await open().metadata();
    // The header must agree with the signature; the size is checked before decoding.
    if (meta.format !== format || !meta.width || !meta.height || meta.width * meta.height > IMAGE_MAX_PIXELS || (meta.pages ?? 1) > 1) return { ok: false, reason: "damaged" };
    const out = await open()
      .autoOrient()
      .resize({ width: IMAGE_SIDE, height: IMAGE_SIDE, fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb")
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 82, progressive: true })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, jpeg: out.data, width: out.info.width, height: out.info.height };
  } catch {
    return { ok: false, reason: "damaged" };
  }
}
