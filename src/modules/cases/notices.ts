/**
 * Notice (Bescheid) templates: text blocks rendered into a PDF/A with the platform's PDF writer (header with the authority).
 * A template gets the facts of the case; the decision text of the staff member goes in verbatim.
 */
import { formatEuro } from "../../platform/i18n/format.js";
import { renderPdf, type PdfLine } from "../../platform/pdf/renderPdf.js";

export interface NoticeFacts {
  reference: string;
  title: string;
  serviceTitle: string;
  authority: string;
  applicantName: string | null;
  /** The applicant's postal address from the answers, under the name. */
  applicantAddress?: string | null;
  /** What the notice is about, from the case's data (project, site, parcels, costs), each "label: value". */
  details?: Array<{ label: string; value: string }>;
  /** The fee fixed by an approving notice, with how it was calculated. */
  fee?: { cents: number; basis: string } | null;
  outcome: "approved" | "rejected";
  /** The staff member's text (reasons, conditions); may be empty for an approval. */
  text: string | null;
  /** Conditions from participation statements ("agree_with_conditions"). */
  conditions: Array<{ label: string; statement: string }>;
  /** Berlin calendar date of the notice. */
  date: string;
  decidedBy: string;
  approvedBy: string | null;
  /** A draft for the approver (four-eyes): marked as such, not yet approved or made known. */
  draft?: boolean;
}

const de = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

const TEMPLATES: Record<string, (f: NoticeFacts) => PdfLine[]> = {
  baugenehmigung: (f) => [
    { text: "Die beantragte Baugenehmigung wird erteilt.", bold: true, gap: 8 },
    { text: "Rechtsgrundlage: § 58 Landesbauordnung für Baden-Württemberg (LBO). Die Genehmigung erlischt, wenn nicht innerhalb von drei Jahren nach Erteilung mit der Ausführung begonnen wird (§ 62 LBO)." },
  ],
  ablehnung: () => [{ text: "Ihr Antrag wird abgelehnt.", bold: true, gap: 8 }],
  bewilligung: () => [{ text: "Ihrem Antrag wird entsprochen.", bold: true, gap: 8 }],
  hundesteuer: () => [
    { text: "Für den angemeldeten Hund wird Hundesteuer nach der Hundesteuersatzung Ihrer Gemeinde festgesetzt.", bold: true, gap: 8 },
    { text: "Die Höhe und die Fälligkeit entnehmen Sie bitte der Begründung." },
  ],
};

export const NOTICE_TEMPLATES = Object.keys(TEMPLATES);

/** Renders a notice as PDF. */
export function renderNotice(template: string, f: NoticeFacts): Buffer {
  const body = TEMPLATES[template] ?? TEMPLATES.bewilligung!;
  const lines: PdfLine[] = [
    ...(f.draft ? [{ text: "ENTWURF – noch nicht freigegeben und nicht bekannt gegeben", bold: true, gap: 4 }] : []),
    { text: f.authority, bold: true },
    { text: `Datum: ${de(f.date)}`, gap: 4 },
    { text: `Aktenzeichen: ${f.reference}` },
    ...(f.applicantName ? [{ text: `An: ${f.applicantName}`, gap: 8 }, ...(f.applicantAddress ? [{ text: f.applicantAddress }] : [])] : []),
    { text: f.title, bold: true, size: 16, gap: 16 },
    { text: `Ihr Antrag: ${f.serviceTitle}` },
    ...(f.details ?? []).map((d) => ({ text: `${d.label}: ${d.value}` })),
    ...body(f),
  ];
  if (f.text) lines.push({ text: f.outcome === "rejected" ? "Begründung" : "Hinweise und Begründung", bold: true, gap: 12 }, { text: f.text });
  if (f.conditions.length) {
    lines.push({ text: "Nebenbestimmungen aus den Stellungnahmen", bold: true, gap: 12 });
    for (const c of f.conditions) lines.push({ text: `${c.label}: ${c.statement}`, gap: 4 });
  }
  if (f.fee && f.outcome === "approved") {
    lines.push(
      { text: "Kostenentscheidung", bold: true, gap: 12 },
      { text: `Die Kosten des Verfahrens trägt die Antragstellerin oder der Antragsteller. Gebühr: ${formatEuro(f.fee.cents)} (${f.fee.basis}). Die Zahlungsaufforderung erhalten Sie gesondert.` },
    );
  }
  lines.push(
    { text: "Rechtsbehelfsbelehrung", bold: true, gap: 16 },
    { text: `Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden. Der Widerspruch ist schriftlich oder zur Niederschrift bei der Behörde einzulegen, die diesen Bescheid erlassen hat: ${f.authority}.` },
    { text: `Bearbeitet von: ${f.decidedBy}${f.approvedBy ? `; freigegeben von: ${f.approvedBy} (Vier-Augen-Prinzip)` : f.draft ? "; Freigabe im Vier-Augen-Prinzip steht aus" : ""}`, gap: 16, size: 9 },
    { text: "Dieser Bescheid wurde elektronisch erstellt und Ihnen über das Postfach des Kreisportals bereitgestellt.", size: 9 },
  );
  return renderPdf(lines, { title: `${f.draft ? "Entwurf: " : ""}${f.title} ${f.reference}`, issuer: f.authority, subject: f.serviceTitle });
}
