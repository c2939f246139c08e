/**
 * The app's generated assets: the service worker (src/modules/pwa/client/sw.js bundled with the installed
 * workbox-* modules by esbuild, at start; written to $VAR_DIR/pwa/sw.js so a node without esbuild can
 * still serve the last bundle) and the icons, drawn from the portal's mark (public/favicon.svg: a white
 * "K" on the county blue, rounded square) with @napi-rs/canvas in 192 and 512 pixels, plus maskable ones
 * (full-bleed background, mark inside the 80 % safe zone).
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { rootPath } from "../../platform/paths.js";

export const BRAND_BLUE = "#0b3e6f";
export const ICON_SIZES = [192, 512] as const;

/** The PNG of the mark at `size` pixels; maskable: square full-bleed background, mark scaled into the safe zone. */
export async function drawIcon(size: number, maskable: boolean): Promise<Buffer> {
  const { createCanvas } = await import("@napi-rs/canvas");
  const canvas = createCanvas(size, size);
  const g = canvas.getContext("2d");
  const u = size / 32;
  g.fillStyle = BRAND_BLUE;
  if (maskable) g.fillRect(0, 0, size, size);
  else {
    g.beginPath();
    g.roundRect(0, 0, size, size, 6 * u);
    g.fill();
  }
  // The "K" as paths (no font needed): a stem and two arms on the 32-unit grid of favicon.svg.
  const scale = maskable ? 0.7 : 1;
  const off = (32 - 32 * scale) / 2;
  const p = (x: number, y: number): [number, number] => [(off + x * scale) * u, (off + y * scale) * u];
  const poly = (pts: Array<[number, number]>) => {
    g.beginPath();
    pts.forEach(([x, y], i) => (i === 0 ? g.moveTo(...p(x, y)) : g.lineTo(...p(x, y))));
    g.closePath();
    g.fill();
  };
  g.fillStyle = "#ffffff";
  poly([[9.5, 8], [13, 8], [13, 24], [9.5, 24]]);
  poly([[12.5, 15.5], [19.5, 8], [23.8, 8], [15, 17.8]]);
  poly([[14.6, 14.4], [23.8, 24], [19.5, 24], [12.5, 17]]);
  return canvas.encode("png");
}

export interface PrecacheEntry {
  url: string;
  revision: string;
}

/** What the service worker precaches: the offline page, style sheets, scripts and icons, with content revisions. */
export async function precacheEntries(): Promise<PrecacheEntry[]> {
  const statics = ["app.css", "search.css", "nav-menu.js", "pwa.js", "favicon.svg"];
  return [
    { url: "/offline", revision: await fileRevision(rootPath("src", "modules", "pwa", "messages.ts")) },
    ...(await Promise.all(statics.map(async (f) => ({ url: `/assets/${f}`, revision: await fileRevision(rootPath("public", f)) })))),
    ...ICON_SIZES.map((s) => ({ url: `/pwa/icon-${s}.png`, revision: "1" })),
  ];
}

/** Where `npm run build` puts the bundle for nodes installed without development dependencies (no esbuild). */
export const PREBUILT_SERVICE_WORKER = rootPath("dist", "pwa", "sw.js");

/**
 * Bundles the service worker with its precache list into `out` (default $VAR_DIR/pwa/sw.js). Without
 * esbuild (production install without development dependencies) the last bundle in $VAR_DIR/pwa or the
 * one `npm run build` made (dist/pwa/sw.js) is served.
 */
export async function buildServiceWorker(varDir: string, precache: PrecacheEntry[], out = path.join(varDir, "pwa", "sw.js")): Promise<string> {
  try {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      entryPoints: [rootPath("src", "modules", "pwa", "client", "sw.js")],
      bundle: true,
      write: false,
      format: "iife",
      minify: true,
      target: "es2020",
      define: { "self.__WB_MANIFEST": JSON.stringify(precache), "process.env.NODE_ENV": '"production"' },
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, code);
    return code;
  } catch (err) {
    const last = (await readFile(out, "utf8").catch(() => undefined)) ?? (await readFile(PREBUILT_SERVICE_WORKER, "utf8").catch(() => undefined));
    if (last) return last;
    throw err;
  }
}

/** Revision of a static file (for the precache list). */
export async function fileRevision(file: string): Promise<string> {
  const buf = await readFile(file).catch(() => Buffer.from(file));
  return createHash("sha256").update(buf).digest("hex").slice(0, 16);
}
