import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { rootPath } from "../paths.js";

/**
 * Leaflet (ADR 0059), the one map library of road works, orchards, care and participation: its script, its
 * stylesheet and the marker/layer images, served from node_modules under /assets/leaflet/ (same origin, so the
 * strict CSP needs no exception). Only these files; the source maps and ESM build stay private.
 */
export async function registerMapAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: rootPath("node_modules", "leaflet", "dist"),
    prefix: "/assets/leaflet/",
    decorateReply: false,
    maxAge: "7d",
    index: false,
    allowedPath: (p) => /^\/(leaflet\.(js|css)|images\/[\w-]+\.png)$/.test(p),
  });
}
