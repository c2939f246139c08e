/** Small images that really decode (uploads are decoded before they are stored). */
import jpeg from "jpeg-js";
import { PNG } from "pngjs";

const pixels = (width: number, height: number) => Buffer.from(Array.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37) % 256)));

/** A PNG of `width` × `height` pixels. */
export function tinyPng(width = 4, height = 3): Buffer {
  const png = new PNG({ width, height });
  pixels(width, height).copy(png.data);
  return PNG.sync.write(png);
}

/** A baseline JPEG (JFIF) of `width` × `height` pixels. */
export const tinyJpeg = (width = 8, height = 8): Buffer => Buffer.from(jpeg.encode({ data: pixels(width, height), width, height }, 90).data);
