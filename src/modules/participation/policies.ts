import type { SessionUser } from "../../platform/auth/session.js";
import { ForbiddenError } from "../../platform/auth/guards.js";

/**
 * Who may do what in participation procedures:
 * - everyone (also without an account) reads procedures, their documents, and submits statements
 *   while a phase is open (the period itself is checked by the command and the database);
 * - staff who are members of the procedure's org unit (the municipality's authority) manage it: add
 *   documents, read its statements, record the weighing, export; administrators always;
 * - staff create procedures only for municipalities whose org unit they belong to.
 * Citizens never read other people's statements; a signed-in person sees the list of their own (number, procedure,
 * date, and the weighing's result once published) under /konto/stellungnahmen, by their account.
 */
export function canManageProcedure(user: SessionUser | undefined, procedure: { orgUnitId: string } | undefined): boolean {
  if (!user || !procedure) return false;
  if (user.isAdmin) return true;
  return user.kind === "staff" && user.orgUnitIds.includes(procedure.orgUnitId);
}

/** Asserts canManageProcedure (403 otherwise). */
export function authorizeManage<T extends { orgUnitId: string }>(user: SessionUser | undefined, procedure: T | undefined): asserts procedure is T {
  if (!canManageProcedure(user, procedure)) throw new ForbiddenError("Kein Zugriff auf dieses Beteiligungsverfahren");
}

/** Staff may create a procedure for a municipality whose org unit they belong to; administrators for any. */
export function canCreateFor(user: SessionUser | undefined, orgUnitId: string): boolean {
  return canManageProcedure(user, { orgUnitId });
}

/**
 * The county's master list of agencies (ADR 0064) is kept by administrators and by staff of a municipal or the
 * county authority (the people who run procedures); `unitKinds` are the kinds of the user's org units.
 */
export function canKeepAgencyList(user: SessionUser | undefined, unitKinds: readonly string[]): boolean {
  if (!user) return false;
  if (user.isAdmin) return true;
  return user.kind === "staff" && unitKinds.some((k) => k === "municipal_authority" || k === "county_authority");
}
