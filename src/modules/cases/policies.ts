/**
 * Who may do what to a case. Staff see the cases of their department (the owning org unit) and the cases
 * their department participates in; administrators manage accounts, not cases (least privilege: an
 * administrator who needs a case is made a member of the department, which is audited). Applicants read
 * their own case through the citizen side (mailbox module) with canApplicant.
 */
import { ForbiddenError } from "../../platform/auth/guards.js";

/** The signed-in user as the policies need it (SessionUser fits). */
export interface CaseUser {
  id: string;
  kind: "citizen" | "staff";
  isAdmin: boolean;
  orgUnitIds: readonly string[];
}

/** What the policies need to know about a case. */
export interface CaseFacts {
  owner_unit_id: string;
  assignee_id: string | null;
  applicant_user_id: string | null;
  /** Units with a participation step (any status). */
  participantUnitIds: readonly string[];
  pending_approval?: { proposedBy: string } | null;
}

export type CaseAction = "read" | "comment" | "transition" | "assign" | "claim" | "approve" | "statement";

const isStaff = (u: CaseUser | undefined): u is CaseUser => !!u && u.kind === "staff";
/** A member of the owning department. */
export const isOwnerMember = (u: CaseUser | undefined, c: CaseFacts) => isStaff(u) && u.orgUnitIds.includes(c.owner_unit_id);
/** A member of a participating department. */
export const isParticipantMember = (u: CaseUser | undefined, c: CaseFacts) => isStaff(u) && c.participantUnitIds.some((id) => u.orgUnitIds.includes(id));

/** The rules, built from each other: everything needs `read`; work on the case needs the owning department. */
export function can(user: CaseUser | undefined, action: CaseAction, c: CaseFacts | undefined): boolean {
  if (!c || !isStaff(user)) return false;
  const read = isOwnerMember(user, c) || isParticipantMember(user, c);
  switch (action) {
    case "read":
    case "comment":
      return read;
    case "statement":
      return read && isParticipantMember(user, c);
    case "transition":
    case "assign":
    case "claim":
      return read && isOwnerMember(user, c);
    case "approve":
      // Four-eyes: a second member of the owning department, never the proposer.
      return read && isOwnerMember(user, c) && !!c.pending_approval && c.pending_approval.proposedBy !== user.id;
  }
}

/** Asserts a permission (403 otherwise); the case is non-null afterwards. */
export function authorize<T extends CaseFacts>(user: CaseUser | undefined, action: CaseAction, c: T | undefined): asserts c is T {
  if (!can(user, action, c)) throw new ForbiddenError("Kein Zugriff auf diesen Vorgang");
}

/** The applicant's own case (citizen side). */
export const canApplicant = (userId: string | null | undefined, c: Pick<CaseFacts, "applicant_user_id"> | undefined) => !!c && !!userId && c.applicant_user_id === userId;

/** The abilities of a user on a case, for API responses and to decide which buttons a page shows. */
export function abilities(user: CaseUser | undefined, c: CaseFacts) {
  return {
    read: can(user, "read", c),
    comment: can(user, "comment", c),
    transition: can(user, "transition", c),
    assign: can(user, "assign", c),
    claim: can(user, "claim", c),
    approve: can(user, "approve", c),
    statement: can(user, "statement", c),
  };
}
