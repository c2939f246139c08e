import type { SessionUser } from "../../platform/auth/session.js";
import { ForbiddenError } from "../../platform/auth/guards.js";

/**
 * Who may do what with the figures:
 * - everybody (no login): /zahlen, its CSV / JSON and the DCAT catalogue (aggregates only, small counts suppressed);
 * - staff: the report of a department they belong to (administrators: any department), paper counts, an incremental refresh;
 * - administrators: a full rebuild of the roll-up.
 */
export type FiguresUser = Pick<SessionUser, "kind" | "isAdmin" | "orgUnitIds">;

export const canSeeDepartmentReport = (user: FiguresUser | undefined, unitId: string): boolean => !!user && user.kind === "staff" && (user.isAdmin || user.orgUnitIds.includes(unitId));
export const canEnterPaperCounts = (user: FiguresUser | undefined): boolean => user?.kind === "staff";
export const canRebuild = (user: FiguresUser | undefined, full: boolean): boolean => user?.kind === "staff" && (!full || user.isAdmin);

export function authorizeDepartmentReport(user: FiguresUser | undefined, unitId: string): void {
  if (!canSeeDepartmentReport(user, unitId)) throw new ForbiddenError("Nur für Beschäftigte dieser Stelle");
}
export function authorizePaperCounts(user: FiguresUser | undefined): void {
  if (!canEnterPaperCounts(user)) throw new ForbiddenError("Nur für Beschäftigte");
}
export function authorizeRebuild(user: FiguresUser | undefined, full: boolean): void {
  if (!canRebuild(user, full)) throw new ForbiddenError(full ? "Nur für Administratorinnen und Administratoren" : "Nur für Beschäftigte");
}
