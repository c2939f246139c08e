/**
 * The cover sheet (Deckblatt) of a case: printed, put on top of the paper mail, scanned with it. Its QR
 * code carries "KREISPORTAL-AKTE:<case reference>", which the scanning intake reads on the first page.
 */
import path from "node:path";
import QRCode from "qrcode";
import { FONTS_DIR } from "../../platform/pdf/renderPdf.js";
import { COVER_PREFIX } from "./scan.js";

export async function coverSheetPdf(p: { reference: string; fileNumber: string; title: string; unit: string }): Promise<Buffer> {
  const qr = await QRCode.toBuffer(`${COVER_PREFIX}${p.reference}`, { errorCorrectionLevel: "M", margin: 4, scale: 8 });
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { Title: `Deckblatt ${p.reference}` }, lang: "de-DE" });
  const chunks: Buffer[] = [];
  doc.on("data", (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.registerFont("regular", path.join(FONTS_DIR, "NotoSans-Regular.ttf"));
  doc.registerFont("bold", path.join(FONTS_DIR, "NotoSans-Bold.ttf"));
  doc.font("bold").fontSize(22).text("Deckblatt für den Scan", { align: "left" });
  doc.moveDown(0.5).font("regular").fontSize(12).text("Legen Sie dieses Blatt als erste Seite auf die Post zum Vorgang und scannen Sie alles zusammen. Der QR-Code ordnet den Scan dem Vorgang zu.");
  doc.image(qr, 56, 180, { width: 220 });
  doc.font("bold").fontSize(16).text(`Vorgang ${p.reference}`, 300, 190);
  doc.font("regular").fontSize(12).text(`Aktenzeichen: ${p.fileNumber}`, 300, 220).text(p.title, 300, 242, { width: 240 }).text(p.unit, 300, 290, { width: 240 });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
