import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { pick, type CourseContent, type Quiz } from "../courses.js";
import { certificatePdf } from "../certificate.js";
import { learningMessages } from "../messages.js";
import { learningMailReportMessages } from "../messagesMailReport.js";
import { verifyPath } from "../presenters.js";
import { callerOwnsEnrollment, type EnrollmentAccess } from "../policies.js";
import { isExpired, scoreQuiz, type Answers, type QuestionResult } from "../quiz.js";
import "../db.js";

/** Alphabet of certificate codes: no 0/O, 1/I/L. 24 characters × 5 bits = 120 random bits. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A new verification code, "ABCD-EFGH-…" (6 groups of 4), from the crypto random source. */
export function newCertificateCode(): string {
  const chars = Array.from({ length: 24 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return [0, 4, 8, 12, 16, 20].map((i) => chars.slice(i, i + 4).join("")).join("-");
}

/** Starts a quiz attempt (server start time) or returns the open one; only for the enrolment's owner (`callerOwnsEnrollment`), else undefined. */
export async function attemptStarter(ctx: CommandContext, enrollmentId: string, access: EnrollmentAccess): Promise<{ id: string; startedAt: Date } | undefined> {
  const enrollment = await ctx.db.selectFrom("learning_enrollments").select(["id", "user_id"]).where("id", "=", enrollmentId).executeTakeFirst();
  if (!enrollment || !(await callerOwnsEnrollment(ctx.db, enrollment, ctx.actor.id, access))) return undefined;
  for (;;) {
    const open = await ctx.db.selectFrom("learning_attempts").select(["id", "started_at"]).where("enrollment_id", "=", enrollmentId).where("submitted_at", "is", null).executeTakeFirst();
    if (open) return { id: open.id, startedAt: open.started_at };
    const row = await ctx.db
      .insertInto("learning_attempts")
      .values({ enrollment_id: enrollmentId, submitted_at: null, outcome: null, score: null, max_score: null, answers: null })
      .onConflict((oc) => oc.column("enrollment_id").where("submitted_at", "is", null).doNothing())
      .returning(["id", "started_at"])
      .executeTakeFirst();
    if (row) return { id: row.id, startedAt: row.started_at };
  }
}

export type SubmitResult =
  | { kind: "passed"; score: number; maxScore: number; results: QuestionResult[]; certificateId: string }
  | { kind: "failed"; score: number; maxScore: number; results: QuestionResult[] }
  | { kind: "expired" }
  | { kind: "manipulated" }
  | { kind: "no_attempt" }
  /** Not the caller's enrolment (or none): nothing scored, the page answers 404. */
  | { kind: "not_found" }
  /** A course with video identification whose identity is not confirmed (any more): nothing scored. */
  | { kind: "identity_unconfirmed" };

function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1 + months, d));
  return date.toISOString().slice(0, 10);
}

/** What the certificate mail needs: the portal's address, the mail's language and the version passed. */
export interface CertificateMail {
  publicUrl: string;
  locale: Locale;
  version: number;
  content: CourseContent;
}

/** The mail queue's ref of a certificate's mail (the page sends it right after the request). */
export const certificateMailRef = (certificateId: string) => `learning-certificate:${certificateId}`;

const translate = translatorFor(learningMessages, learningMailReportMessages);

/**
 * Scores the open attempt on the server. Past the time limit (from the server's start time) the attempt is
 * closed as expired; manipulated answers are refused and the attempt stays open. Passing completes the
 * enrolment and issues the certificate in the same transaction; with `mail`, the certificate PDF is queued to the
 * enrolment's e-mail address as an attachment in that transaction too (once: only when the certificate is new).
 *
 * Authorization on the object, in the transaction (the enrolment row locked): only the enrolment's owner — the staff
 * account it belongs to (`ctx.actor`), or a guest with the capability code of this enrolment (`access.code`) —
 * and, for a course with video identification, only with the identity confirmed; else nothing is scored.
 */
