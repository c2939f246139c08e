/**
 * ALTCHA proof of work (https://altcha.org, v1 "machine" format) with altcha-lib (ADR 0025): the server
 * hands out {algorithm, challenge, salt, signature, maxnumber}; the client finds `number` with
 * SHA-256(salt + number) = challenge and returns base64(JSON {algorithm, challenge, number, salt,
 * signature}). Here: SHA-256 only, an expiry in the salt is required and checked against `now`;
 * single use is enforced by the caller (a PostgreSQL counter).
 */
import { createHmac } from "node:crypto";
import { createChallenge as altchaChallenge, extractParams, solveChallenge as altchaSolve, verifySolution as altchaVerify } from "altcha-lib/v1";

export interface AltchaChallenge {
  algorithm: "SHA-256";
  challenge: string;
  salt: string;
  signature: string;
  maxnumber: number;
}

// A key of its own, derived from the session secret, so an ALTCHA signature is good for nothing else.
const hmacKey = (secret: string) => createHmac("sha256", secret).update("kreisportal/appointments/altcha/v1").digest("hex");

/** A fresh challenge valid for `ttlSeconds`. */
export async function createChallenge(secret: string, opts: { maxnumber?: number; ttlSeconds?: number; now?: number } = {}): Promise<AltchaChallenge> {
  const c = await altchaChallenge({
    algorithm: "SHA-256",
    hmacKey: hmacKey(secret),
    maxnumber: opts.maxnumber ?? 100_000,
    expires: new Date((opts.now ?? Date.now()) + (opts.ttlSeconds ?? 600) * 1000),
  });
  return { algorithm: "SHA-256", challenge: c.challenge, salt: c.salt, signature: c.signature, maxnumber: c.maxnumber ?? opts.maxnumber ?? 100_000 };
}

/** Brute-forces a challenge (tests, bench; browsers use public/appointments.js). */
export async function solveChallenge(c: AltchaChallenge): Promise<string> {
  const s = await altchaSolve(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  if (!s) throw new Error("unsolvable challenge");
  return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s.number, salt: c.salt, signature: c.signature })).toString("base64");
}

/** Checks a solution; returns the challenge (for the single-use check) or the reason it fails. */
export async function verifySolution(secret: string, payload: unknown, now = Date.now()): Promise<{ ok: true; challenge: string } | { ok: false; reason: "missing" | "malformed" | "expired" | "invalid" }> {
  if (typeof payload !== "string" || payload === "") return { ok: false, reason: "missing" };
  let p: { algorithm?: unknown; challenge?: unknown; number?: unknown; salt?: unknown; signature?: unknown };
  try {
    p = JSON.parse(payload.trim().startsWith("{") ? payload : Buffer.from(payload, "base64").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (p.algorithm !== "SHA-256" || typeof p.challenge !== "string" || typeof p.salt !== "string" || typeof p.signature !== "string" || typeof p.number !== "number") return { ok: false, reason: "malformed" };
  const solution = { algorithm: "SHA-256" as const, challenge: p.challenge, number: p.number, salt: p.salt, signature: p.signature };
  // The expiry is checked here (required, and against `now`), not by the library (optional, wall clock).
  const expires = Number(extractParams(solution).expires);
  if (!expires || expires * 1000 < now) return { ok: false, reason: "expired" };
  if (!(await altchaVerify(solution, hmacKey(secret), false))) return { ok: false, reason: "invalid" };
  return { ok: true, challenge: p.challenge };
}
