/** The certificate PDF (PDF/A-2b through the portal's PDF writer) with its verification code and QR code. */
import { renderPdf } from "../../platform/pdf/renderPdf.js";
import { translatorFor, type Locale } from "../../platform/i18n/index.js";
import { formatDateTime } from "../../platform/i18n/format.js";
import { pick, type CourseContent } from "./courses.js";
import { learningMessages } from "./messages.js";
import { germanDay, verifyPath } from "./presenters.js";

export interface CertificateData {
  code: string;
  holderName: string;
  birthDate: string | null;
  issuedAt: Date;
  validUntil: string | null;
  version: number;
  content: CourseContent;
}

export function certificatePdf(d: CertificateData, publicUrl: string, locale: Locale): Buffer {
  const t = translatorFor(learningMessages)(locale);
  const title = pick(d.content.title, locale);
  const url = `${publicUrl}${verifyPath(d.code)}`;
  return renderPdf(
    [
      { kind: "title", text: t("learning.pdf.title"), subtitle: title },
      { text: t("learning.pdf.confirms", { name: d.holderName }), gap: 12 },
      {
        kind: "fields",
        rows: [
          { label: t("learning.book.name"), value: d.holderName },
          ...(d.birthDate ? [{ label: t("learning.book.birthDate"), value: germanDay(d.birthDate) }] : []),
          { label: t("learning.verify.course"), value: `${title} (${t("learning.course.version")} ${d.version})` },
          { label: t("learning.verify.date"), value: formatDateTime(d.issuedAt, locale) },
          { label: t("learning.verify.validity"), value: d.validUntil ? germanDay(d.validUntil) : t("learning.verify.unlimited") },
          { label: t("learning.pdf.code"), value: d.code, code: true },
        ],
      },
      { kind: "heading", text: t("learning.pdf.verifyTitle") },
      { text: t("learning.pdf.verifyText") },
      { kind: "fields", rows: [{ label: t("learning.pdf.address"), value: url, code: true }] },
      { kind: "qr", data: url, alt: t("learning.pdf.qrAlt", { url }) },
    ],
    { title: `${t("learning.pdf.title")}: ${title}`, issuer: d.content.issuer, subject: d.code, createdAt: d.issuedAt, locale },
  );
}
