/** QR code of a booking code for check-in: the code alone (no token, no personal data), so a USB scanner types exactly what the check-in field expects. */
import QRCode from "qrcode";

const OPTIONS = { errorCorrectionLevel: "M" as const, margin: 4 };

/** SVG as a data: URI for an <img> (the CSP allows data: images, not inline SVG styles). */
export async function qrSvgDataUri(code: string): Promise<string> {
  const svg = await QRCode.toString(code, { ...OPTIONS, type: "svg" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/** PNG for the confirmation mail (mail clients show PNG attachments inline; SVG often not). */
export async function qrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { ...OPTIONS, type: "png", scale: 8 });
}

/**
 * The booking code in what a scanner or a person typed: the code itself in any case, with spaces
 * or dashes, or a URL/text that ends in it. Undefined when there is no plausible code.
 */
export function extractBookingCode(input: string): string | undefined {
  const s = input.trim().toUpperCase().replace(/[\s-]+/g, "");
  if (/^[A-Z0-9]{8}$/.test(s)) return s;
  return /([A-HJ-NP-Z2-9]{8})$/.exec(s)?.[1];
}