export async function attemptSubmitter(ctx: CommandContext, enrollmentId: string, attemptId: string, quiz: Quiz, validityMonths: number | null, answers: Answers, access: EnrollmentAccess, mail?: CertificateMail): Promise<SubmitResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const enrollment = await tx.selectFrom("learning_enrollments").select(["id", "user_id", "version_id", "ident_status"]).where("id", "=", enrollmentId).forUpdate().executeTakeFirst();
    if (!enrollment || !(await callerOwnsEnrollment(tx, enrollment, ctx.actor.id, access))) return { kind: "not_found" as const };
    const version = await tx.selectFrom("learning_course_versions").select((v) => sql<string | null>`${v.ref("content")}->>'identification'`.as("identification")).where("id", "=", enrollment.version_id).executeTakeFirstOrThrow();
    if (version.identification === "video" && enrollment.ident_status !== "confirmed") return { kind: "identity_unconfirmed" as const };
    const attempt = await tx.selectFrom("learning_attempts").select(["id", "started_at"]).where("id", "=", attemptId).where("enrollment_id", "=", enrollmentId).where("submitted_at", "is", null).forUpdate().executeTakeFirst();
    if (!attempt) return { kind: "no_attempt" as const };
    const now = new Date();
    if (isExpired(quiz, attempt.started_at, now)) {
      await tx.updateTable("learning_attempts").set({ submitted_at: now, outcome: "expired" }).where("id", "=", attempt.id).execute();
      return { kind: "expired" as const };
    }
    const r = scoreQuiz(quiz, answers);
    if (r.kind === "manipulated") {
      await appendAudit(tx, ctx.actor, { action: "learning.quiz_refused", objectType: "learning_attempt", objectId: attempt.id, details: { question: r.question.slice(0, 40) }, requestId: ctx.requestId });
      return { kind: "manipulated" as const };
    }
    await tx
      .updateTable("learning_attempts")
      .set({ submitted_at: now, outcome: r.passed ? "passed" : "failed", score: r.score, max_score: r.maxScore, answers: JSON.stringify(answers) })
      .where("id", "=", attempt.id)
      .execute();
    if (!r.passed) return { kind: "failed" as const, score: r.score, maxScore: r.maxScore, results: r.results };
    await tx.updateTable("learning_enrollments").set({ completed_at: now }).where("id", "=", enrollmentId).where("completed_at", "is", null).execute();
    const today = berlinDate(now);
    const cert = await tx
      .insertInto("learning_certificates")
      .values({ enrollment_id: enrollmentId, code: newCertificateCode(), valid_until: validityMonths ? addMonths(today, validityMonths) : null, revoked_at: null, revoke_reason: null, revoked_by: null })
      .onConflict((oc) => oc.column("enrollment_id").doNothing())
      .returning(["id", "code", "issued_at", "valid_until"])
      .executeTakeFirst();
    if (cert && mail) {
      const e = await tx.selectFrom("learning_enrollments").select(["holder_name", "birth_date", "email"]).where("id", "=", enrollmentId).executeTakeFirstOrThrow();
      const t = translate(mail.locale);
      const course = pick(mail.content.title, mail.locale);
      const pdf = certificatePdf({ code: cert.code, holderName: e.holder_name, birthDate: e.birth_date, issuedAt: cert.issued_at, validUntil: cert.valid_until, version: mail.version, content: mail.content }, mail.publicUrl, mail.locale);
      await enqueueMail(tx, {
        kind: "learning.certificate",
        ref: certificateMailRef(cert.id),
        to: e.email,
        subject: t("learning.certificateMail.subject", { course }),
        text: t("learning.certificateMail.text", { name: e.holder_name, course, url: `${mail.publicUrl}${verifyPath(cert.code)}` }),
        attachments: [{ filename: `nachweis-${mail.content.slug}.pdf`, contentType: "application/pdf", content: pdf }],
      });
    }
    const certificateId = cert?.id ?? (await tx.selectFrom("learning_certificates").select("id").where("enrollment_id", "=", enrollmentId).executeTakeFirstOrThrow()).id;
    await appendAudit(tx, ctx.actor, { action: "learning.certificate_issued", objectType: "learning_certificate", objectId: certificateId, details: { enrollmentId, score: r.score, maxScore: r.maxScore }, requestId: ctx.requestId });
    return { kind: "passed" as const, score: r.score, maxScore: r.maxScore, results: r.results, certificateId };
  });
}

/** Staff revoke a certificate with a reason (audited); false when it does not exist or was revoked already. */
export async function certificateRevoker(ctx: CommandContext, certificateId: string, reason: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable("learning_certificates").set({ revoked_at: new Date(), revoke_reason: reason, revoked_by: ctx.actor.id }).where("id", "=", certificateId).where("revoked_at", "is", null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await appendAudit(tx, ctx.actor, { action: "learning.certificate_revoked", objectType: "learning_certificate", objectId: certificateId, details: { reason }, requestId: ctx.requestId });
    return true;
  });
}
