import { sql, type Selectable } from "kysely";
import type { Db } from "../../platform/db/index.js";
import type { CourseContent, Localized } from "./courses.js";
import type { LearningTables } from "./db.js";

export interface VersionRow {
  id: string;
  slug: string;
  version: number;
  audience: "public" | "staff";
  fee_cents: number;
  content: CourseContent;
  published_at: Date;
}

const versionColumns = ["id", "slug", "version", "audience", "fee_cents", "content", "published_at"] as const;

/** The newest published version of a course. */
export const latestVersion = (db: Db, slug: string): Promise<VersionRow | undefined> =>
  db.selectFrom("learning_course_versions").select(versionColumns).where("slug", "=", slug).orderBy("version", "desc").limit(1).executeTakeFirst();

export const versionById = (db: Db, id: string): Promise<VersionRow | undefined> => db.selectFrom("learning_course_versions").select(versionColumns).where("id", "=", id).executeTakeFirst();

/** The newest version of every course (of one audience). */
export async function currentCourses(db: Db, audience?: "public" | "staff"): Promise<VersionRow[]> {
  let q = db.selectFrom("learning_course_versions").select(versionColumns).distinctOn("slug").orderBy("slug").orderBy("version", "desc");
  if (audience) q = q.where("audience", "=", audience);
  return q.execute();
}

/** Every published version (Lernredaktion's list). */
export const allVersions = (db: Db) => db.selectFrom("learning_course_versions").select(["id", "slug", "version", "audience", "published_at", "content_hash"]).orderBy("slug").orderBy("version", "desc").execute();

const ENROLLMENT_COLUMNS = ["id", "version_id", "user_id", "holder_name", "birth_date", "email", "content_locale", "paid_at", "modules_done", "completed_at", "created_at", "ident_booking_code", "ident_starts_at", "ident_room", "ident_status"] as const;
export type EnrollmentRow = Pick<Selectable<LearningTables["learning_enrollments"]>, (typeof ENROLLMENT_COLUMNS)[number]>;

export const findEnrollment = (db: Db, id: string): Promise<EnrollmentRow | undefined> =>
  db.selectFrom("learning_enrollments").select(ENROLLMENT_COLUMNS).where("id", "=", id).executeTakeFirst();

export const certificateOfEnrollment = (db: Db, enrollmentId: string) => db.selectFrom("learning_certificates").selectAll().where("enrollment_id", "=", enrollmentId).executeTakeFirst();

export const lastAttempt = (db: Db, enrollmentId: string) => db.selectFrom("learning_attempts").selectAll().where("enrollment_id", "=", enrollmentId).orderBy("started_at", "desc").limit(1).executeTakeFirst();

/** What the public verification page may show of a certificate (by its exact code). */
export async function certificateByCode(db: Db, code: string) {
  return db
    .selectFrom("learning_certificates as c")
    .innerJoin("learning_enrollments as e", "e.id", "c.enrollment_id")
    .innerJoin("learning_course_versions as v", "v.id", "e.version_id")
    .select(["c.id", "c.code", "c.issued_at", "c.valid_until", "c.revoked_at", "c.revoke_reason", "e.holder_name", "e.birth_date", "v.version"])
    // only the title of the (large) content
    .select(sql<Localized>`v.content->'title'`.as("title"))
    .where("c.code", "=", code)
    .executeTakeFirst();
}

/** Of `userIds`, those with a valid (not revoked, not expired) certificate of any version of the course. */
export async function completedUserIds(db: Db, slug: string, userIds: string[]): Promise<Map<string, Date>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("learning_certificates as c")
    .innerJoin("learning_enrollments as e", "e.id", "c.enrollment_id")
    .innerJoin("learning_course_versions as v", "v.id", "e.version_id")
    .select(["e.user_id", "c.issued_at"])
    .where("v.slug", "=", slug)
    .where("e.user_id", "in", userIds)
    .where("c.revoked_at", "is", null)
    .where((eb) => eb.or([eb("c.valid_until", "is", null), eb("c.valid_until", ">=", sql<string>`current_date`)]))
    .orderBy("c.issued_at", "desc")
    .execute();
  const out = new Map<string, Date>();
  for (const r of rows) if (r.user_id && !out.has(r.user_id)) out.set(r.user_id, r.issued_at);
  return out;
}

