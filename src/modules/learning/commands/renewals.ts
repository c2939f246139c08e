import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { Db } from "../../../platform/db/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { findMailContact } from "../../accounts/index.js";
import { pick, type Localized } from "../courses.js";
import { learningMessages } from "../messages.js";
import { learningMailReportMessages } from "../messagesMailReport.js";
import { germanDay } from "../presenters.js";
import { currentCourses } from "../queries.js";
import "../db.js";

const translate = translatorFor(learningMessages, learningMailReportMessages);

/** The language of a guest's mail: a guest has no account (users.locale), so the course language decides: German, else English (as `pick` falls back). */
export const guestMailLocale = (contentLocale: string): Locale => (contentLocale === "de" ? "de" : "en");

interface Due {
  id: string;
  valid_until: string;
  user_id: string | null;
  holder_name: string;
  email: string;
  content_locale: string;
  slug: string;
  audience: "public" | "staff";
  stage: number;
}

/**
 * "Renew before expiry" (job learning-renewal-reminders): a not revoked certificate with a validity gets a short mail
 * with the course link at each stage of the series (`defaultDays`, LEARNING_RENEWAL_REMINDER_DAYS, e.g. 60, 14, 1
 * days before expiry; a course's own `renewalReminderDays` is a one-stage series), in the holder's language (staff:
 * users.locale; guests: the course language). The stage due is the closest one the expiry is within; each stage is
 * mailed once, and stages missed (a certificate issued 10 days before expiry, the job down for a week) are not
 * mailed afterwards — only the current one. Not reminded: expired certificates, and certificates already renewed (the
 * same person holds a later valid one of the course: staff by account, guests by e-mail and date of birth), checked
 * at every stage. The stage sent (renewal_reminded_days, migration 0088) is set on the locked certificate row with
 * the mail in one transaction (SKIP LOCKED), so running the job twice or on two nodes queues one mail. Returns refs.
 */
export async function renewalReminder(db: Db, opts: { defaultDays: readonly number[]; publicUrl: string; today?: string }): Promise<string[]> {
  const today = opts.today ?? berlinDate(new Date());
  const series = new Map<string, number[]>();
  const titles = new Map<string, Localized>();
  for (const c of await currentCourses(db)) {
    titles.set(c.slug, c.content.title);
    if (c.content.validityMonths) series.set(c.slug, c.content.renewalReminderDays ? [c.content.renewalReminderDays] : [...opts.defaultDays]);
  }
  if (series.size === 0) return [];
  // Each course's own series, in the query (so certificates not yet due never crowd out due ones).
  const perCourse = sql.join([...series].map(([slug, d]) => sql`(${slug}::text, ${d}::int[])`));
  return db.transaction().execute(async (tx) => {
    const rows = await sql<Due>`
      SELECT * FROM (
        SELECT c.id, c.valid_until::text AS valid_until, e.user_id, e.holder_name, e.email, e.content_locale, v.slug, v.audience,
          c.renewal_reminded_days AS reminded,
          (SELECT min(x) FROM unnest(d.days) AS x WHERE x >= c.valid_until - ${today}::date) AS stage
        FROM learning_certificates c
        JOIN learning_enrollments e ON e.id = c.enrollment_id
        JOIN learning_course_versions v ON v.id = e.version_id
        JOIN (VALUES ${perCourse}) AS d(slug, days) ON d.slug = v.slug
        WHERE c.revoked_at IS NULL AND c.valid_until >= ${today}::date
          AND c.valid_until <= ${today}::date + (SELECT max(x) FROM unnest(d.days) AS x)
          AND NOT EXISTS (
            SELECT 1 FROM learning_certificates c2
            JOIN learning_enrollments e2 ON e2.id = c2.enrollment_id
            JOIN learning_course_versions v2 ON v2.id = e2.version_id
            WHERE v2.slug = v.slug AND c2.id <> c.id AND c2.revoked_at IS NULL
              AND (c2.valid_until IS NULL OR c2.valid_until > c.valid_until)
              AND (e2.user_id = e.user_id
                OR (e.user_id IS NULL AND e2.user_id IS NULL AND lower(e2.email) = lower(e.email) AND e2.birth_date IS NOT DISTINCT FROM e.birth_date)))
      ) due
      WHERE due.reminded IS NULL OR due.reminded > due.stage
      ORDER BY due.valid_until, due.id
      LIMIT 500`.execute(tx);
    // Lock the due rows and re-check the stage on the locked row: another node may have sent it meanwhile.
    const locked = rows.rows.length
      ? await sql<{ id: string; renewal_reminded_days: number | null }>`
          SELECT id, renewal_reminded_days FROM learning_certificates WHERE id = ANY(${rows.rows.map((r) => r.id)}::uuid[]) FOR UPDATE SKIP LOCKED`.execute(tx)
      : { rows: [] };
    const lockedStage = new Map(locked.rows.map((l) => [l.id, l.renewal_reminded_days]));
    const due = rows.rows.filter((r) => {
      if (!lockedStage.has(r.id)) return false;
      const reminded = lockedStage.get(r.id);
      return reminded == null || reminded > r.stage;
    });
    if (due.length === 0) return [];
    const refs: string[] = [];
    for (const r of due) {
      const contact = r.user_id ? await findMailContact(tx, r.user_id) : { email: r.email, locale: guestMailLocale(r.content_locale) };
      // A disabled account: nobody to tell, the stage counts as reminded.
      if (contact) {
        const locale: Locale = contact.locale === "en" ? "en" : "de";
        const t = translate(locale);
        const course = pick(titles.get(r.slug), locale);
        const url = r.audience === "public" ? `${opts.publicUrl}/kurse/${r.slug}` : `${opts.publicUrl}/lernen`;
        const ref = `learning-renewal:${r.id}:${r.stage}`;
        await enqueueMail(tx, { kind: "learning.renewal", ref, to: contact.email, subject: t("learning.renewal.subject", { course, date: germanDay(r.valid_until) }), text: t("learning.renewal.text", { name: r.holder_name, course, date: germanDay(r.valid_until), url }) });
        refs.push(ref);
      }
      await tx.updateTable("learning_certificates").set({ renewal_reminded_at: new Date(), renewal_reminded_days: r.stage }).where("id", "=", r.id).execute();
    }
    await appendAudit(tx, { type: "system", id: null }, { action: "learning.renewal_reminders_queued", details: { count: due.length, mails: refs.length, stages: [...new Set(due.map((r) => r.stage))].sort((a, b) => b - a) } });
    return refs;
  });
}
