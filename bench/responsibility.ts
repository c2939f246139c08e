/**
 * Responsibility finder benchmark:  npx tsx bench/responsibility.ts
 *
 * Prints JSON: p50/p99 of `findResponsibleMany` (20 services, the search result list's lookup) and
 * `findResponsible` (one service, the case owner's lookup) over every municipality of the county, with the
 * real catalogue, offices and rules; sequential on one pool (server time of the one query plus the cached
 * rules). Database: DATABASE_URL, or an embedded PostgreSQL under var/responsibility-bench (BENCH_DIR). ROUNDS (10) times every municipality.
 */
import path from "node:path";
import { startEmbeddedDatabase } from "../src/platform/db/embedded.js";
import { createDb } from "../src/platform/db/index.js";
import { migrate } from "../src/platform/db/migrate.js";
import { loadConfig } from "../src/platform/config.js";
import { gemeindenOfKreise, importMasterData } from "../src/modules/geo/index.js";
import { ensureMunicipalAuthorities, findResponsible, findResponsibleMany, importOffices } from "../src/modules/responsibility/index.js";
import { importCatalog } from "../src/modules/catalog/index.js";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { lookups: times.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), meanMs: round(times.reduce((a, b) => a + b, 0) / times.length) };
};

const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedDatabase(path.resolve(process.env.BENCH_DIR ?? "var/responsibility-bench"), { log: () => undefined });
const url = process.env.DATABASE_URL ?? embedded!.url;
await migrate(url);
const { db } = createDb(url);
const config = loadConfig({ NODE_ENV: "production", SESSION_SECRET: "bench-".padEnd(40, "x"), PUBLIC_URL: "http://localhost:3000", DATABASE_URL: url, SMTP_URL: "smtp://127.0.0.1:1", LOG_LEVEL: "silent" });
try {
  await importMasterData(db);
  await importOffices(db, config);
  await ensureMunicipalAuthorities(db, config);
  await importCatalog(db);
  const gemeinden = (await gemeindenOfKreise(db, [config.countyKey])).map((g) => g.ags).filter((a): a is string => !!a);
  // The most popular services with a task category: what a search result page looks up.
  const services = (await db.selectFrom("services").select("leika_key").where("task_category", "is not", null).orderBy("popularity", "desc").orderBy("leika_key").limit(200).execute()).map((s) => s.leika_key);
  const rounds = Number(process.env.ROUNDS ?? 10);
  const many: number[] = [];
  const one: number[] = [];
  let answers = 0;
  for (let i = 0; i < 20; i++) await findResponsibleMany(db, services.slice(0, 20), gemeinden[0]!); // warm-up: rules and offices cached
  for (let r = 0; r < rounds; r++) {
    for (const [n, ags] of gemeinden.entries()) {
      const keys = services.slice(((r * gemeinden.length + n) * 20) % 180, ((r * gemeinden.length + n) * 20) % 180 + 20);
      let t = performance.now();
      answers += (await findResponsibleMany(db, keys, ags)).size;
      many.push(performance.now() - t);
      t = performance.now();
      await findResponsible(db, keys[0]!, ags);
      one.push(performance.now() - t);
    }
  }
  console.log(JSON.stringify({ municipalities: gemeinden.length, services: services.length, answers, many20: summary(many), one: summary(one) }, null, 2));
} finally {
  await db.destroy();
  await embedded?.stop();
}
