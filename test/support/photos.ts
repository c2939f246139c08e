/** Test photos made with sharp: a JPEG with GPS EXIF and an orientation tag, a PNG, a WebP, and a decompression bomb. */
import { deflateSync } from "node:zlib";
import sharp from "sharp";

/** A 1200 × 800 JPEG (landscape pixels, EXIF orientation 6 = shown rotated to portrait) with camera, owner and GPS EXIF. */
export async function jpegWithGps(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 40 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: "TestCam", Model: "Streuobst 1", Artist: "Olga Obstwiese" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 57/1 1234/100", GPSLongitudeRef: "E", GPSLongitude: "8/1 50/1 2345/100" },
    })
    .toBuffer();
}

/** Whether EXIF data holds a GPS block (the GPSInfo pointer, tag 0x8825, little-endian as libvips writes it). */
export const hasGpsPointer = (exif: Buffer | undefined) => !!exif && (exif.includes(Buffer.from([0x25, 0x88, 0x04, 0x00])) || exif.includes(Buffer.from([0x88, 0x25, 0x00, 0x04])));

export const pngPhoto = (width = 300, height = 200) => sharp({ create: { width, height, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 1 } } }).png().toBuffer();
export const webpPhoto = (width = 2400, height = 1800) => sharp({ create: { width, height, channels: 3, background: { r: 30, g: 30, b: 200 } } }).webp().toBuffer();

/** A valid PNG header claiming 60,000 × 60,000 pixels (3.6 gigapixels) with a tiny compressed body. */
export function pngBomb(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(60_000, 0);
  ihdr.writeUInt32BE(60_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Buffer.alloc(60_001); // filter byte + pixels, all zero: compresses to almost nothing
  const idat = deflateSync(Buffer.concat(Array.from({ length: 50 }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}
