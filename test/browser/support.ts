/**
 * Browser test support: the real app on a real port, Debian's Chromium driven by playwright-core,
 * and axe-core run on every page a test loads.
 *
 *   const b = await startBrowserTest(t);
 *   const page = await b.newPage();
 *   await visit(page, "/anmelden");                                  // load + axe
 *   await follow(page, () => page.getByRole("button", { name: "Anmelden" }).click()); // next page + axe
 *
 * Every document a tracked page loads must be checked: `visit` and `follow` do that, and a page
 * that loaded a document without a check fails the next `visit`/`follow` and the test's end.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, RunOptions } from "axe-core";
import { chromium, type Browser, type BrowserContextOptions, type Page, type Response } from "playwright-core";
import { freePort } from "../../src/platform/db/embedded.js";
import { buildTestApp, type TestApp } from "../helpers.js";

type After = { after(fn: () => unknown): void };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The flags the CI machine needs: no sandbox as root, and no calls home on a closed network. */
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** WCAG 2.1 level A and AA, plus axe's best practices (landmarks, headings, …). */
const AXE_OPTIONS: RunOptions = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  resultTypes: ["violations"],
};

// The axe source is read as text and never executed in Node.
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface PageState {
  /** Documents the page has loaded, and how many of them axe has checked. */
  loaded: string[];
  checked: number;
  /** CSP violations and uncaught script errors reported by the browser. */
  problems: string[];
  /** For pages without JavaScript: a scripted page that renders the same HTML for axe. */
  twin?: () => Promise<Page>;
}
const states = new WeakMap<Page, PageState>();

export interface BrowserTest extends TestApp {
  /** http://127.0.0.1:<port>, also the app's PUBLIC_URL, so mailed links point here. */
  base: string;
  browser: Browser;
  /** A page in a fresh context (own cookies), German by default, tracked for the axe check. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** Starts the real app (buildTestApp) listening on a free port and launches Chromium; both end with the test. */
export async function startBrowserTest(t: After, env: Record<string, string> = {}): Promise<BrowserTest> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const testApp = await buildTestApp(t, { PUBLIC_URL: base, ...env });
  await testApp.app.listen({ port, host: "127.0.0.1" });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const pages: Page[] = [];
  t.after(async () => {
    const unchecked = pages.flatMap((p) => uncheckedDocuments(p));
    await browser.close();
    if (unchecked.length) throw new Error(`pages loaded without an accessibility check: ${unchecked.join(", ")}`);
  });

  return {
    ...testApp,
    base,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({ baseURL: base, locale: "de-DE", ...options });
      const page = await context.newPage();
      const state: PageState = { loaded: [], checked: 0, problems: [] };
      if (options.javaScriptEnabled === false) {
        let twin: Page | undefined;
        state.twin = async () => (twin ??= await (await browser.newContext({ baseURL: base, locale: "de-DE" })).newPage());
      }
      states.set(page, state);
      page.on("domcontentloaded", () => state.loaded.push(new URL(page.url()).pathname + new URL(page.url()).search));
      page.on("console", (m) => {
        if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) state.problems.push(`CSP: ${m.text()}`);
      });
      page.on("pageerror", (err) => state.problems.push(`script error: ${err.message}`));
      pages.push(page);
      return page;
    },
  };
}

function uncheckedDocuments(page: Page): string[] {
  const s = states.get(page);
  return s ? s.loaded.slice(s.checked) : [];
}

function assertAllChecked(page: Page): void {
  const unchecked = uncheckedDocuments(page);
  if (unchecked.length) throw new Error(`page(s) loaded without an accessibility check: ${unchecked.join(", ")} – use visit() or follow()`);
}

/** Readable list of axe violations: rule id, impact, help text, and the offending elements. */
export function formatViolations(where: string, violations: AxeResults["violations"]): string {
  const lines = [`${violations.length} accessibility violation(s) on ${where}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact ?? "?"}): ${v.help}  ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 10)) lines.push(`    ${n.target.join(" ")}${n.failureSummary ? `  → ${n.failureSummary.replace(/\s+/g, " ").slice(0, 200)}` : ""}`);
    if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more`);
  }
  return lines.join("\n");
}

/**
 * Runs axe-core on the current document and throws on any violation.
 *
 * axe is injected with page.evaluate (CDP Runtime.evaluate), which the page's Content Security
 * Policy does not govern; a <script> tag would be refused ("script-src 'self'", no inline). We do
 * not use bypassCSP: the tests then run under the production CSP, and a page that needs inline
 * script or style shows up as a CSP error here.
 */
export async function checkAccessibility(page: Page): Promise<void> {
  const state = states.get(page);
  const where = pathOf(page);
  if (state?.problems.length) throw new Error(`browser reported problems on ${where}:\n${state.problems.splice(0).join("\n")}`);
  const violations = await runAxe(state?.twin ? await renderInTwin(page, await state.twin()) : page);
  if (state) state.checked = state.loaded.length;
  if (violations.length) throw new Error(formatViolations(where, violations));
}

/**
 * With JavaScript switched off, the page runs no timers, so axe cannot run in it. A scripted twin
 * page loads the same URL, answered with the very HTML the first page shows (stylesheets come
 * from the app as usual), and axe checks that.
 */
async function renderInTwin(page: Page, twin: Page): Promise<Page> {
  const url = page.url();
  const html = await page.content();
  const handler = (route: import("playwright-core").Route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
  const matches = (u: URL) => u.href === url;
  await twin.route(matches, handler);
  try {
    await twin.goto(url, { waitUntil: "load" });
  } finally {
    await twin.unroute(matches, handler);
  }
  return twin;
}

async function runAxe(page: Page): Promise<AxeResults["violations"]> {
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (options) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<AxeResults> } }).axe;
    const r = await axe.run(document, options);
    // Only plain data crosses back to Node.
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })),
    }));
  }, AXE_OPTIONS as unknown as Record<string, unknown>);
  return violations as unknown as AxeResults["violations"];
}

/** Loads `path` (relative to the app), waits for the load event, and runs axe. */
export async function visit(page: Page, path: string): Promise<Response | null> {
  assertAllChecked(page);
  const res = await page.goto(path, { waitUntil: "load" });
  await checkAccessibility(page);
  return res;
}

/**
 * Performs an action that leads to a new document (link, form submission, Enter in a field),
 * waits until that document has loaded, and runs axe on it.
 */
export async function follow(page: Page, action: () => Promise<unknown>): Promise<void> {
  assertAllChecked(page);
  const loaded = page.waitForEvent("load");
  await action();
  await loaded;
  await checkAccessibility(page);
}

/** Path and query of the page's current URL. */
/** Signs in through the login form (axe runs on it and on the page after). */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await visit(page, "/anmelden");
  await page.fill("#email", email);
  await page.fill("#password", password);
  await follow(page, () => page.locator("form[action='/anmelden'] button[type=submit]").click());
}

export function pathOf(page: Page): string {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/** The id (or tag) of the focused element. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? el.id || el.tagName.toLowerCase() : "";
  });
}

/** Presses Tab until the element with `id` has focus (at most `max` times); proves it is reachable by keyboard. */
export async function tabTo(page: Page, id: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focused(page)) === id) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`#${id} not reached with ${max} × Tab (focus is on ${await focused(page)})`);
}

/** True when the page is not wider than the viewport (no horizontal scrolling). */
export async function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}
