import type { Answers } from "./answers.js";
import type { CalculationResult } from "./calculations.js";
import type { FormDefinition } from "./definition.js";
import { summaryRows } from "./pages/views.js";
import { attachmentPdfLines } from "./pages/fileField.js";
import { renderTextPdf, type PdfLine } from "./pdf.js";

const euro = (cents: number) => `${(cents / 100).toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

/** The receipt as PDF: reference, time, every answer page by page, calculation, fee and the answers' SHA-256. */
export function receiptPdf(def: FormDefinition, sub: { reference: string; submitted_at: Date; answers: Answers; answers_hash: string; fee_cents: number }, calc: CalculationResult | undefined, countyName: string, paymentText?: string): Buffer {
  const lines: PdfLine[] = [
    { text: countyName, size: 9 },
    { text: "Eingangsbestätigung", size: 18, bold: true, gap: 8 },
    { text: def.title, size: 12 },
    { text: `Aktenzeichen: ${sub.reference}`, size: 12, bold: true, gap: 10 },
    { text: `Eingegangen am ${sub.submitted_at.toLocaleString("de-DE", { timeZone: "Europe/Berlin", dateStyle: "long", timeStyle: "short" })} Uhr` },
  ];
  if (sub.fee_cents > 0) lines.push({ text: `${(def.fee.kind !== "none" && def.fee.label) || "Gebühr"}: ${euro(sub.fee_cents)}` });
  if (paymentText) lines.push({ text: paymentText });
  for (const page of def.pages) {
    const rows = summaryRows(def, page.items, sub.answers);
    if (!rows.length) continue;
    lines.push({ text: page.title, size: 12, bold: true, gap: 12 });
    for (const r of rows) lines.push({ text: `${r.label}: ${r.value}` });
  }
  lines.push(...attachmentPdfLines(def, sub.answers));
  if (calc) {
    lines.push({ text: calc.title, size: 12, bold: true, gap: 12 });
    for (const l of calc.lines) lines.push({ text: `${l.label}: ${euro(l.cents)}` });
    lines.push({ text: `${calc.totalLabel}: ${euro(calc.totalCents)}`, bold: true });
    if (calc.due) {
      lines.push({ text: calc.due.title, bold: true, gap: 6 });
      for (const l of calc.due.lines) lines.push({ text: `${l.label}: ${euro(l.cents)}` });
    }
    if (calc.note) lines.push({ text: calc.note, size: 8 });
  }
  lines.push({ text: "Prüfsumme der Angaben (SHA-256):", size: 8, gap: 16 }, { text: sub.answers_hash, size: 8 });
  return renderTextPdf(lines, { title: `Eingangsbestätigung ${sub.reference}` });
}
