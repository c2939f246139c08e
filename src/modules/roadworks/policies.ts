import { ForbiddenError } from "../../platform/auth/guards.js";

/**
 * Who may do what with road works:
 * - everybody: the published (ordered) road works, the feeds and the search;
 * - a company account (added to the company by itself at registration or by staff): apply for its approved
 *   companies, see its companies' applications and orders; never another company's;
 * - road traffic authorities (staff of the county's traffic office `lra-<county>-ordnung` or of a municipality's
 *   administration `gem-<AGS>`; administrators): the staff pages. Other staff (a building-office clerk) get 403;
 * - the county's traffic office and administrators: approve companies and add their accounts;
 * - events for the conflict check: the municipality's administration and the county's traffic office;
 * - coordinate, record consents and issue orders only for the works whose authority unit they belong to
 *   (administrators: all); every step audited.
 * `unitKeys` are the keys of the account's org units (responsibility's orgUnitsByIds).
 * The order PDF is also reachable with the secret link token that was mailed.
 */
export interface RoadworksActor {
  id: string;
  kind: "citizen" | "staff";
  isAdmin?: boolean;
  orgUnitIds?: readonly string[];
}

/** Staff of the work's authority unit (or administrators) coordinate it. */
export function canCoordinateWork(user: RoadworksActor | undefined, work: { authority_unit: string | null }): boolean {
  if (!user || user.kind !== "staff") return false;
  if (user.isAdmin) return true;
  return work.authority_unit !== null && (user.orgUnitIds ?? []).includes(work.authority_unit);
}

export function authorizeCoordinateWork(user: RoadworksActor | undefined, work: { authority_unit: string | null }): void {
  if (!canCoordinateWork(user, work)) throw new ForbiddenError("Nur für die zuständige Straßenverkehrsbehörde");
}

/** The org unit key of the county's traffic office (the road traffic authority for county roads). */
export const countyTrafficUnitKey = (countyKey: string) => `lra-${countyKey}-ordnung`;

export function canCoordinate(user: RoadworksActor | undefined, unitKeys: readonly string[], countyKey: string): boolean {
  if (!user || user.kind !== "staff") return false;
  return !!user.isAdmin || unitKeys.some((k) => k === countyTrafficUnitKey(countyKey) || k.startsWith("gem-"));
}

export function authorizeCoordinate(user: RoadworksActor | undefined, unitKeys: readonly string[], countyKey: string): void {
  if (!canCoordinate(user, unitKeys, countyKey)) throw new ForbiddenError("Nur für die Straßenverkehrsbehörde");
}

export function canApproveCompanies(user: RoadworksActor | undefined, unitKeys: readonly string[], countyKey: string): boolean {
  if (!user || user.kind !== "staff") return false;
  return !!user.isAdmin || unitKeys.includes(countyTrafficUnitKey(countyKey));
}

export function authorizeApproveCompanies(user: RoadworksActor | undefined, unitKeys: readonly string[], countyKey: string): void {
  if (!canApproveCompanies(user, unitKeys, countyKey)) throw new ForbiddenError("Nur für die Straßenverkehrsbehörde des Kreises");
}

/** Events in a municipality: its administration, the county's traffic office, administrators. */
export function canKeepEvents(user: RoadworksActor | undefined, unitKeys: readonly string[], countyKey: string, ags: string): boolean {
  return canApproveCompanies(user, unitKeys, countyKey) || (user?.kind === "staff" && unitKeys.includes(`gem-${ags}`));
}

/** `memberOf`: ids of the companies the account belongs to. Staff: those who coordinate the work (its authority). */
export function canSeeApplication(user: RoadworksActor | undefined, work: { company_id: string | null; authority_unit: string | null }, memberOf: ReadonlySet<string>): boolean {
  if (!user) return false;
  if (user.kind === "staff") return canCoordinateWork(user, work);
  return work.company_id !== null && memberOf.has(work.company_id);
}

export function authorizeApplyFor(user: RoadworksActor | undefined, companyId: string, approvedMemberOf: ReadonlySet<string>): void {
  if (!user || user.kind !== "citizen" || !approvedMemberOf.has(companyId)) throw new ForbiddenError("Nur für Konten einer freigegebenen Baufirma");
}

/**
 * The municipality answers its consent itself: signed in, a staff member of the work's municipality's org unit
 * (gem-<AGS>) – not administrators, who are not the municipality. Police and bus operator have no accounts;
 * they answer through the mailed link (its token is their authorization).
 */
export function canAnswerForMunicipality(user: RoadworksActor | undefined, municipalityUnitId: string | undefined): boolean {
  return !!user && user.kind === "staff" && !!municipalityUnitId && (user.orgUnitIds ?? []).includes(municipalityUnitId);
}

export function authorizeAnswerForMunicipality(user: RoadworksActor | undefined, municipalityUnitId: string | undefined): void {
  if (!canAnswerForMunicipality(user, municipalityUnitId)) throw new ForbiddenError("Nur für die Gemeinde der Baustelle");
}

/** Which police station and bus operator are asked where: the county's traffic office (its org unit) and administrators. */
export function canEditPartyContacts(user: RoadworksActor | undefined, countyUnitId: string | undefined): boolean {
  if (!user || user.kind !== "staff") return false;
  return !!user.isAdmin || (!!countyUnitId && (user.orgUnitIds ?? []).includes(countyUnitId));
}

export function authorizeEditPartyContacts(user: RoadworksActor | undefined, countyUnitId: string | undefined): void {
  if (!canEditPartyContacts(user, countyUnitId)) throw new ForbiddenError("Nur für die Straßenverkehrsbehörde des Kreises");
}
