/**
 * Part of `npm run build`: bundles the service worker (module pwa) into dist/pwa/sw.js, so a production
 * install without development dependencies (no esbuild) still serves /sw.js (ADR 0038).
 */
import os from "node:os";
import { buildServiceWorker, precacheEntries, PREBUILT_SERVICE_WORKER } from "../src/modules/pwa/assets.js";

const code = await buildServiceWorker(os.tmpdir(), await precacheEntries(), PREBUILT_SERVICE_WORKER);
process.stdout.write(`service worker: ${PREBUILT_SERVICE_WORKER} (${code.length} bytes)\n`);
