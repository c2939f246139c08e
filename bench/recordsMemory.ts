/**
 * Records (E-Akte) memory bench:  npx tsx bench/recordsMemory.ts   (RECORDS_MEM_PAGES=200 by default)
 *
 * Peak RSS of the OCR job and of the xdomea 0503 export on one large document (issue 14, "500-page scans: streamed,
 * no memory blow-up"). A child process writes a PDF of RECORDS_MEM_PAGES pages (a noise JPEG and a line of text per
 * page, ≈ 0.5 MB a page), so building it does not inflate this process; it is filed with the filing command into a
 * large object. Then, each measured alone with RSS sampled every 5 ms (after a GC when run with --expose-gc):
 *  - the OCR job (`ocrRunner`) on it (text layer on every page: the job reads the pages, no tesseract run; pdf.js is
 *    loaded by reading one page before the baseline),
 *  - the 0503 export (`xdomeaExport`), its ZIP consumed by a hashing sink (not kept),
 *  - the disposal approval of the (then closed, due) A file (`disposalApprover`), which keeps the 0503 ZIP until the
 *    archive confirms it (RECORDS_MEM_STEP=disposal).
 * Prints one JSON object: file size, baseline RSS and the peak RSS delta of each step (MB). RECORDS_MEM_STEP=ocr or
 * =xdomea runs one step only (RSS rarely shrinks after a step, so the second step's delta is understated otherwise).
 * Run as `node --expose-gc --import tsx bench/recordsMemory.ts`.
 */
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createReadStream } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { systemContext } from "../src/platform/commands.js";
import { documentAdder } from "../src/modules/records/commands/documents.js";
import { ocrRunner } from "../src/modules/records/commands/ocr.js";
import { pdfPages } from "../src/modules/records/scan.js";
import { xdomeaExport } from "../src/modules/records/service.js";
import { disposalApprover, disposalLister, fileCloser } from "../src/modules/records/commands/disposal.js";
import { log, runBench, withBenchApp, withBenchRuntime } from "./support.js";

const PAGES = Number(process.env.RECORDS_MEM_PAGES ?? 200);
/** `ocr`, `xdomea` or both (default): one step per process gives each its own baseline (RSS does not shrink after a step). */
const STEPS = (process.env.RECORDS_MEM_STEP ?? "ocr,xdomea").split(",");
const WRITE_PDF = `
import PDFDocument from "pdfkit";
import sharp from "sharp";
import { createWriteStream } from "node:fs";
const out = createWriteStream(process.env.KP_OUT);
const doc = new PDFDocument({ autoFirstPage: false });
doc.pipe(out);
for (let i = 0; i < ${PAGES}; i++) {
  const noise = await sharp({ create: { width: 600, height: 430, channels: 3, background: "#888888", noise: { type: "gaussian", mean: 128, sigma: 60 } } }).jpeg({ quality: 95 }).toBuffer();
  doc.addPage({ size: "A4" });
  doc.fontSize(12).text("Seite " + (i + 1) + ": Stellungnahme der Wasserbehörde zur Grundwasserabsenkung", 50, 40);
  doc.image(noise, 50, 80, { width: 495 });
}
doc.end();
await new Promise((r) => out.on("finish", r));
`;

const gc = (globalThis as { gc?: () => void }).gc;

