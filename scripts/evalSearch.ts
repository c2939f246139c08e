/**
 * Measures search quality:  npm run eval:search -- <file.tsv> [more.tsv]
 *
 * Each line: `query<TAB>acceptable LeiKa keys, comma-separated` (# comments skipped). Prints JSON with
 * hit@1, hit@5 and MRR (over the first 10 results) for our search and, on the same database, for a
 * baseline of plain PostgreSQL full-text search (to_tsvector('german', name || ' ' || short_text),
 * ranked with ts_rank, once with plainto_tsquery and once with websearch_to_tsquery).
 *
 * Database: DATABASE_URL, or an embedded PostgreSQL kept under var/search-eval. Master data, offices
 * and the catalogue are imported first (all idempotent).
 * Add --verbose to list the queries that missed.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import { startEmbeddedDatabase } from "../src/platform/db/embedded.js";
import { createDb, type Db } from "../src/platform/db/index.js";
import { migrate } from "../src/platform/db/migrate.js";
import { loadConfig } from "../src/platform/config.js";
import { importCatalog } from "../src/modules/catalog/index.js";
import { importMasterData } from "../src/modules/geo/index.js";
import { ensureMunicipalAuthorities } from "../src/modules/responsibility/index.js";
import { importOffices } from "../src/modules/responsibility/index.js";
import { SearchService } from "../src/modules/search/index.js";

interface Case {
  query: string;
  keys: string[];
}

async function readCases(file: string): Promise<Case[]> {
  const text = await readFile(file, "utf8");
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => {
      const [query = "", keys = ""] = l.split("\t");
      return { query: query.trim(), keys: keys.split(",").map((k) => k.trim()).filter(Boolean) };
    });
}

function metrics(ranked: string[][], cases: Case[]) {
  let h1 = 0;
  let h5 = 0;
  let rr = 0;
  const misses: Array<{ query: string; got: string[] }> = [];
  cases.forEach((c, i) => {
    const list = ranked[i] ?? [];
    const rank = list.findIndex((k) => c.keys.includes(k));
    if (rank === 0) h1++;
    if (rank >= 0 && rank < 5) h5++;
    if (rank >= 0 && rank < 10) rr += 1 / (rank + 1);
    if (rank !== 0) misses.push({ query: c.query, got: list.slice(0, 3) });
  });
  const n = cases.length || 1;
  return { "hit@1": +(h1 / n).toFixed(3), "hit@5": +(h5 / n).toFixed(3), MRR: +(rr / n).toFixed(3), count: cases.length, misses };
}

async function baseline(db: Db, cases: Case[], fn: "plainto_tsquery" | "websearch_to_tsquery"): Promise<string[][]> {
  const out: string[][] = [];
  const f = sql.raw(fn);
  for (const c of cases) {
    const res = await sql<{ leika_key: string }>`
      SELECT leika_key FROM services, ${f}('german', ${c.query}) q
      WHERE to_tsvector('german', name || ' ' || coalesce(short_text, '')) @@ q
      ORDER BY ts_rank(to_tsvector('german', name || ' ' || coalesce(short_text, '')), q) DESC, length(name), leika_key
      LIMIT 10`.execute(db);
    out.push(res.rows.map((r) => r.leika_key));
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes("--verbose");
  const files = args.filter((a) => !a.startsWith("--"));
  if (files.length === 0) throw new Error("usage: npm run eval:search -- <file.tsv> [--verbose]");

  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedDatabase(path.resolve("var/search-eval"), { log: () => undefined });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  await migrate(url);
  const { db } = createDb(url, { max: 4 });
  try {
    const config = loadConfig({ ...process.env, DATABASE_URL: url, SESSION_SECRET: process.env.SESSION_SECRET ?? "eval-".padEnd(40, "x") });
    await importMasterData(db);
    await ensureMunicipalAuthorities(db, config);
    await importOffices(db, config);
    // Content files being edited may not validate; then the last imported state is measured.
    await importCatalog(db).catch((err: unknown) => console.error(`catalogue import skipped: ${err instanceof Error ? err.message : String(err)}`));
    const search = new SearchService(db, { kreisKeys: [config.countyKey, ...config.partnerKeys] });
    const t0 = performance.now();
    await search.rebuild();
    const buildMs = Math.round(performance.now() - t0);
    const report: Record<string, unknown> = { indexBuildMs: buildMs };
    for (const file of files) {
      const cases = await readCases(file);
      const ours: string[][] = [];
      for (const c of cases) {
        const r = await search.search(c.query, { limit: 10, type: "service" });
        ours.push(r.hits.map((h) => h.doc.leikaKey ?? ""));
      }
      const strip = <T extends { misses: unknown }>(m: T) => (verbose ? m : { ...m, misses: undefined });
      report[path.basename(file)] = {
        kreisportal: strip(metrics(ours, cases)),
        postgresPlainto: strip(metrics(await baseline(db, cases, "plainto_tsquery"), cases)),
        postgresWebsearch: strip(metrics(await baseline(db, cases, "websearch_to_tsquery"), cases)),
      };
    }
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
