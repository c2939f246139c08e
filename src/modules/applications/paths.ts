/** Citizen-facing URLs of a submission; `code` is its secret status code (whoever holds it may follow the case). */

/** Printable HTML receipt; the API's receiptUrl points at the PDF (receiptPdfPath). */
export const receiptPath = (reference: string, code: string) => `/antraege/quittung/${reference}?code=${encodeURIComponent(code)}`;
export const receiptPdfPath = (reference: string, code: string) => `/antraege/quittung/${reference}/pdf?code=${encodeURIComponent(code)}`;
export const statusPath = (reference: string, code: string) => `/antraege/status/${reference}?code=${encodeURIComponent(code)}`;
/** The confirmation page; while a "pay before" fee is open it is the page to pay it. */
export const confirmationPath = (reference: string, code: string) => `/antraege/eingang/${reference}?code=${encodeURIComponent(code)}`;
