/**
 * Photo processing of the orchard exchange (ADR 0047): the upload is checked by its first bytes (JPEG,
 * PNG or WebP only; nothing else ever reaches the decoder), its header dimensions are checked before
 * anything is decoded (a decompression bomb is refused unopened; sharp's limitInputPixels guards the
 * decoder as well), then it is turned upright by its EXIF orientation and re-encoded as two JPEGs
 * (≤ 1600 px and a ≤ 400 px thumbnail). Re-encoding keeps no metadata at all: no EXIF (GPS, camera,
 * time), no XMP, no IPTC, no ICC profile (colours are converted to sRGB first).
 */
import sharp from "sharp";

/** At most this many photos per listing. */
export const MAX_PHOTOS = 5;
/** Largest upload per photo. */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Largest picture we decode (a 48 MP phone photo fits; matches the platform's image check). */
export const PHOTO_MAX_PIXELS = 50_000_000;
export const LARGE_SIDE = 1600;
export const THUMB_SIDE = 400;

export type PhotoRefusal = "type" | "damaged";
export type ProcessedPhoto = { ok: true; large: Buffer; thumb: Buffer; width: number; height: number } | { ok: false; reason: PhotoRefusal };

/** The image format by the first bytes, or undefined for anything that is not JPEG, PNG or WebP. */
export function sniffImage(head: Buffer): "jpeg" | "png" | "webp" | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (head.length >= 12 && head.toString("latin1", 0, 4) === "RIFF" && head.toString("latin1", 8, 12) === "WEBP") return "webp";
  return undefined;
}

/** Checks and re-encodes one uploaded photo (see the file comment). */
export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  const format = sniffImage(input.subarray(0, 16));
  if (!format) return { ok: false, reason: "type" };
  const open = () => sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: "error", sequentialRead: true });
  try {
    const meta = await open().metadata();
    // The header must agree with the signature, and its size is checked before any pixel is decoded.
    if (meta.format !== format || !meta.width || !meta.height || meta.width * meta.height > PHOTO_MAX_PIXELS || (meta.pages ?? 1) > 1) return { ok: false, reason: "damaged" };
    const encode = (side: number) =>
      open()
        .autoOrient()
        .resize({ width: side, height: side, fit: "inside", withoutEnlargement: true })
        .toColourspace("srgb")
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: side === THUMB_SIDE ? 75 : 82, progressive: true })
        .toBuffer({ resolveWithObject: true });
    const [large, thumb] = await Promise.all([encode(LARGE_SIDE), encode(THUMB_SIDE)]);
    return { ok: true, large: large.data, thumb: thumb.data, width: large.info.width, height: large.info.height };
  } catch {
    // Cut off, corrupt, or over the pixel limit while decoding.
    return { ok: false, reason: "damaged" };
  }
}
