/**
 * Records (E-Akte) bench:  npx tsx bench/records.ts   (RECORDS_BENCH_DOCS=100000 by default)
 *
 * Prints one JSON object (progress on stderr). In-process app (filing plan loaded) on a fresh embedded PostgreSQL.
 *  1. OCR: image-only PDF pages (German text rendered to PNG, embedded with PDFKit) through the OCR job's
 *     command (pdfjs rasterising at 150 dpi + tesseract.js deu, one worker): pages per minute, peak RSS.
 *  1b. A long scan (RECORDS_BENCH_BIG_PAGES, default 200 pages): rasterised page by page: ms/page, peak RSS.
 *  2. Upload throughput: 1 MB PDFs filed with the command (blob by SHA-256, version, search vector, audit),
 *     4 at a time: documents/s and MB/s.
 *  3. Search: RECORDS_BENCH_DOCS synthetic documents (≈80 German words each, 1,000 files over 10
 *     departments) in PostgreSQL FTS (german, GIN); 300 queries (rare word, common word, two words,
 *     file number) for one department, with ts_headline snippets: p50/p99.
 */
import os from "node:os";
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import PDFDocument from "pdfkit";
import { createCanvas } from "@napi-rs/canvas";
import { systemContext } from "../src/platform/commands.js";
import { documentAdder } from "../src/modules/records/commands/documents.js";
import { ocrRunner } from "../src/modules/records/commands/ocr.js";
import { searchDocuments } from "../src/modules/records/queries.js";
import { pdfPages } from "../src/modules/records/scan.js";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";

const DOCS = Number(process.env.RECORDS_BENCH_DOCS ?? 100_000);
const OCR_PAGES = Number(process.env.RECORDS_BENCH_OCR_PAGES ?? 6);
const WORDS = "Antrag Bescheid Genehmigung Bauvorhaben Grundstück Flurstück Gemarkung Nachbar Stellungnahme Abstandsfläche Brandschutz Statik Entwässerung Stellplatz Bebauungsplan Ausnahme Befreiung Widerspruch Gebühr Frist Unterlagen Lageplan Bauzeichnung Baubeschreibung Nutzungsänderung Wohngebäude Garage Carport Dachgaube Anbau Umbau Abbruch Denkmalschutz Wasserbehörde Immissionsschutz Naturschutz Ortsbild Gemeinde Landratsamt Baurechtsamt Prüfung Nachforderung Vollständigkeit Anhörung Zustellung Bauherr Entwurfsverfasser Baugrund Gutachten Schallschutz Wärmeschutz Energieausweis Kanalanschluss Zufahrt Feuerwehr Rettungsweg Treppenhaus Kellergeschoss Obergeschoss Dachgeschoss Außenwand Fenster Heizung Photovoltaik Regenwasser Versickerung Baum Hecke Einfriedung Mauer Terrasse Balkon".split(" ");
const RARE = ["Grundwasserabsenkung", "Fledermausquartier", "Altlastenverdacht", "Hangrutschung", "Kampfmittelräumung"];

function text(i: number, n = 80): string {
  const out: string[] = [];
  let x = (i * 2654435761) >>> 0;
  for (let k = 0; k < n; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(WORDS[(x >>> 16) % WORDS.length]!);
  }
  if (i % 1000 === 7) out.splice(40, 0, RARE[i % RARE.length]!);
  return out.join(" ");
}

