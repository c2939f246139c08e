/**
 * Who may do what with records. Records follow their case (the cases module's policy, through its index):
 * - read a file, its documents and versions, search it: `read` on the case (owning or participating department);
 * - add documents, close the file (zdA), approve its disposal: `write` (a member of the owning department);
 * - the clearing list and the disposal list: staff only, each entry acted on under the rules above.
 * - a document raised above its file's confidentiality level (its own level, migration 0094): `write` only — the
 *   participating departments read the file at the file's level and lose the raised document (page, download, search,
 *   API, export); the owning department keeps it.
 * Administrators manage accounts, not records (as for cases). Citizens never see records here.
 */
import { ForbiddenError } from "../../platform/auth/guards.js";
import type { Db } from "../../platform/db/index.js";
import { staffCaseAccess, type CaseUser } from "../cases/index.js";

export type RecordsUser = CaseUser;

/** What a user may do with the file of a case. */
export async function recordAccess(db: Db, user: RecordsUser | undefined, caseId: string | undefined): Promise<{ read: boolean; write: boolean }> {
  if (!user || user.kind !== "staff" || !caseId) return { read: false, write: false };
  return staffCaseAccess(db, user, caseId);
}

/** Asserts read (or write) access to the file of a case (403 otherwise). */
export async function authorizeRecord(db: Db, user: RecordsUser | undefined, caseId: string | undefined, need: "read" | "write"): Promise<void> {
  const access = await recordAccess(db, user, caseId);
  if (!access[need]) throw new ForbiddenError("Kein Zugriff auf diese Akte");
}

/** Staff pages of the records module (lists filter per object afterwards). */
export const isStaff = (user: RecordsUser | undefined): user is RecordsUser => !!user && user.kind === "staff";

/** Whether a document with its own (raised) confidentiality level is readable under the access to its file. */
export const mayReadDocument = (access: { read: boolean; write: boolean }, doc: { confidentiality: string | null }): boolean => access.read && (doc.confidentiality === null || access.write);
