import type { SessionUser } from "../../platform/auth/session.js";
import { ForbiddenError } from "../../platform/auth/guards.js";

/**
 * Who may do what in e-learning:
 * - everybody: list public courses, book one as a guest, verify a certificate by its code;
 * - a guest: their own enrolment, only through its capability link (?code=, never guessable);
 * - a staff account: its own enrolments (by login), the staff courses;
 * - "Lernredaktion" (learning_editors) and administrators: publish course versions, assign mandatory
 *   trainings, see department reports, revoke certificates.
 */
export const canOpenEnrollment = (enrollment: { user_id: string | null }, user: Pick<SessionUser, "id"> | undefined, capabilityOk: boolean): boolean =>
  enrollment.user_id ? user?.id === enrollment.user_id : capabilityOk;

export const canEditCourses = (user: Pick<SessionUser, "kind" | "isAdmin"> | undefined, isEditor: boolean): boolean => !!user && user.kind === "staff" && (user.isAdmin || isEditor);

export function authorizeEditor(user: Pick<SessionUser, "kind" | "isAdmin"> | undefined, isEditor: boolean): void {
  if (!canEditCourses(user, isEditor)) throw new ForbiddenError("Nur für die Lernredaktion");
}
