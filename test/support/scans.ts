/** Test support for the records module: image-only PDFs (text rendered to a PNG, embedded with PDFKit), optionally behind a cover sheet. */
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { createCanvas } from "@napi-rs/canvas";
import type { Db } from "../../src/platform/db/index.js";
import { applicationSubmitter } from "../../src/modules/applications/commands/applicationSubmitter.js";
import { DEMO_MUNICIPALITY_AGS, getCaseForSubmission } from "../../src/modules/cases/index.js";
import { validAnswers } from "../fixtures/formAnswers.js";

/** Submits an anonymous building permit in the demo municipality; the case is opened in the same transaction. */
export async function submitBuildingPermit(db: Db): Promise<{ reference: string; caseId: string }> {
  const form = await db.selectFrom("form_definitions").select(["version"]).where("id", "=", "bauantrag").orderBy("version", "desc").executeTakeFirstOrThrow();
  const answers = { ...structuredClone(validAnswers.bauantrag!), gemeinde: DEMO_MUNICIPALITY_AGS };
  const res = await applicationSubmitter({ actor: { type: "anonymous", id: null }, db }, { formId: "bauantrag", formVersion: form.version, referencePrefix: "EK", answers, feeCents: 0, userId: null, channel: "web", statusSecret: "test-secret" });
  if (res.kind !== "created") throw new Error(`not created: ${res.kind}`);
  const c = await getCaseForSubmission(db, res.id);
  return { reference: res.reference, caseId: c!.id };
}

/** A PNG with the lines of text drawn as pixels (no text layer anywhere). */
export function textImage(lines: string[]): Buffer {
  const canvas = createCanvas(1240, 200 + lines.length * 90);
  const g = canvas.getContext("2d");
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = "#000000";
  g.font = "56px sans-serif";
  lines.forEach((l, i) => g.fillText(l, 60, 140 + i * 90));
  return canvas.toBuffer("image/png");
}

/** A PDF whose pages are images only: optionally the QR cover sheet first, then one page per text block. */
export async function imageOnlyPdf(pages: string[][], opts: { coverReference?: string } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 0 });
  const chunks: Buffer[] = [];
  doc.on("data", (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((r) => doc.on("end", () => r()));
  let first = true;
  if (opts.coverReference) {
    doc.image(await QRCode.toBuffer(`KREISPORTAL-AKTE:${opts.coverReference}`, { margin: 4, scale: 8 }), 56, 120, { width: 220 });
    first = false;
  }
  for (const lines of pages) {
    if (!first) doc.addPage();
    first = false;
    doc.image(textImage(lines), 20, 60, { width: 555 });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** A multi-page TIFF (as scanners write them): each PNG on a white 1240×1240 page (sharp/libvips), optionally the QR cover sheet first. */
export async function multiPageTiff(pages: Buffer[], opts: { coverReference?: string } = {}): Promise<Buffer> {
  const { default: sharp } = await import("sharp");
  const inputs = opts.coverReference ? [await QRCode.toBuffer(`KREISPORTAL-AKTE:${opts.coverReference}`, { margin: 4, scale: 8 }), ...pages] : pages;
  const sized = await Promise.all(inputs.map((p) => sharp(p).resize({ width: 1240, height: 1240, fit: "contain", position: "top", background: "#ffffff" }).flatten({ background: "#ffffff" }).png().toBuffer()));
  return sharp(sized, { join: { animated: true } }).tiff({ compression: "lzw" }).toBuffer();
}
