/**
 * Signature of server-to-server notifications: HMAC-SHA256 with the shared secret over
 * "<unix seconds>.<raw body>", sent as `X-Payment-Timestamp` and `X-Payment-Signature: v1=<hex>`.
 * The timestamp bounds how long a captured notification can be replayed; the notification id
 * (stored once) makes a replay inside that window change nothing.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const TIMESTAMP_HEADER = "x-payment-timestamp";
export const SIGNATURE_HEADER = "x-payment-signature";
/** How far the sender's clock may be off, and how long a notification stays acceptable. */
export const TOLERANCE_SECONDS = 300;

export function signBody(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** Headers for a signed request with this body. */
export function signedHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  const ts = Math.floor(now / 1000);
  return { [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signBody(secret, ts, body) };
}

export type VerifyResult = { ok: true } | { ok: false; reason: "missing" | "stale" | "signature" };

/** Checks signature and freshness; constant-time comparison. */
export function verifySignature(secret: string, headers: Record<string, string | string[] | undefined>, body: string, now = Date.now()): VerifyResult {
  const tsRaw = headers[TIMESTAMP_HEADER];
  const sigRaw = headers[SIGNATURE_HEADER];
  if (typeof tsRaw !== "string" || typeof sigRaw !== "string" || !/^\d{1,12}$/.test(tsRaw)) return { ok: false, reason: "missing" };
  const expected = Buffer.from(signBody(secret, Number(tsRaw), body));
  const given = Buffer.from(sigRaw);
  // Signature first: an attacker must not learn whether only the time was wrong.
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "signature" };
  if (Math.abs(Math.floor(now / 1000) - Number(tsRaw)) > TOLERANCE_SECONDS) return { ok: false, reason: "stale" };
  return { ok: true };
}
