/**
 * E-learning (issue 20): courses as data with immutable published versions, the § 43 IfSG instruction
 * booked by guests (identity declaration, fee through the payments port, modules, quiz scored on the
 * server, certificate PDF with verification code and QR), public verification /nachweis/{code}, staff
 * trainings with assignments per org unit, reminders and reports. See docs/modules/learning.md.
 */
import type { FastifyInstance } from "fastify";
import { defineModule, type ModuleSearchDocument } from "../../platform/modules.js";
import type { Db } from "../../platform/db/index.js";
import { systemContext } from "../../platform/commands.js";
import { learningMessages } from "./messages.js";
import { learningEditorMessages } from "./messagesEditor.js";
import { learningMailReportMessages } from "./messagesMailReport.js";
import { courseFolders, pick } from "./courses.js";
import { currentCourses, isLearningEditor } from "./queries.js";
import { canEditCourses } from "./policies.js";
import { publicPages } from "./pages/public.js";
import { staffPages } from "./pages/staff.js";
import { identificationPages } from "./pages/identification.js";
import { editorPages } from "./pages/editor.js";
import { quizEditorPages } from "./pages/quizEditor.js";
import { learningRoutes } from "./routes.js";
import { enrollmentPaid } from "./commands/enrollments.js";
import { identificationCancelled } from "./commands/identification.js";
import { versionPublisher } from "./commands/versionPublisher.js";
import { remindAssignedStaff } from "./commands/assignments.js";
import { renewalReminder } from "./commands/renewals.js";
import type { Config } from "../../platform/config.js";
import type { Mailer } from "../../platform/mail/index.js";
import { deliverQueuedMails } from "../../platform/mail/queue.js";
import "./db.js";

export { remindAssignedStaff, editorGranter } from "./commands/assignments.js";
export { versionPublisher } from "./commands/versionPublisher.js";
export { renewalReminder } from "./commands/renewals.js";

/**
 * Job "learning-renewal-reminders" (daily 07:45): queues the "renew before expiry" mails (one per certificate, see
 * `renewalReminder`) and sends them right away; the mail queue retries what fails. Returns how many were queued.
 */
export async function remindRenewals(db: Db, config: Config, mailer: Mailer, today?: string): Promise<number> {
  const refs = await renewalReminder(db, { defaultDays: config.learning.renewalReminderDays, publicUrl: config.publicUrl, today });
  if (refs.length) await deliverQueuedMails(db, mailer, { refs });
  return refs.length;
}

/** Public courses as search documents ("belehrung gesundheitsamt", "rote karte lebensmittel"). */
export async function learningSearchDocuments(db: Db): Promise<ModuleSearchDocument[]> {
  const rows = await currentCourses(db, "public");
  return rows.map((c) => ({
    id: c.slug,
    title: pick(c.content.title, "de"),
    url: `/kurse/${c.slug}`,
    terms: `online-kurs kurs schulung; ${c.content.searchTerms}; ${pick(c.content.title, "en")}`,
    text: pick(c.content.summary, "de"),
    popularity: 60,
  }));
}

/** Publishes every valid course folder that is not published yet (idempotent); returns how many were new. */
export async function publishCourseFolders(db: Db): Promise<number> {
  let n = 0;
  for (const slug of courseFolders()) if ((await versionPublisher(systemContext(db), slug)).kind === "published") n++;
  return n;
}

async function learningPlugin(app: FastifyInstance) {
  await publicPages(app);
  await staffPages(app);
  await identificationPages(app);
  await editorPages(app);
  await quizEditorPages(app);
  await learningRoutes(app);
}

/** The learning module (src/platform/modules.ts). */
export const learningModule = defineModule({
  name: "learning",
  messages: [learningMessages, learningEditorMessages, learningMailReportMessages],
  nav: [
    { label: "nav.learning", href: "/kurse", audience: "all", order: 45 },
    { label: "nav.learningStaff", href: "/lernen", audience: "staff", order: 87 },
    { label: "nav.learningAdmin", href: "/verwaltung/lernen", audience: "staff", order: 88, show: async (user, { db }) => canEditCourses(user, user.isAdmin || (await isLearningEditor(db, user.id))) },
  ],
  jobs: [
    {
      name: "learning-reminders",
      cron: "30 7 * * *",
      async handler({ db, config }) {
        await remindAssignedStaff(db, config.publicUrl);
      },
    },
    {
      name: "learning-renewal-reminders",
      cron: "45 7 * * *",
      async handler({ db, config, mailer }) {
        await remindRenewals(db, config, mailer);
      },
    },
  ],
  paymentSubjects: { learning: { onPaid: enrollmentPaid } },
  // The guest cancelled the video identification's appointment (cancel link of the appointments mail): book again.
  events: { "appointment.cancelled": identificationCancelled },
  searchSources: [{ kind: "learning.course", kindLabel: "learning.search.kind", load: learningSearchDocuments }],
  async demoData({ db, log }) {
    const n = await publishCourseFolders(db);
    if (n > 0) log(`learning: ${n} course versions published`);
  },
  plugin: learningPlugin,
});
