import { ForbiddenError } from "../../platform/auth/guards.js";

/**
 * Who may do what in the care-place exchange:
 * - everybody (no login): search providers and see their free places;
 * - the county's care support point (staff holding the role `care_counsellor`) and administrators: create and
 *   edit providers, add and remove provider accounts, invite, report places for any provider, see the overview.
 *   Other staff accounts (a building-office clerk) get 403: they have no business with care providers' data;
 * - provider staff (an account the county added to the provider): report the free places of that
 *   provider only. An account of another provider gets 403, whatever id it sends;
 * - care counsellors (the same role): send requests on behalf of families and record counselling; each sees
 *   only the requests and notes they made (others: 404).
 * `roles` are the account's role names (the session's `roles`, or queries.roleNamesOf for API principals).
 */
export interface CareActorView {
  id: string;
  kind: "citizen" | "staff";
}

export function canManageProviders(user: CareActorView | undefined, roles: readonly string[]): boolean {
  return user?.kind === "staff" && (roles.includes("admin") || roles.includes(COUNSELLOR_ROLE));
}

/** `memberOf` is the set of provider ids the account was added to (queries.providerIdsOfMember). */
export function canReportPlaces(user: CareActorView | undefined, providerId: string, memberOf: ReadonlySet<string>, roles: readonly string[]): boolean {
  if (!user) return false;
  if (user.kind === "staff") return canManageProviders(user, roles);
  return memberOf.has(providerId);
}

export function authorizeManage(user: CareActorView | undefined, roles: readonly string[]): void {
  if (!canManageProviders(user, roles)) throw new ForbiddenError("Nur für den Pflegestützpunkt des Kreises");
}

export function authorizeReport(user: CareActorView | undefined, providerId: string, memberOf: ReadonlySet<string>, roles: readonly string[]): void {
  if (!canReportPlaces(user, providerId, memberOf, roles)) throw new ForbiddenError("Nur für die Konten dieses Anbieters");
}

/** The role of the care support point's counsellors (accounts' role list). */
export const COUNSELLOR_ROLE = "care_counsellor";

/** `roles` are the account's role names (see above). Only staff accounts hold the role. */
export function canCounsel(user: CareActorView | undefined, roles: readonly string[]): boolean {
  return user?.kind === "staff" && roles.includes(COUNSELLOR_ROLE);
}

export function authorizeCounsel(user: CareActorView | undefined, roles: readonly string[]): void {
  if (!canCounsel(user, roles)) throw new ForbiddenError("Nur für die Pflegeberatung des Pflegestützpunkts");
}
