/**
 * The XBezahldienste HTTP client: POST /paymenttransaction/{originatorId}/{endPointId} creates a
 * transaction, GET …/{transactionId} reads its status. Authenticated with the shared secret as bearer
 * token; notifications are verified with the same secret (signature.ts).
 */
import { createHash } from "node:crypto";
import { verifySignature } from "../../signature.js";
import { PaymentProviderError, type PaymentProvider, type WebhookResult } from "../types.js";
import { isPaymentStatus, type PaymentInformation, type PaymentNotification, type PaymentRequest, type PaymentTransactionResponse } from "./protocol.js";

export interface XBezahldiensteOptions {
  /** Base URL of the payment service (PAYMENT_URL). */
  url: string;
  /** Shared secret: bearer token for requests and HMAC key of notifications (PAYMENT_SECRET). */
  secret: string;
  originatorId: string;
  endpointId: string;
  timeoutMs?: number;
}

function parseInformation(body: unknown): PaymentInformation {
  const info = (body as Partial<PaymentTransactionResponse> | undefined)?.paymentInformation;
  if (!info || typeof info.transactionId !== "string" || !isPaymentStatus(info.status)) throw new PaymentProviderError("Antwort des Bezahldienstes unvollständig");
  return info;
}

function parseNotification(body: unknown): PaymentNotification | undefined {
  const n = body as Partial<PaymentNotification> | null;
  if (!n || typeof n !== "object") return undefined;
  if (typeof n.notificationId !== "string" || !/^[\w-]{8,64}$/.test(n.notificationId)) return undefined;
  if (typeof n.transactionId !== "string" || typeof n.requestId !== "string" || !isPaymentStatus(n.status)) return undefined;
  if (typeof n.grosAmount !== "number" || typeof n.transactionTimestamp !== "string") return undefined;
  return n as PaymentNotification;
}

/** Creates an XBezahldienste provider for the given service. */
export function xbezahldiensteProvider(opts: XBezahldiensteOptions, meta: { id: string; demo: boolean } = { id: "xbezahldienste", demo: false }): PaymentProvider {
  const base = `${opts.url.replace(/\/$/, "")}/paymenttransaction/${encodeURIComponent(opts.originatorId)}/${encodeURIComponent(opts.endpointId)}`;
  const call = async (method: "GET" | "POST", url: string, body?: unknown): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${opts.secret}`, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new PaymentProviderError(`Bezahldienst nicht erreichbar: ${(err as Error).message}`);
    }
    if (!res.ok) throw new PaymentProviderError(`Bezahldienst antwortet ${res.status}`);
    return res.json();
  };
  return {
    id: meta.id,
    demo: meta.demo,
    async startPayment(request: PaymentRequest) {
      return parseInformation(await call("POST", base, request));
    },
    async handleReturn(transactionId: string) {
      return parseInformation(await call("GET", `${base}/${encodeURIComponent(transactionId)}`));
    },
    handleWebhook(headers, rawBody): WebhookResult {
      const v = verifySignature(opts.secret, headers, rawBody);
      if (!v.ok) return v;
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        return { ok: false, reason: "malformed" };
      }
      const notification = parseNotification(parsed);
      if (!notification) return { ok: false, reason: "malformed" };
      return { ok: true, notification, bodyHash: createHash("sha256").update(rawBody).digest("hex") };
    },
    async checkConfig() {
      try {
        const res = await fetch(`${opts.url.replace(/\/$/, "")}/health`, { signal: AbortSignal.timeout(5_000) });
        return { ok: res.ok, message: res.ok ? `Bezahldienst erreichbar (${opts.url})` : `Bezahldienst antwortet ${res.status}` };
      } catch (err) {
        return { ok: false, message: `Bezahldienst nicht erreichbar: ${(err as Error).message}` };
      }
    },
  };
}
