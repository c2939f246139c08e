import type { SessionUser } from "../../platform/auth/session.js";

/**
 * Personal API tokens are for citizen accounts (people and businesses acting for themselves).
 * Staff accounts work in the back office with their session; a token must not carry staff rights.
 */
export function canUseApiTokens(user: Pick<SessionUser, "kind"> | undefined): boolean {
  return user?.kind === "citizen";
}