/** Peak RSS above the RSS before `run` (MB), sampled every 5 ms. */
async function peakDelta<T>(run: () => Promise<T>): Promise<{ result: T; baseMb: number; peakDeltaMb: number; ms: number }> {
  gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, baseMb: Math.round(base / 1048576), peakDeltaMb: Math.round((peak - base) / 1048576), ms: Math.round(performance.now() - t0) };
  } finally {
    clearInterval(sampler);
  }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-records-mem-"));
  try {
    const pdfPath = path.join(dir, "lang.pdf");
    log(`writing a ${PAGES}-page PDF in a child process`);
    await promisify(execFile)(process.execPath, ["--input-type=module", "-e", WRITE_PDF], { cwd: process.cwd(), env: { ...process.env, KP_OUT: pdfPath }, maxBuffer: 1024 * 1024 });
    const size = (await stat(pdfPath)).size;
    const sha256 = createHash("sha256");
    for await (const c of createReadStream(pdfPath)) sha256.update(c as Buffer);
    return await withBenchRuntime("records-memory", {}, async (bench) => {
      const db = bench.runtime.db;
      return withBenchApp(bench, { listen: false }, async () => {
        const ctx = systemContext(db);
        const unit = randomUUID();
        const f = await db.insertInto("records_files").values({ file_number: "632/MEM-1", plan_code: "632", title: "Bauakte Speicher", retention_years: 30, disposal: "A", override_reason: null, owner_unit_id: unit, reader_unit_ids: [unit], closed_at: null, closed_by: null }).returning("id").executeTakeFirstOrThrow();
        const caseId = randomUUID();
        await db.insertInto("records_cases").values({ file_id: f.id, case_id: caseId, reference: "MEM-1", title: "Bauantrag" }).execute();
        log(`filing ${Math.round(size / 1048576)} MB`);
        await documentAdder(ctx, { caseId, title: "Langer Scan", filename: "lang.pdf", mediaType: "application/pdf", content: { path: pdfPath, sha256: sha256.digest("hex"), size }, source: "scan", userId: null });
        const none = { result: { pages: 0, zipBytes: 0 }, ms: 0, baseMb: 0, peakDeltaMb: 0 };
        log("OCR job");
        // Warm-up: pdf.js and the canvas loaded before the baseline (a one-off cost, not memory that grows with the file).
        if (STEPS.includes("ocr")) for await (const p of pdfPages(pdfPath, { maxPages: 1 })) void p;
        const ocr = STEPS.includes("ocr") ? await peakDelta(() => ocrRunner(ctx, { limit: 1 })) : none;
        log(`OCR: ${JSON.stringify(ocr)}`);
        log("xdomea export");
        const xdomea = !STEPS.includes("xdomea") ? none : await peakDelta(async () => {
          const exported = await xdomeaExport(db, "Enzkreis", f.id);
          const zip = exported.zip as Buffer | Readable;
          const h = createHash("sha256");
          let bytes = 0;
          if (Buffer.isBuffer(zip)) {
            h.update(zip);
            bytes = zip.length;
          } else
            for await (const c of zip) {
              h.update(c as Buffer);
              bytes += (c as Buffer).length;
            }
          return { zipBytes: bytes };
        });
        log(`xdomea: ${JSON.stringify(xdomea)}`);
        let disposal = { ...none, result: { zipBytes: 0 } };
        if (STEPS.includes("disposal")) {
          await db.updateTable("records_documents").set({ ocr_status: "done" }).where("file_id", "=", f.id).execute();
          await fileCloser(ctx, { fileId: f.id, userId: null as unknown as string });
          await disposalLister(ctx, new Date(Date.now() + 31 * 366 * 86_400_000));
          log("disposal approval (A)");
          disposal = await peakDelta(async () => {
            const done = await disposalApprover(ctx, { fileId: f.id, userId: null as unknown as string, archive: () => xdomeaExport(db, "Enzkreis", f.id) });
            if (!done.ok) throw new Error(`disposal: ${done.reason}`);
            const d = await db.selectFrom("records_disposals").selectAll().where("file_id", "=", f.id).executeTakeFirstOrThrow();
            const row = d as { archive_zip: Buffer | null; archive_size?: string | null };
            return { zipBytes: row.archive_zip?.length ?? Number(row.archive_size ?? 0) };
          });
          log(`disposal: ${JSON.stringify(disposal)}`);
        }
        return {
          pages: PAGES,
          fileMb: Math.round((size / 1048576) * 10) / 10,
          gc: !!gc,
          ocr: { pages: ocr.result.pages, ms: ocr.ms, baseRssMb: ocr.baseMb, peakRssDeltaMb: ocr.peakDeltaMb },
          xdomea: { zipMb: Math.round((xdomea.result.zipBytes / 1048576) * 10) / 10, ms: xdomea.ms, baseRssMb: xdomea.baseMb, peakRssDeltaMb: xdomea.peakDeltaMb },
          disposal: { zipMb: Math.round((disposal.result.zipBytes / 1048576) * 10) / 10, ms: disposal.ms, baseRssMb: disposal.baseMb, peakRssDeltaMb: disposal.peakDeltaMb },
        };
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runBench(async () => {
  process.stdout.write(`${JSON.stringify(await main(), null, 2)}\n`);
});
