/**
 * Images in text lessons (issue 20), with the platform's image pipeline (src/platform/files/images.ts): an upload is
 * accepted by its first bytes only (PNG or JPEG; the name and the declared type count for nothing), its header size is
 * checked before any pixel is decoded, then it is turned upright and re-encoded as a JPEG of at most 1200 px without
 * any metadata (no EXIF – GPS, camera, time –, XMP, IPTC or ICC profile). The JPEG is embedded in the course content,
 * so a published version stays exactly as it was (like captions and downloads).
 */
import { reencodeImage, type ImageRefusal } from "../../platform/files/index.js";

export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const IMAGE_MAX_PIXELS = 40_000_000;
export const IMAGE_SIDE = 1200;
/** Images per course (they are embedded in every version's content). */
export const MAX_IMAGES = 20;

export type LessonImageResult = { ok: true; jpeg: Buffer; width: number; height: number } | { ok: false; reason: ImageRefusal };

export async function processLessonImage(input: Buffer): Promise<LessonImageResult> {
  const out = await reencodeImage(input, { sizes: [{ side: IMAGE_SIDE }], formats: ["png", "jpeg"], maxPixels: IMAGE_MAX_PIXELS });
  if (!out.ok) return out;
  const [image] = out.images as [typeof out.images[0]];
  return { ok: true, ...image };
}
