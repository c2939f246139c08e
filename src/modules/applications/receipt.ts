import type { Answers } from "./answers.js";
import type { CalculationResult } from "./calculations.js";
import type { FormDefinition } from "./definition.js";
import { summaryGroups } from "./pages/views.js";
import { attachmentPdfRows } from "./pages/fileField.js";
import { renderPdf, type PdfBlock } from "../../platform/pdf/renderPdf.js";
import { berlinDate, berlinTime } from "../../platform/time/berlin.js";

const euro = (cents: number) => `${(cents / 100).toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

/**
 * The receipt (Eingangsbestätigung) as PDF/A: reference, time of receipt, fee and payment, every answer page by
 * page as label/answer table (each instance of a repeating group numbered), the files with their SHA-256,
 * the calculation and the SHA-256 of the answers. German only.
 */
export function receiptPdf(def: FormDefinition, sub: { reference: string; submitted_at: Date; answers: Answers; answers_hash: string; fee_cents: number }, calc: CalculationResult | undefined, countyName: string, paymentText?: string): Buffer {
  const received = `${berlinDate(sub.submitted_at).split("-").reverse().join(".")} um ${berlinTime(sub.submitted_at)} Uhr`;
  const blocks: PdfBlock[] = [
    { kind: "title", text: "Eingangsbestätigung", subtitle: def.title },
    {
      kind: "fields",
      rows: [
        { label: "Aktenzeichen", value: sub.reference },
        { label: "Eingegangen am", value: received },
        ...(sub.fee_cents > 0 ? [{ label: (def.fee.kind !== "none" && def.fee.label) || "Gebühr", value: euro(sub.fee_cents) }] : []),
        ...(paymentText ? [{ label: "Zahlung", value: paymentText }] : []),
      ],
    },
    { text: "Ihr Antrag ist eingegangen. Bitte geben Sie bei Rückfragen das Aktenzeichen an.", gap: 10 },
  ];
  for (const page of def.pages) {
    const groups = summaryGroups(def, page.items, sub.answers);
    if (!groups.length) continue;
    blocks.push({ kind: "heading", text: page.title });
    for (const g of groups) {
      if (g.title) blocks.push({ kind: "heading", text: g.title, level: 3 });
      blocks.push({ kind: "fields", rows: g.rows });
    }
  }
  const files = attachmentPdfRows(def, sub.answers);
  if (files.length) blocks.push({ kind: "heading", text: "Anlagen" }, { kind: "fields", rows: files });
  if (calc) {
    blocks.push({ kind: "heading", text: calc.title }, { kind: "fields", rows: [...calc.lines.map((l) => ({ label: l.label, value: euro(l.cents) })), { label: calc.totalLabel, value: euro(calc.totalCents) }] });
    if (calc.due) blocks.push({ kind: "heading", text: calc.due.title, level: 3 }, { kind: "fields", rows: calc.due.lines.map((l) => ({ label: l.label, value: euro(l.cents) })) });
    if (calc.note) blocks.push({ text: calc.note, size: 8, gap: 4 });
  }
  blocks.push(
    { kind: "heading", text: "Prüfsumme" },
    { kind: "fields", rows: [{ label: "SHA-256 der Angaben", value: sub.answers_hash, code: true }] },
    { text: "Die Prüfsumme belegt, welche Angaben eingegangen sind: Sie ändert sich, wenn sich eine Angabe ändert.", size: 8, gap: 4 },
  );
  return renderPdf(blocks, { title: `Eingangsbestätigung ${sub.reference}`, issuer: countyName, subject: def.title });
}
