/**
 * Search benchmark (separate from bench/run.ts):  npm run bench:search [-- <queries.tsv>]
 *
 * Prints JSON: index build time and heap growth with the real catalogue and with 50,000 synthetic
 * services; p50/p99 latency and queries per second of GET /api/v1/search (app.inject, so server
 * time without network) over the development queries, with and without a municipality (ags), and
 * of the bare engine on the 50,000-service index.
 *
 * Database: DATABASE_URL, or an embedded PostgreSQL under var/search-bench.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedDatabase } from "../src/platform/db/embedded.js";
import { createDb } from "../src/platform/db/index.js";
import { migrate } from "../src/platform/db/migrate.js";
import { loadConfig } from "../src/platform/config.js";
import { createMailer } from "../src/platform/mail/index.js";
import { buildApp } from "../src/app.js";
import { importMasterData, loadCounty } from "../src/modules/geo/index.js";
import { ensureMunicipalAuthorities } from "../src/modules/responsibility/index.js";
import { importOffices } from "../src/modules/responsibility/index.js";
import { importCatalog } from "../src/modules/catalog/index.js";
import { searchServiceOf } from "../src/modules/search/index.js";
import { buildIndex } from "../src/modules/search/engine/indexBuilder.js";
import { runSearch } from "../src/modules/search/engine/searcher.js";
import { loadOfficeRows, loadServiceRows, loadSynonymRows, type ServiceRow } from "../src/modules/search/queries.js";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

function summary(times: number[], wallMs: number) {
  const sorted = [...times].sort((a, b) => a - b);
  return { requests: times.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted[sorted.length - 1] ?? 0), queriesPerSecond: Math.round((times.length / wallMs) * 1000) };
}

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** 50,000 services made of real names: each real service repeated with an invented detail. */
function syntheticServices(real: ServiceRow[], count: number): ServiceRow[] {
  const details = ["für Unternehmen", "im vereinfachten Verfahren", "für Minderjährige", "bei Umzug", "Verlängerung", "Änderung", "Ersatz", "Auskunft", "Befreiung", "Erstattung", "in besonderen Fällen"];
  const out: ServiceRow[] = [];
  for (let i = 0; out.length < count; i++) {
    const s = real[i % real.length]!;
    const round = Math.floor(i / real.length);
    out.push({ ...s, leika_key: String(90000000000000 + i), name: round === 0 ? s.name : `${s.name} ${details[(i + round) % details.length]} ${round}` });
  }
  return out;
}

async function main() {
  const file = process.argv[2] ?? path.resolve("../shared/eval/search-dev.tsv");
  const queries = (await readFile(file, "utf8"))
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => l.split("\t")[0]!.trim());

  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedDatabase(path.resolve("var/search-bench"), { log: () => undefined });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  await migrate(url);
  const { db } = createDb(url, { max: 10 });
  const config = loadConfig({ NODE_ENV: "production", SESSION_SECRET: "bench-".padEnd(40, "x"), PUBLIC_URL: "http://localhost:3000", DATABASE_URL: url, SMTP_URL: "smtp://127.0.0.1:1", LOG_LEVEL: "silent" });
  await importMasterData(db);
  await ensureMunicipalAuthorities(db, config);
  await importOffices(db, config);
  await importCatalog(db);
  const mailer = createMailer(config.smtpUrl ?? "smtp://127.0.0.1:1", config.mailFrom);
  const app = await buildApp({ config, db, mailer, county: await loadCounty(db, config.countyKey) });
  await app.ready();
  const search = searchServiceOf(app)!;

  // Index build with the real catalogue: the node's rebuild (database reads included, median of 3),
  // and the heap an index holds (built apart from the node's, kept alive while measuring).
  const builds: number[] = [];
  let index = await search.rebuild();
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    index = await search.rebuild();
    builds.push(performance.now() - t0);
  }
  const [services, offices, synonyms] = await Promise.all([loadServiceRows(db), loadOfficeRows(db), loadSynonymRows(db)]);
  const before = heapMb();
  const held = buildIndex({ services, offices, synonyms, version: "bench" });
  const realHeap = heapMb() - before;

  // API latency (server side), warm-up first.
  let n = 0;
  const inject = (q: string, ags?: string) =>
    app.inject({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent(q)}${ags ? `&ags=${ags}` : ""}`, remoteAddress: `10.9.${(n >> 8) & 255}.${n++ & 255}` });
  for (const q of queries) await inject(q);
  const measure = async (ags?: string) => {
    const times: number[] = [];
    const start = performance.now();
    for (let round = 0; round < 10; round++) {
      for (const q of queries) {
        const t0 = performance.now();
        const res = await inject(q, ags);
        times.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(`status ${res.statusCode} for ${q}`);
      }
    }
    return summary(times, performance.now() - start);
  };
  const api = await measure();
  const apiWithAgs = await measure("08236040");

  // 50,000 synthetic services: build and engine latency.
  const synthetic = syntheticServices(services, 50_000);
  const heap0 = heapMb();
  const t0 = performance.now();
  const big = buildIndex({ services: synthetic, offices, synonyms, version: "bench" });
  const bigBuildMs = performance.now() - t0;
  const bigHeap = heapMb() - heap0;
  const engineTimes: number[] = [];
  const start = performance.now();
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      const t1 = performance.now();
      runSearch(big, undefined, q, { limit: 10 });
      engineTimes.push(performance.now() - t1);
    }
  }
  const engine50k = summary(engineTimes, performance.now() - start);

  console.log(
    JSON.stringify(
      {
        queries: queries.length,
        realCatalogue: { docs: index.docs.length, terms: index.termCount, indexBuildMs: round(builds.sort((a, b) => a - b)[1]!), heapMb: round(realHeap), heldDocs: held.docs.length },
        api,
        apiWithAgs,
        synthetic50k: { docs: big.docs.length, terms: big.termCount, indexBuildMs: round(bigBuildMs), heapMb: round(bigHeap), engine: engine50k },
        note: "heap figures are heapUsed growth; run with node --expose-gc (npm run bench:search does) for stable numbers",
      },
      null,
      2,
    ),
  );
  await app.close();
  await mailer.close();
  await db.destroy();
  await embedded?.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
