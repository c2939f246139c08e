import type { PaymentInformation, PaymentNotification, PaymentRequest, PaymentStatus } from "./xbezahldienste/protocol.js";

export type { PaymentInformation, PaymentNotification, PaymentRequest, PaymentStatus };

/** Raised when the provider cannot be reached or answers nonsense; pages show "try again later". */
export class PaymentProviderError extends Error {}

export type WebhookResult =
  | { ok: true; notification: PaymentNotification; bodyHash: string }
  | { ok: false; reason: "missing" | "stale" | "signature" | "malformed" };

/** A payment service the portal hands citizens to (STYLE §5: the only interface modules see). */
export interface PaymentProvider {
  /** Short, stable, lowercase id stored with every transaction. */
  readonly id: string;
  /** Demo providers (sandbox) are refused in production. */
  readonly demo: boolean;
  /** Creates (or, for a known requestId, finds) the transaction and returns where to send the citizen. */
  startPayment(request: PaymentRequest): Promise<PaymentInformation>;
  /** The provider's current view of a transaction (after the citizen returns, and for reconciliation). */
  handleReturn(transactionId: string): Promise<PaymentInformation>;
  /** Verifies and parses a server-to-server notification (raw body, request headers). */
  handleWebhook(headers: Record<string, string | string[] | undefined>, rawBody: string): WebhookResult;
  /** Reachability and configuration check for the admin health page. */
  checkConfig(): Promise<{ ok: boolean; message: string }>;
}
