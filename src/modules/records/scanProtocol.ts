/**
 * The scan protocol of a file as PDF (TR-RESISCAN: who scanned what when, on which device, quality check
 * by whom, and the SHA-256 of what was filed), rendered with the portal's PDF writer (PDF/A-2b, tagged).
 */
import { renderPdf, type PdfBlock } from "../../platform/pdf/renderPdf.js";
import { formatDateTime } from "../../platform/i18n/format.js";
import type { Db } from "../../platform/db/index.js";

export async function scanProtocolPdf(db: Db, p: { fileId: string; fileNumber: string; title: string; issuer: string; userName: (id: string | null) => Promise<string> }): Promise<Buffer> {
  const rows = await db
    .selectFrom("records_scan_protocols as s")
    .innerJoin("records_documents as d", "d.id", "s.document_id")
    .select(["d.id", "d.title", "s.scanned_by", "s.scanned_at", "s.device", "s.pages", "s.quality_checked_by", "s.quality_checked_at", "s.quality_ok"])
    .where("d.file_id", "=", p.fileId)
    .orderBy("s.scanned_at")
    .execute();
  const blocks: PdfBlock[] = [{ kind: "title", text: `Scanprotokoll ${p.fileNumber}`, subtitle: p.title }];
  if (!rows.length) blocks.push({ text: "In dieser Akte gibt es keine gescannten Dokumente." });
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
  return renderPdf(blocks, { title: `Scanprotokoll ${p.fileNumber}`, issuer: p.issuer });
}
