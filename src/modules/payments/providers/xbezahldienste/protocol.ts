/**
 * Wire format spoken between the portal and a payment service, after the XBezahldienste data model
 * (paymentRequest / paymentInformation, status INITIAL | PAYED | CANCELED | FAILED). Field names follow
 * the published client models; `notifyUrl`, `cancelUrl`, `failureUrl` and the signed notification are
 * Kreisportal extensions (docs/adr/0013, docs/modules/payments.md).
 */

export const PAYMENT_STATUSES = ["INITIAL", "PAYED", "CANCELED", "FAILED"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const isPaymentStatus = (s: unknown): s is PaymentStatus => typeof s === "string" && (PAYMENT_STATUSES as readonly string[]).includes(s);

/** One position of a payment request, with the booking data the Kasse needs (Haushaltsstelle, Objektnummer …). */
export interface PaymentItem {
  id: string;
  reference: string;
  description: string;
  quantity: number;
  /** Amount of one unit in euro (decimal, two places), gross (fees carry no VAT). */
  singleNetAmount: number;
  taxRate: number;
  bookingData: Record<string, string>;
}

export interface PaymentRequest {
  /** Unique per attempt; the same requestId twice yields the same transaction. */
  requestId: string;
  requestTimestamp: string;
  currency: "EUR";
  /** Total in euro (decimal, two places); equals the sum of the items. */
  grosAmount: number;
  /** Verwendungszweck (at most 27 characters, printed on the bank statement). */
  purpose: string;
  description: string;
  /** Return after success (XBezahldienste: the only return URL; the status is then fetched). */
  redirectUrl: string;
  cancelUrl: string;
  failureUrl: string;
  /** Where the service POSTs the signed status notification. */
  notifyUrl: string;
  items: PaymentItem[];
}

export interface PaymentInformation {
  transactionId: string;
  transactionUrl: string;
  /** The pay page; only while INITIAL. */
  transactionRedirectUrl?: string;
  transactionReference?: string;
  transactionTimestamp?: string;
  paymentMethod?: string;
  status: PaymentStatus;
  statusDetail?: string;
}

export interface PaymentTransactionResponse {
  paymentInformation: PaymentInformation;
  paymentRequest: PaymentRequest;
}

/** Body of the server-to-server notification (signed, see signature.ts). */
export interface PaymentNotification {
  notificationId: string;
  requestId: string;
  transactionId: string;
  status: PaymentStatus;
  grosAmount: number;
  transactionTimestamp: string;
  paymentMethod?: string;
}

export const centsToEuro = (cents: number) => Math.round(cents) / 100;
export const euroToCents = (euro: number) => Math.round(euro * 100);
