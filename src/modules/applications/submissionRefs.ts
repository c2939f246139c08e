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

/** A submission with its answers, form definition and the form's JSON Schema, for exchange formats (XBau, FIT-Connect). */
export interface SubmissionForExchange {
  id: string;
  reference: string;
  formId: string;
  formVersion: number;
  title: string;
  leikaKeys: string[];
  answers: Record<string, unknown>;
  jsonSchema: Record<string, unknown>;
  submittedAt: Date;
}

export async function submissionForExchange(db: Db, id: string): Promise<SubmissionForExchange | undefined> {
  const r = await db
    .selectFrom("application_submissions as s")
    .innerJoin("form_definitions as f", (j) => j.onRef("f.id", "=", "s.form_id").onRef("f.version", "=", "s.form_version"))
    .select(["s.id", "s.reference", "s.form_id", "s.form_version", "s.answers", "s.submitted_at", "f.title", "f.definition", "f.json_schema"])
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!r) return undefined;
  const leika = (r.definition as { leikaKeys?: unknown }).leikaKeys;
  return { id: r.id, reference: r.reference, formId: r.form_id, formVersion: r.form_version, title: r.title, leikaKeys: Array.isArray(leika) ? leika.map(String) : [], answers: r.answers as Record<string, unknown>, jsonSchema: r.json_schema as Record<string, unknown>, submittedAt: r.submitted_at };
}
