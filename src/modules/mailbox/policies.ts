import type { SessionUser } from "../../platform/auth/session.js";
import { ForbiddenError } from "../../platform/auth/guards.js";
import type { DocumentVisibility } from "./db.js";

/**
 * Who may do what with a case's mailbox and file:
 * - the applicant (the account that submitted): read the thread, answer, read the file's applicant documents;
 * - staff with access to the case (decided by the cases module's policy, passed in as `staffAccess`):
 *   read the thread, send messages and requests, read the whole file including internal documents.
 * Nobody else, not even other citizens who know the reference.
 */
export type MailboxAction = "read" | "answer" | "send" | "readFile";

export interface MailboxSubject {
  userId: string | null;
}

export function isApplicant(user: SessionUser | undefined, sub: MailboxSubject): boolean {
  return !!user && user.kind === "citizen" && !!sub.userId && sub.userId === user.id;
}

export function canMailbox(user: SessionUser | undefined, action: MailboxAction, sub: MailboxSubject | undefined, staffAccess: boolean): boolean {
  if (!user || !sub) return false;
  if (action === "answer") return isApplicant(user, sub);
  if (action === "send") return user.kind === "staff" && staffAccess;
  return isApplicant(user, sub) || (user.kind === "staff" && staffAccess);
}

/** Asserts canMailbox (403 otherwise); the subject is non-null afterwards. */
export function authorizeMailbox<T extends MailboxSubject>(user: SessionUser | undefined, action: MailboxAction, sub: T | undefined, staffAccess: boolean): asserts sub is T {
  if (!canMailbox(user, action, sub, staffAccess)) throw new ForbiddenError("Kein Zugriff auf dieses Postfach");
}

/** Applicants see only documents meant for them; staff with access see every document. */
export function canReadDocument(user: SessionUser | undefined, sub: MailboxSubject, visibility: DocumentVisibility, staffAccess: boolean): boolean {
  if (user?.kind === "staff") return staffAccess;
  return isApplicant(user, sub) && visibility === "applicant";
}
