/** Short views of submissions for other modules (mailbox: threads, case file, notifications). */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";

const REFERENCE = /^[A-Z]{2,4}-\d{4}-\d{6}$/;

/** A submission as threads and case files refer to it (reference, form title, applicant). */
export interface SubmissionRef {
  id: string;
  reference: string;
  formId: string;
  userId: string | null;
  submittedAt: Date;
  title: string;
  /** The e-mail answer of the form, if any (anonymous applicants are notified there). */
  answerEmail: string | null;
}

/** A submission by its reference (EK-2026-000123), or undefined. */
export async function findSubmissionRef(db: Db, reference: string): Promise<SubmissionRef | undefined> {
  if (!REFERENCE.test(reference)) return undefined;
  const row = await db
    .selectFrom("application_submissions as s")
    .innerJoin("form_definitions as f", (j) => j.onRef("f.id", "=", "s.form_id").onRef("f.version", "=", "s.form_version"))
    .select(["s.id", "s.reference", "s.form_id", "s.user_id", "s.submitted_at", "f.title", sql<string | null>`s.answers->>'email'`.as("answer_email")])
    .where("s.reference", "=", reference)
    .executeTakeFirst();
  return row ? toRef(row) : undefined;
}

/** The same by submission id. */
export async function findSubmissionRefById(db: Db, id: string): Promise<SubmissionRef | undefined> {
  const row = await db
    .selectFrom("application_submissions as s")
    .innerJoin("form_definitions as f", (j) => j.onRef("f.id", "=", "s.form_id").onRef("f.version", "=", "s.form_version"))
    .select(["s.id", "s.reference", "s.form_id", "s.user_id", "s.submitted_at", "f.title", sql<string | null>`s.answers->>'email'`.as("answer_email")])
    .where("s.id", "=", id)
    .executeTakeFirst();
  return row ? toRef(row) : undefined;
}

function toRef(r: { id: string; reference: string; form_id: string; user_id: string | null; submitted_at: Date; title: string; answer_email: string | null }): SubmissionRef {
  return { id: r.id, reference: r.reference, formId: r.form_id, userId: r.user_id, submittedAt: r.submitted_at, title: r.title, answerEmail: r.answer_email };
}

/** The applicant's submissions (for "Meine Anträge"), newest first. */
export async function listApplicantSubmissions(db: Db, userId: string) {
  return db.selectFrom("application_submissions").select(["id", "reference", "submitted_at"]).where("user_id", "=", userId).orderBy("submitted_at", "desc").execute();
}