export const assignmentsOf = (db: Db, orgUnitIds?: string[]) => {
  let q = db.selectFrom("learning_assignments").selectAll().orderBy("due_on");
  if (orgUnitIds) q = orgUnitIds.length ? q.where("org_unit_id", "in", orgUnitIds) : q.where(sql<boolean>`false`);
  return q.execute();
};

/** The account's own enrolments (staff's "Meine Schulungen"). */
export const enrollmentsOfUser = (db: Db, userId: string) =>
  db.selectFrom("learning_enrollments as e").innerJoin("learning_course_versions as v", "v.id", "e.version_id").select(["e.id", "e.completed_at", "v.slug", "v.version"]).where("e.user_id", "=", userId).orderBy("e.created_at", "desc").execute();

export async function isLearningEditor(db: Db, userId: string): Promise<boolean> {
  return !!(await db.selectFrom("learning_editors").select("user_id").where("user_id", "=", userId).executeTakeFirst());
}

/** The in-browser editor's draft of a course, if one is open. */
export const draftOf = (db: Db, slug: string) => db.selectFrom("learning_course_drafts").select(["content", "revision", "updated_at"]).where("slug", "=", slug).executeTakeFirst();

/** Slugs with an open draft. */
export const draftSlugs = async (db: Db): Promise<string[]> => (await db.selectFrom("learning_course_drafts").select("slug").execute()).map((r) => r.slug);

/**
 * Completions per course and month (Europe/Berlin) of the given accounts since `fromMonth` ("2026-01"): not revoked
 * certificates by the month they were issued (a person who completed twice counts twice). slug → month → count.
 */
export async function completionsPerMonth(db: Db, userIds: readonly string[], fromMonth: string): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (userIds.length === 0) return out;
  const rows = await sql<{ slug: string; month: string; n: number }>`
    SELECT v.slug, to_char(c.issued_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM') AS month, count(*)::int AS n
    FROM learning_certificates c
    JOIN learning_enrollments e ON e.id = c.enrollment_id
    JOIN learning_course_versions v ON v.id = e.version_id
    WHERE e.user_id = ANY(${[...userIds]}::uuid[]) AND c.revoked_at IS NULL
      AND c.issued_at >= (${`${fromMonth}-01`}::date::timestamp AT TIME ZONE 'Europe/Berlin')
    GROUP BY 1, 2`.execute(db);
  for (const r of rows.rows) {
    if (!out.has(r.slug)) out.set(r.slug, new Map());
    out.get(r.slug)!.set(r.month, r.n);
  }
  return out;
}

/** Video identifications for the Gesundheitsamt's list: open ones first by appointment, then the decided ones of the last 30 days. */
export const identificationsForStaff = (db: Db) =>
  db
    .selectFrom("learning_enrollments as e")
    .innerJoin("learning_course_versions as v", "v.id", "e.version_id")
    .select(["e.id", "e.holder_name", "e.birth_date", "e.ident_booking_code", "e.ident_starts_at", "e.ident_room", "e.ident_status", "e.ident_decided_at", sql<Record<string, string>>`v.content->'title'`.as("title")])
    .where("e.ident_status", "is not", null)
    .where((w) => w.or([w("e.ident_status", "=", "booked"), w("e.ident_decided_at", ">", sql<Date>`now() - interval '30 days'`)]))
    .orderBy(sql`e.ident_status = 'booked'`, "desc")
    .orderBy("e.ident_starts_at")
    .limit(500)
    .execute();
export type IdentificationRow = Awaited<ReturnType<typeof identificationsForStaff>>[number];
