import { ForbiddenError } from "../../platform/auth/guards.js";
import type { SessionUser } from "../../platform/auth/session.js";

/**
 * Who may see transactions and import open items: administrators, and staff who are members of a
 * department listed in PAYMENT_STAFF_UNITS (default: Zentrale Dienste – where the Kasse sits – and the
 * Bußgeldstelle) of a county served by the portal.
 */
export function canManagePayments(user: SessionUser | undefined, unitKeys: string[], staffUnits: string[], countyKeys: string[]): boolean {
  if (!user) return false;
  if (user.isAdmin) return true;
  if (user.kind !== "staff") return false;
  return unitKeys.some((k) => countyKeys.some((c) => staffUnits.some((d) => k === `lra-${c}-${d}`)));
}

/** Asserts canManagePayments (403 otherwise). */
export function authorizePayments(user: SessionUser | undefined, unitKeys: string[], staffUnits: string[], countyKeys: string[]): asserts user is SessionUser {
  if (!canManagePayments(user, unitKeys, staffUnits, countyKeys)) throw new ForbiddenError("Nur für die Kasse und die Bußgeldstelle");
}

/** A fine is shown only to whoever knows its Kassenzeichen and, when it has one, the plate number. */
export function canViewOpenItem(item: { plate: string | null }, givenPlate: string): boolean {
  return item.plate === null || item.plate === givenPlate;
}
