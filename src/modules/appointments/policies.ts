import type { SessionUser } from "../../platform/auth/session.js";
import { ForbiddenError } from "../../platform/auth/guards.js";
import type { LocationInfo } from "./queries.js";

/** Staff may manage a location's appointments when they belong to its org unit (or the unit above it); administrators always. */
export function canManage(user: SessionUser | undefined, location: Pick<LocationInfo, "orgUnitId" | "parentOrgUnitId">): boolean {
  if (!user) return false;
  if (user.isAdmin) return true;
  if (user.kind !== "staff") return false;
  return user.orgUnitIds.includes(location.orgUnitId) || (location.parentOrgUnitId !== null && user.orgUnitIds.includes(location.parentOrgUnitId));
}

/** Asserts canManage (403 otherwise). */
export function authorizeManage(user: SessionUser | undefined, location: LocationInfo | undefined): asserts location is LocationInfo {
  if (!location || !canManage(user, location)) throw new ForbiddenError("Kein Zugriff auf die Termine dieser Stelle");
}

/** Only administrators start offering appointments at a further org unit. */
export function canCreateLocation(user: SessionUser | undefined): boolean {
  return !!user?.isAdmin;
}
