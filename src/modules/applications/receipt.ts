import { submissionCalculation, type Answers, type FormDefinition } from "../forms/index.js";
import { attachmentPdfRows, feeLabel, summaryGroups } from "./presenters.js";
import { renderPdf, type PdfBlock } from "../../platform/pdf/renderPdf.js";
import type { Locale } from "../../platform/i18n/index.js";
import { translator } from "./i18n.js";
import { berlinTime } from "../../platform/time/berlin.js";
import { formatDay, formatEuro } from "../../platform/i18n/format.js";


/**
 * The receipt (Eingangsbestätigung) as PDF/A: reference, time of receipt, fee and payment, every answer page by
 * page as label/answer table (each instance of a repeating group numbered), the files with their SHA-256,
 * the calculation and the SHA-256 of the answers. Its own texts in the reader's language (messages.ts); the
 * form's questions and answers as the form has them (German). The calculation is dated by the submission
 * (submitted_at), never by the day the PDF is rendered: every copy of a receipt says the same. `office` is the
 * office that received the application (receivingOfficeName): the header of every page and "Eingegangen bei".
 */
export function receiptPdf(def: FormDefinition, sub: { reference: string; submitted_at: Date; answers: Answers; answers_hash: string; fee_cents: number }, office: string, paymentText?: string, locale: Locale = "de"): Buffer {
  const t = translator(locale);
  const calc = submissionCalculation(def, sub);
  const received = t("applications.pdf.receivedAt", { date: formatDay(sub.submitted_at), time: berlinTime(sub.submitted_at) });
  const blocks: PdfBlock[] = [
    { kind: "title", text: t("applications.receipt.preline"), subtitle: def.title },
    {
      kind: "fields",
      rows: [
        { label: t("applications.receipt.reference"), value: sub.reference },
        { label: t("applications.receipt.receivedAt"), value: received },
        { label: t("applications.receipt.receivedBy"), value: office },
        ...(sub.fee_cents > 0 ? [{ label: feeLabel(def, t), value: formatEuro(sub.fee_cents) }] : []),
        ...(paymentText ? [{ label: t("applications.payment.status"), value: paymentText }] : []),
      ],
    },
    { text: t("applications.pdf.intro"), gap: 10 },
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
  if (files.length) blocks.push({ kind: "heading", text: t("applications.pdf.attachments") }, { kind: "fields", rows: files });
  if (calc) {
    blocks.push({ kind: "heading", text: calc.title }, { kind: "fields", rows: [...calc.lines.map((l) => ({ label: l.label, value: formatEuro(l.cents) })), { label: calc.totalLabel, value: formatEuro(calc.totalCents) }] });
    if (calc.due) blocks.push({ kind: "heading", text: calc.due.title, level: 3 }, { kind: "fields", rows: calc.due.lines.map((l) => ({ label: l.label, value: formatEuro(l.cents) })) });
    if (calc.note) blocks.push({ text: calc.note, size: 8, gap: 4 });
  }
  blocks.push(
    { kind: "heading", text: t("applications.pdf.checksum") },
    { kind: "fields", rows: [{ label: t("applications.pdf.checksumLabel"), value: sub.answers_hash, code: true }] },
    { text: t("applications.pdf.checksumText"), size: 8, gap: 4 },
  );
  return renderPdf(blocks, { title: t("applications.receipt.title", { reference: sub.reference }), issuer: office, subject: def.title, locale });
}
