import type { SessionUser } from "../../platform/auth/session.js";
import { ForbiddenError } from "../../platform/auth/guards.js";

/**
 * Who may do what in the care-place exchange:
 * - everybody (no login): search providers and see their free places;
 * - county staff (any staff account, the Pflegestützpunkt): create and edit providers, add and remove
 *   provider accounts, report places for any provider, see the overview;
 * - provider staff (an account the county added to the provider): report the free places of that
 *   provider only. An account of another provider gets 403, whatever id it sends;
 * - care counsellors (staff with the role `care_counsellor`, Pflegestützpunkt): send requests on behalf of
 *   families and record counselling; each sees only the requests and notes they made (others: 404).
 */
export interface CareActorView {
  id: string;
  kind: "citizen" | "staff";
}

export function canManageProviders(user: CareActorView | undefined): boolean {
  return user?.kind === "staff";
}

/** `memberOf` is the set of provider ids the account was added to (queries.providerIdsOfMember). */
export function canReportPlaces(user: CareActorView | undefined, providerId: string, memberOf: ReadonlySet<string>): boolean {
  if (!user) return false;
  if (user.kind === "staff") return true;
  return memberOf.has(providerId);
}

export function authorizeManage(user: SessionUser | undefined): void {
  if (!canManageProviders(user)) throw new ForbiddenError("Nur für den Pflegestützpunkt des Kreises");
}

export function authorizeReport(user: CareActorView | undefined, providerId: string, memberOf: ReadonlySet<string>): void {
  if (!canReportPlaces(user, providerId, memberOf)) throw new ForbiddenError("Nur für die Konten dieses Anbieters");
}

/** The role of the care support point's counsellors (accounts' role list). */
export const COUNSELLOR_ROLE = "care_counsellor";

/** `roles` are the account's role names (accounts' rolesOfUser). Only staff accounts hold the role. */
export function canCounsel(user: CareActorView | undefined, roles: readonly string[]): boolean {
  return user?.kind === "staff" && roles.includes(COUNSELLOR_ROLE);
}

export function authorizeCounsel(user: CareActorView | undefined, roles: readonly string[]): void {
  if (!canCounsel(user, roles)) throw new ForbiddenError("Nur für die Pflegeberatung des Pflegestützpunkts");
}
