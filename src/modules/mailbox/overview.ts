import type { Db } from "../../platform/db/index.js";
import { translator } from "../../platform/i18n/index.js";
import { listCasesOfApplicant } from "../cases/index.js";
import { caseInfo, type CaseInfo, type CitizenStatus } from "./caseLink.js";
import { findSubmissionRefById, listApplicantSubmissions, unreadCounts } from "./queries.js";

/** Status and applicant-visible timeline of a submission's case (for other pages that show it). */
export async function statusOfSubmission(db: Db, submissionId: string, locale: "de" | "en" = "de"): Promise<CaseInfo | undefined> {
  const sub = await findSubmissionRefById(db, submissionId);
  return sub ? caseInfo(db, sub, translator(locale)) : undefined;
}

/** For "Meine Anträge": per own submission its current status, unread messages and mailbox link (keyed by reference). */
export async function applicantOverview(db: Db, userId: string): Promise<Map<string, { status: CitizenStatus; unread: number; mailboxHref: string }>> {
  const subs = await listApplicantSubmissions(db, userId);
  const unread = await unreadCounts(
    db,
    subs.map((s) => s.id),
    "to_applicant",
  );
  // One query for all cases of the account (a submission without a case is "received").
  const cases = new Map((await listCasesOfApplicant(db, userId)).map((c) => [c.reference, c.status]));
  return new Map(subs.map((s) => [s.reference, { status: cases.get(s.reference) ?? "received", unread: unread.get(s.id) ?? 0, mailboxHref: `/postfach/${s.reference}` }]));
}

