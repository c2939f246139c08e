/**
 * The one image pipeline for pictures people upload to be shown (orchard photos, lesson images, news images; ADR 0047):
 * the upload is checked by its first bytes (JPEG, PNG or WebP, narrowed per caller; nothing else ever reaches the
 * decoder), its header dimensions are checked before anything is decoded (a decompression bomb is refused unopened;
 * sharp's limitInputPixels guards the decoder as well), then it is turned upright by its EXIF orientation and
 * re-encoded as one JPEG per requested size. Re-encoding keeps no metadata at all: no EXIF (GPS, camera, time), no
 * XMP, no IPTC, no ICC profile (colours are converted to sRGB first; transparency is flattened onto white).
 * `storeImage` (index.ts) puts such re-encoded bytes into the platform's file storage (type, decoding, quota, virus scan).
 */
import sharp from "sharp";

export type ImageFormat = "jpeg" | "png" | "webp";
/** Largest picture we decode (a 48 MP phone photo fits; matches the platform's image check in inspect.ts). */
export const IMAGE_MAX_PIXELS = 50_000_000;

/** The image format by the first bytes, or undefined for anything that is not JPEG, PNG or WebP. */
export function sniffImage(head: Buffer): ImageFormat | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (head.length >= 12 && head.toString("latin1", 0, 4) === "RIFF" && head.toString("latin1", 8, 12) === "WEBP") return "webp";
  return undefined;
}

/** One output size: the longer side at most `side` px (never enlarged), JPEG quality (default 82). */
export interface ImageSize {
  side: number;
  quality?: number;
}
export interface EncodedImage {
  jpeg: Buffer;
  width: number;
  height: number;
}
export type ImageRefusal = "type" | "damaged";
export type ReencodedImage = { ok: true; images: EncodedImage[] } | { ok: false; reason: ImageRefusal };

/**
 * Checks one uploaded picture and re-encodes it as a metadata-free JPEG per entry of `sizes` (same order).
 * "type": not one of `formats` by its first bytes; "damaged": header and signature disagree, over `maxPixels`,
 * animated/multi-page, cut off or corrupt.
 */
export async function reencodeImage(input: Buffer, opts: { sizes: readonly ImageSize[]; formats?: readonly ImageFormat[]; maxPixels?: number }): Promise<ReencodedImage> {
  const formats = opts.formats ?? ["jpeg", "png", "webp"];
  const maxPixels = Math.min(opts.maxPixels ?? IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS);
  const format = sniffImage(input.subarray(0, 16));
  if (!format || !formats.includes(format)) return { ok: false, reason: "type" };
  const open = () => sharp(input, { limitInputPixels: maxPixels, failOn: "error", sequentialRead: true });
  try {
    const meta = await open().metadata();
    // The header must agree with the signature, and its size is checked before any pixel is decoded.
    if (meta.format !== format || !meta.width || !meta.height || meta.width * meta.height > maxPixels || (meta.pages ?? 1) > 1) return { ok: false, reason: "damaged" };
    const encode = async ({ side, quality = 82 }: ImageSize): Promise<EncodedImage> => {
      const out = await open()
        .autoOrient()
        .resize({ width: side, height: side, fit: "inside", withoutEnlargement: true })
        .toColourspace("srgb")
        .flatten({ background: "#ffffff" })
        .jpeg({ quality, progressive: true })
        .toBuffer({ resolveWithObject: true });
      return { jpeg: out.data, width: out.info.width, height: out.info.height };
    };
    return { ok: true, images: await Promise.all(opts.sizes.map(encode)) };
  } catch {
    // Cut off, corrupt, or over the pixel limit while decoding.
    return { ok: false, reason: "damaged" };
  }
}


/** The size `reencodeImage` gives a picture of `width` × `height` for a longer side of at most `side` (never enlarged). */
export function fitInside(width: number, height: number, side: number): { width: number; height: number } {
  const scale = Math.min(1, side / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
