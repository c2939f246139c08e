/**
 * The scan protocol of a file as PDF (TR-RESISCAN: who scanned what when, on which device, quality check
 * by whom, and the SHA-256 of what was filed), rendered with the portal's PDF writer (PDF/A-2b, tagged).
 * `raised: false` (a reader who may not read documents raised above the file's level, `mayReadDocument`): such scans are
 * not listed — no title, file name, device or hash — but counted, so the protocol does not silently show fewer scans.
 */
import { renderPdf, type PdfBlock } from "../../platform/pdf/renderPdf.js";
import { formatDateTime } from "../../platform/i18n/format.js";
import type { Db } from "../../platform/db/index.js";

export async function scanProtocolPdf(db: Db, p: { fileId: string; fileNumber: string; title: string; issuer: string; userName: (id: string | null) => Promise<string>; raised: boolean }): Promise<Buffer> {
  const all = await db
    .selectFrom("records_scan_protocols as s")
    .innerJoin("records_documents as d", "d.id", "s.document_id")
    .select(["d.id", "d.title", "d.confidentiality", "s.scanned_by", "s.scanned_at", "s.device", "s.pages", "s.quality_checked_by", "s.quality_checked_at", "s.quality_ok"])
    .where("d.file_id", "=", p.fileId)
    .orderBy("s.scanned_at")
    .execute();
  const rows = p.raised ? all : all.filter((r) => r.confidentiality === null);
  const withheld = all.length - rows.length;
  const blocks: PdfBlock[] = [{ kind: "title", text: `Scanprotokoll ${p.fileNumber}`, subtitle: p.title }];
  if (!all.length) blocks.push({ text: "In dieser Akte gibt es keine gescannten Dokumente." });
  for (const r of rows) {
    const versions = await db.selectFrom("records_versions").select(["version", "filename", "sha256", "size"]).where("document_id", "=", r.id).orderBy("version").execute();
    const pages = await db.selectFrom("records_pages").select((eb) => eb.fn.countAll<string>().as("n")).where("document_id", "=", r.id).executeTakeFirst();
    blocks.push({ kind: "heading", text: r.title });
    blocks.push({
      kind: "fields",
      rows: [
        { label: "Gescannt von", value: await p.userName(r.scanned_by) },
        { label: "Zeitpunkt", value: formatDateTime(r.scanned_at, "de") },
        { label: "Gerät", value: r.device },
        { label: "Seiten", value: String(r.pages ?? pages?.n ?? "–") },
        { label: "Qualitätsprüfung", value: r.quality_ok === null ? "nicht freigegeben (wartet auf die Prüfung durch eine zweite Person)" : `${r.quality_ok ? "in Ordnung" : "mangelhaft"} – ${await p.userName(r.quality_checked_by)}, ${r.quality_checked_at ? formatDateTime(r.quality_checked_at, "de") : ""}` },
        ...versions.map((v) => ({ label: `Version ${v.version}: ${v.filename}`, value: `SHA-256 ${v.sha256} (${v.size} Bytes)`, code: true })),
      ],
    });
  }
  if (withheld) blocks.push({ text: `Weitere Scans mit höherer Vertraulichkeitsstufe: ${withheld} (höher eingestuft als die Akte; Angaben nur für die federführende Stelle).` });
  return renderPdf(blocks, { title: `Scanprotokoll ${p.fileNumber}`, issuer: p.issuer });
}
