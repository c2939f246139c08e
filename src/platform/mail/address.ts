/**
 * The one rule for e-mail addresses the portal accepts (forms, bookings, registration, form fields, the mail
 * queue): a dot-atom local part (RFC 5322 atext, no quoted strings or comments) and a domain of at least two
 * labels – letters (also umlauts), digits and inner hyphens, a top-level label with a letter. Stricter than
 * RFC 5321 on purpose: what passes can be sent by any SMTP server without quoting, and text such as
 * `erika@example.org)))'".(.,(` never becomes a recipient.
 */
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
const TOP = "\\p{L}(?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
const ADDRESS = new RegExp(`^(${ATEXT}(?:\\.${ATEXT})*)@((?:${LABEL}\\.)+${TOP})$`, "u");

/** True when `value` is an address we accept (see above): at most 254 characters, local part at most 64. */
export function isEmailAddress(value: string): boolean {
  if (value.length > 254) return false;
  const m = ADDRESS.exec(value);
  return !!m && m[1]!.length <= 64;
}

/** The form we store and compare addresses in: trimmed, lower case (mailbox names are case-insensitive in practice). */
export function normalizeEmailAddress(value: string): string {
  return value.trim().toLowerCase();
}
