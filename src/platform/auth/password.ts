import argon2 from "argon2";
import { lazyAsync } from "../lazy.js";

// OWASP recommendation for argon2id: 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, OPTIONS);

/** A fixed hash to verify against when there is none (computed once per process). */
const dummyHash = lazyAsync(() => argon2.hash("dummy-password-for-timing", OPTIONS));

/**
 * Verifies a password. With no stored hash (unknown e-mail, OIDC-only account) a dummy hash is
 * verified instead, so the response time does not reveal whether the account exists.
 */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    await argon2.verify(await dummyHash(), password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** German password rule: at least 12 characters, not the e-mail address. Returns a message key. */
export function passwordProblem(password: string, email: string): string | undefined {
  if (password.length < 12) return "accounts.password.tooShort";
  if (password.length > 200) return "accounts.password.tooLong";
  if (password.toLowerCase() === email.toLowerCase()) return "accounts.password.isEmail";
  return undefined;
}
