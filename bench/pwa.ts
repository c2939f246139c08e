/**
 * App bench (issue 21):  npm run bench:pwa   (npx tsx bench/pwa.ts)
 *
 * Prints one JSON object (progress on stderr). Starts the portal on a fresh embedded PostgreSQL (demo
 * waste calendar and news seeded) and runs the installed Lighthouse (Node API, mobile form factor,
 * simulated throttling) with Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) against the start
 * page, a service page and the search: performance, accessibility and best-practices scores (0–100).
 * Lighthouse ≥ 12 has no PWA category any more; installability is read from Chromium itself
 * (DevTools protocol Page.getInstallabilityErrors, after the service worker took control) per page.
 * Also: time to bundle the service worker and to draw the icons.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { log, runBench, withBenchApp, withBenchRuntime } from "./support.js";
import { seedNewsDemo, seedWasteDemo } from "../src/modules/pwa/index.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];
const PAGES = [
  { name: "home", path: "/" },
  { name: "service", path: "/leistungen/99023001036000" },
  { name: "search", path: "/suche?q=hund%20anmelden" },
];

async function main() {
  await withBenchRuntime("pwa", {}, async (bench) => {
    await seedWasteDemo(bench.runtime.db);
    await seedNewsDemo(bench.runtime.db);
    await withBenchApp(bench, { listen: true }, async (app, base) => {
      const t0 = performance.now();
      const sw = await app.inject({ url: "/sw.js" });
      const swMs = Math.round(performance.now() - t0);
      const t1 = performance.now();
      await Promise.all(["icon-192.png", "icon-512.png", "icon-maskable-192.png", "icon-maskable-512.png"].map((f) => app.inject({ url: `/pwa/${f}` })));
      const iconsMs = Math.round(performance.now() - t1);
      log(`service worker ${sw.body.length} bytes in ${swMs} ms; icons in ${iconsMs} ms`);

      // Installability as Chromium sees it (phone viewport, after the service worker controls the page).
      // A persistent (non-incognito) profile: Chromium never offers installation in incognito.
      const profile = mkdtempSync(path.join(os.tmpdir(), "kp-pwa-profile-"));
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
      const installability: Record<string, string[]> = {};
      try {
        const page = await context.newPage();
        for (const p of PAGES) {
          await page.goto(base + p.path, { waitUntil: "load" });
          await page.evaluate(async () => {
            await navigator.serviceWorker.ready;
          });
          const cdp = await context.newCDPSession(page);
          const res = (await cdp.send("Page.getInstallabilityErrors")) as { installabilityErrors: Array<{ errorId: string }> };
          installability[p.name] = res.installabilityErrors.map((e) => e.errorId);
          await cdp.detach();
        }
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
      log(`installability errors: ${JSON.stringify(installability)}`);

      const lighthouse = (await import("lighthouse")).default;
      const chromeLauncher = await import("chrome-launcher");
      const scores: Record<string, Record<string, number | string | null>> = {};
      for (const p of PAGES) {
        const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS });
        try {
          log(`lighthouse ${p.path}`);
          const result = await lighthouse(base + p.path, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices"], formFactor: "mobile", screenEmulation: { mobile: true, width: 412, height: 823, deviceScaleFactor: 1.75, disabled: false } });
          const cats = result?.lhr.categories ?? {};
          const score = (k: string) => (cats[k]?.score == null ? null : Math.round(cats[k]!.score! * 100));
          const ms = (id: string) => {
            const v = result?.lhr.audits[id]?.numericValue;
            return v === undefined ? null : Math.round(v);
          };
          scores[p.name] = { performance: score("performance"), accessibility: score("accessibility"), bestPractices: score("best-practices"), fcpMs: ms("first-contentful-paint"), lcpMs: ms("largest-contentful-paint"), tbtMs: ms("total-blocking-time"), speedIndexMs: ms("speed-index") };
          const failed = Object.values(result?.lhr.audits ?? {}).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary").map((a) => a.id);
          if (failed.length) log(`${p.name}: failed binary audits: ${failed.join(", ")}`);
          const blocking = (result?.lhr.audits["render-blocking-resources"]?.details as { items?: Array<{ url: string; wastedMs: number }> } | undefined)?.items ?? [];
          log(`${p.name}: server response ${ms("server-response-time")} ms; render-blocking: ${blocking.map((b) => `${new URL(b.url).pathname} ${Math.round(b.wastedMs)} ms`).join(", ") || "none"}`);
          if (result?.lhr.runtimeError) scores[p.name]!.runtimeError = String(result.lhr.runtimeError.code);
        } finally {
          chrome.kill();
        }
      }
      process.stdout.write(`${JSON.stringify({ lighthouse: { formFactor: "mobile", chromium: CHROMIUM, scores }, installabilityErrors: installability, serviceWorker: { bytes: sw.body.length, firstRequestMs: swMs }, iconsMs }, null, 2)}\n`);
    });
  });
}

runBench(main);