async function imagePdf(pages: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 0 });
  const chunks: Buffer[] = [];
  doc.on("data", (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((r) => doc.on("end", () => r()));
  for (let p = 0; p < pages; p++) {
    if (p) doc.addPage();
    const c = createCanvas(1240, 1600);
    const g = c.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, 1240, 1600);
    g.fillStyle = "#000";
    g.font = "36px sans-serif";
    const words = text(p, 120).split(" ");
    for (let line = 0; line < 15; line++) g.fillText(words.slice(line * 8, line * 8 + 8).join(" "), 60, 120 + line * 90);
    doc.image(c.toBuffer("image/png"), 0, 0, { width: 595 });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function main() {
  await withBenchRuntime("records", {}, async (bench) => {
    const db = bench.runtime.db;
    await withBenchApp(bench, { listen: false }, async () => {
      const ctx = systemContext(db);
      const units = Array.from({ length: 10 }, () => randomUUID());
      const FILES = 1000;
      const files: Array<{ fileId: string; recordCaseId: string; caseId: string }> = [];
      for (let i = 0; i < FILES; i += 250) {
        const rows = Array.from({ length: Math.min(250, FILES - i) }, (_, k) => ({ file_number: `632/BENCH-${i + k}`, plan_code: "632", title: `Bauakte Bench ${i + k}`, retention_years: 30, disposal: "A" as const, override_reason: null, owner_unit_id: units[(i + k) % units.length]!, reader_unit_ids: [units[(i + k) % units.length]!], closed_at: null, closed_by: null }));
        const ins = await db.insertInto("records_files").values(rows).returning("id").execute();
        for (const [k, f] of ins.entries()) {
          const caseId = randomUUID();
          const rc = await db.insertInto("records_cases").values({ file_id: f.id, case_id: caseId, reference: `BENCH-${i + k}`, title: "Bauantrag" }).returning("id").executeTakeFirstOrThrow();
          files.push({ fileId: f.id, recordCaseId: rc.id, caseId });
        }
      }

      // 1. OCR.
      const pdf = await imagePdf(OCR_PAGES);
      await documentAdder(ctx, { caseId: files[0]!.caseId, title: "OCR-Bench", filename: "scan.pdf", mediaType: "application/pdf", content: pdf, source: "scan", userId: null });
      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
      const o0 = performance.now();
      const ocr = await ocrRunner(ctx, { limit: 1 });
      const ocrMs = performance.now() - o0;
      clearInterval(sampler);
      log(`OCR ${ocr.pages} pages in ${Math.round(ocrMs)} ms`);

      // 1b. A long scan (RECORDS_BENCH_BIG_PAGES image-only pages): every page rasterised one after another as the OCR
      // job does (without recognising the text): time per page and peak RSS stay flat with the page count.
      const BIG = Number(process.env.RECORDS_BENCH_BIG_PAGES ?? 200);
      const bigPdf = await imagePdf(BIG);
      let bigRss = process.memoryUsage().rss;
      const bigSampler = setInterval(() => (bigRss = Math.max(bigRss, process.memoryUsage().rss)), 50);
      const b0 = performance.now();
      let bigPages = 0;
      for await (const pg of pdfPages(bigPdf, { rasterAll: true })) {
        bigPages += pg.image ? 1 : 0;
        bigRss = Math.max(bigRss, process.memoryUsage().rss);
      }
      const bigMs = performance.now() - b0;
      clearInterval(bigSampler);
      log(`rasterised ${bigPages} pages in ${Math.round(bigMs)} ms`);

      // 2. Upload throughput (1 MB each, 4 in flight).
      const UPLOADS = 100;
      const up0 = performance.now();
      const upLat: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < UPLOADS) {
            const k = next++;
            const content = Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(1024 * 1024)]);
            const s = performance.now();
            await documentAdder(ctx, { caseId: files[k % files.length]!.caseId, title: `Upload ${k}`, filename: `u${k}.pdf`, mediaType: "application/pdf", content, source: "api", userId: null });
            upLat.push(performance.now() - s);
          }
        }),
      );
      const upMs = performance.now() - up0;

      // 3. Search corpus (bulk insert; triggers and the search vector as in production).
      const BATCH = 2000;
      const i0 = performance.now();
      for (let i = 0; i < DOCS; i += BATCH) {
        const n = Math.min(BATCH, DOCS - i);
        const ids = Array.from({ length: n }, (_, k) => i + k);
        const fileOf = (d: number) => files[d % files.length]!;
        await sql`
          WITH input AS (SELECT * FROM unnest(${ids.map((d) => fileOf(d).fileId)}::uuid[], ${ids.map((d) => fileOf(d).recordCaseId)}::uuid[], ${ids.map((d) => `Schreiben ${d}`)}::text[], ${ids.map((d) => text(d))}::text[]) AS t(file_id, record_case_id, title, body)),
          docs AS (
            INSERT INTO records_documents (file_id, record_case_id, title, source, ocr_status, search)
            SELECT file_id, record_case_id, title, 'upload', 'done', setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', body), 'C') FROM input
            RETURNING id, title)
          INSERT INTO records_pages (document_id, version, page, text, method)
          SELECT docs.id, 1, 1, input.body, 'text' FROM docs JOIN input ON input.title = docs.title`.execute(db);
        if ((i / BATCH) % 10 === 0) log(`${i + n} documents`);
      }
      await sql`ANALYZE records_documents`.execute(db);
      await sql`ANALYZE records_files`.execute(db);
      const insertMs = performance.now() - i0;

      const queries = [...RARE, "Genehmigung", "Brandschutz Gutachten", "Bauvorhaben Nachbar Widerspruch", "Photovoltaik", "Schreiben 4711"];
      const lat: number[] = [];
      const byKind: Record<string, number[]> = {};
      let hits = 0;
      for (let k = 0; k < 300; k++) {
        const q = queries[k % queries.length]!;
        const s = performance.now();
        const r = await searchDocuments(db, { q, unitIds: [units[k % units.length]!], limit: 20 });
        const ms = performance.now() - s;
        lat.push(ms);
        (byKind[q] ??= []).push(ms);
        hits += r.length;
      }
      const result = {
        longScan: { pages: bigPages, pdfBytes: bigPdf.length, rasterMs: Math.round(bigMs), msPerPage: Math.round(bigMs / Math.max(1, bigPages)), peakRssMb: Math.round(bigRss / 1048576) },
        ocr: { pages: ocr.pages, ms: Math.round(ocrMs), pagesPerMinute: Math.round((ocr.pages / ocrMs) * 60_000 * 10) / 10, peakRssMb: Math.round(peakRss / 1048576) },
        upload: { documents: UPLOADS, bytesEach: 1024 * 1024, concurrency: 4, perSecond: Math.round((UPLOADS / upMs) * 1000 * 10) / 10, mbPerSecond: Math.round(((UPLOADS * 1.0) / upMs) * 1000 * 10) / 10, p50Ms: pct(upLat, 50), p99Ms: pct(upLat, 99) },
        search: { documents: DOCS, files: FILES, departments: units.length, queries: lat.length, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99), meanHits: Math.round((hits / lat.length) * 10) / 10, p99ByQueryMs: Object.fromEntries(Object.entries(byKind).map(([q, xs]) => [q, pct(xs, 99)])), corpusInsertMs: Math.round(insertMs) },
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
  });
}

runBench(main);
