/**
 * ALTCHA-compatible proof of work (https://altcha.org, "machine" format): the server hands out
 * {algorithm, challenge, salt, signature, maxnumber}; the client finds `number` with
 * SHA-256(salt + number) = challenge and returns base64(JSON {algorithm, challenge, number, salt,
 * signature}). Verification checks the HMAC, the expiry in the salt and the hash; single use is
 * enforced by the caller (a PostgreSQL counter).
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

export interface AltchaChallenge {
  algorithm: "SHA-256";
  challenge: string;
  salt: string;
  signature: string;
  maxnumber: number;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const hmacKey = (secret: string) => createHmac("sha256", secret).update("kreisportal/appointments/altcha/v1").digest();
const sign = (secret: string, challenge: string) => createHmac("sha256", hmacKey(secret)).update(challenge).digest("hex");

/** A fresh challenge valid for `ttlSeconds`. */
export function createChallenge(secret: string, opts: { maxnumber?: number; ttlSeconds?: number; now?: number } = {}): AltchaChallenge {
  const maxnumber = opts.maxnumber ?? 100_000;
  const expires = Math.floor((opts.now ?? Date.now()) / 1000) + (opts.ttlSeconds ?? 600);
  const salt = `${randomBytes(12).toString("hex")}?expires=${expires}`;
  const number = randomInt(0, maxnumber + 1);
  const challenge = sha256(salt + number);
  return { algorithm: "SHA-256", challenge, salt, signature: sign(secret, challenge), maxnumber };
}

/** Brute-forces a challenge (tests, bench; browsers use public/appointments.js). */
export function solveChallenge(c: AltchaChallenge): string {
  for (let n = 0; n <= c.maxnumber; n++) {
    if (sha256(c.salt + n) === c.challenge) return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature })).toString("base64");
  }
  throw new Error("unsolvable challenge");
}

/** Checks a solution; returns the challenge (for the single-use check) or the reason it fails. */
export function verifySolution(secret: string, payload: unknown, now = Date.now()): { ok: true; challenge: string } | { ok: false; reason: "missing" | "malformed" | "expired" | "invalid" } {
  if (typeof payload !== "string" || payload === "") return { ok: false, reason: "missing" };
  let p: { algorithm?: unknown; challenge?: unknown; number?: unknown; salt?: unknown; signature?: unknown };
  try {
    p = JSON.parse(payload.trim().startsWith("{") ? payload : Buffer.from(payload, "base64").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (p.algorithm !== "SHA-256" || typeof p.challenge !== "string" || typeof p.salt !== "string" || typeof p.signature !== "string" || typeof p.number !== "number") return { ok: false, reason: "malformed" };
  const expires = Number(/[?&]expires=(\d+)/.exec(p.salt)?.[1]);
  if (!expires || expires * 1000 < now) return { ok: false, reason: "expired" };
  const expected = Buffer.from(sign(secret, p.challenge), "hex");
  const given = Buffer.from(p.signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  if (sha256(p.salt + p.number) !== p.challenge) return { ok: false, reason: "invalid" };
  return { ok: true, challenge: p.challenge };
}
