/**
 * The shared map box (ADR 0059): Leaflet and public/kp-map.js turn it into a pan/zoom map; it stays hidden
 * without JavaScript, where the page's list, text or SVG is the content. Modules add their own script after it
 * (loaded with defer, so Leaflet and kp-map.js run first) and pass their data as data-* attributes.
 */
import type { ViewContext } from "./context.js";

export function MapBox({ ctx, id, label, tileUrl, data, describedBy, height }: { ctx: ViewContext; id: string; label: string; tileUrl: string | undefined; data?: Record<string, string | undefined>; describedBy?: string; height?: number }) {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) if (v !== undefined) attrs[`data-${k}`] = v;
  return (
    <>
      <link rel="stylesheet" href="/assets/leaflet/leaflet.css" />
      <link rel="stylesheet" href="/assets/kp-map.css" />
      <div
        id={id}
        class="kp-map"
        hidden
        role="region"
        aria-label={label}
        aria-describedby={describedBy}
        data-tiles={tileUrl}
        data-attribution={ctx.mapAttribution}
        data-zoom-in={ctx.t("map.zoomIn")}
        data-zoom-out={ctx.t("map.zoomOut")}
        data-height={height === undefined ? undefined : String(height)}
        {...attrs}
      />
      <script src="/assets/leaflet/leaflet.js" defer></script>
      <script src="/assets/kp-map.js" defer></script>
    </>
  );
}
