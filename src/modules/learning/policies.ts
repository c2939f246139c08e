import type { SessionUser } from "../../platform/auth/session.js";
import { ForbiddenError } from "../../platform/auth/guards.js";
import { verifyCapability } from "../../platform/auth/capabilities.js";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../platform/db/index.js";
import { GUEST_CAPABILITY } from "./commands/enrollments.js";

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

/** What a caller brings to a command on an enrolment besides its actor: the guest's capability code (none for a staff enrolment). */
export interface EnrollmentAccess {
  code?: string;
  /** SESSION_SECRET, to check the code (platform/auth/capabilities). */
  secret: string;
}

/**
 * The same rule as `canOpenEnrollment`, for commands (checked again inside their transaction, not trusting the page):
 * a staff enrolment only for the account it belongs to (the command's actor), a guest enrolment only with the
 * capability code of *that* enrolment.
 */
export async function callerOwnsEnrollment(db: Kysely<Database> | Transaction<Database>, enrollment: { id: string; user_id: string | null }, actorId: string | null, access: EnrollmentAccess): Promise<boolean> {
  if (enrollment.user_id) return canOpenEnrollment(enrollment, actorId ? { id: actorId } : undefined, false);
  return canOpenEnrollment(enrollment, undefined, await verifyCapability(db, access.secret, GUEST_CAPABILITY, enrollment.id, access.code));
}

export const canEditCourses = (user: Pick<SessionUser, "kind" | "isAdmin"> | undefined, isEditor: boolean): boolean => !!user && user.kind === "staff" && (user.isAdmin || isEditor);

export function authorizeEditor(user: Pick<SessionUser, "kind" | "isAdmin"> | undefined, isEditor: boolean): void {
  if (!canEditCourses(user, isEditor)) throw new ForbiddenError("Nur für die Lernredaktion");
}
