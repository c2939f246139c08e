/**
 * Records (E-Akte) pdf.js memory probe:  node --expose-gc --import tsx bench/recordsPdfPages.ts <file.pdf> <pagesPerOpen> <chunkBytes> [gcEvery]
 *
 * Peak RSS above the baseline (pdf.js loaded by reading one page first) while `pdfPages` reads every page of a PDF from its
 * path (text layer; pages without one are rendered), with the given pages per opened document and range size; `gcEvery`
 * collects garbage every n pages (then the figure is what stays referenced). `1000 262144` is the former behaviour (one
 * document, 256 KiB ranges). A test PDF: the writer in bench/recordsMemory.ts (RECORDS_MEM_PAGES pages, ≈ 0.24 MB each).
 */
import { pdfPages } from "../src/modules/records/scan.js";
const gc = (globalThis as { gc?: () => void }).gc!;
const [file, perOpen, chunk, gcEvery] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5] ?? 0)];
for await (const p of pdfPages(file, { maxPages: 1 })) void p; // warm-up: pdf.js loaded
gc();
const base = process.memoryUsage().rss;
let peak = base;
const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const t0 = performance.now();
let n = 0;
for await (const p of pdfPages(file, { pagesPerOpen: perOpen, chunkBytes: chunk })) { n++; if (gcEvery && n % gcEvery === 0) gc(); peak = Math.max(peak, process.memoryUsage().rss); void p; }
clearInterval(t);
console.log(JSON.stringify({ perOpen, chunk, gcEvery, pages: n, peakDeltaMb: Math.round((peak - base) / 1048576), ms: Math.round(performance.now() - t0) }));
