import type { SessionUser } from "../../platform/auth/session.js";
import { ForbiddenError } from "../../platform/auth/guards.js";

/**
 * Who may do what with interop data:
 * - the XBau messages of a case: staff who may read the case (cases policy "read", checked per case);
 * - the county-wide delivery log and retrying a failed delivery: administrators (it names every office's
 *   submissions and destinations).
 */
export function canManageDeliveries(user: Pick<SessionUser, "kind" | "isAdmin"> | undefined): boolean {
  return user?.kind === "staff" && user.isAdmin;
}

export function authorizeDeliveries(user: SessionUser | undefined): void {
  if (!canManageDeliveries(user)) throw new ForbiddenError("Nur für die Administration");
}
