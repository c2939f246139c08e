/**
 * Photo processing of the orchard exchange (ADR 0047) with the platform's image pipeline
 * (src/platform/files/images.ts): JPEG, PNG or WebP by the first bytes, header size checked before decoding,
 * turned upright, re-encoded without any metadata as two JPEGs (≤ 1600 px and a ≤ 400 px thumbnail).
 */
import { reencodeImage, IMAGE_MAX_PIXELS, type ImageRefusal } from "../../platform/files/index.js";

export { sniffImage } from "../../platform/files/index.js";

/** At most this many photos per listing. */
export const MAX_PHOTOS = 5;
/** Largest upload per photo. */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Largest picture we decode (a 48 MP phone photo fits). */
export const PHOTO_MAX_PIXELS = IMAGE_MAX_PIXELS;
export const LARGE_SIDE = 1600;
export const THUMB_SIDE = 400;

export type PhotoRefusal = ImageRefusal;
export type ProcessedPhoto = { ok: true; large: Buffer; thumb: Buffer; width: number; height: number } | { ok: false; reason: PhotoRefusal };

/** Checks and re-encodes one uploaded photo: the large JPEG and the thumbnail. */
export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  const out = await reencodeImage(input, { sizes: [{ side: LARGE_SIDE, quality: 82 }, { side: THUMB_SIDE, quality: 75 }], maxPixels: PHOTO_MAX_PIXELS });
  if (!out.ok) return out;
  const [large, thumb] = out.images as [typeof out.images[0], typeof out.images[0]];
  return { ok: true, large: large.jpeg, thumb: thumb.jpeg, width: large.width, height: large.height };
}
