/**
 * The portal as an app (issue 21; module "pwa" – "app" is the Fastify instance everywhere): web app
 * manifest, service worker (Workbox, bundled at start), icons, offline page; Web Push with per-topic
 * opt-in in Mein Konto, sent through the job queue on "case.changed"; the waste calendar per street with
 * an iCal subscription and the eve reminder; municipal news (Redaktion, feeds, start page section, search).
 * See docs/modules/pwa.md.
 */
import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import type { Db } from "../../platform/db/index.js";
import type { CommandContext } from "../../platform/commands.js";
import { pwaMessages } from "./messages.js";
import { pwaRoutes } from "./pages/routes.js";
import { onAppointmentReminderPush, onCaseChangePush, onMailboxMessagePush } from "./caseEvents.js";
import { onRoadworksChangePush } from "./roadworksEvents.js";
import { sendDuePushes } from "./push.js";
import { queueWasteReminders } from "./wasteReminder.js";
import { seedWasteDemo } from "./commands/wasteDemo.js";
import { wasteImporter, type WasteImportResult } from "./commands/wasteImporter.js";
import { parseWasteCsv, parseWasteIcs } from "./wasteFormats.js";
import { newsRoutes } from "./pages/newsRoutes.js";
import { wasteStaffRoutes } from "./pages/wasteStaff.js";
import { pwaApiRoutes } from "./routes.js";
import { newsHomeSection } from "./newsHome.js";
import { newsSearchDocuments } from "./news.js";
import { seedNewsDemo } from "./commands/newsDemo.js";
import { announceDueNews } from "./commands/news.js";
import { systemContext } from "../../platform/commands.js";
import { newsScopesOf } from "./news.js";
import "./db.js";

export { sendDuePushes, vapidKeys, queuePushForUser } from "./push.js";
export { queueWasteReminders } from "./wasteReminder.js";
export { seedWasteDemo, DEMO_WASTE } from "./commands/wasteDemo.js";
export { drawIcon } from "./assets.js";
export { seedNewsDemo } from "./commands/newsDemo.js";
export { listNews } from "./news.js";

/** Imports a waste calendar export of one municipality: ICS (one street; `street` required) or CSV (many streets). */
export async function importWasteCalendar(ctx: CommandContext, props: { ags: string; format: "ics" | "csv"; text: string; street?: string }): Promise<WasteImportResult & { problems: number }> {
  if (props.format === "ics") {
    if (!props.street) throw new Error("ICS import needs the street");
    const { entries, skipped } = parseWasteIcs(props.text, props.street);
    return { ...(await wasteImporter(ctx, { ags: props.ags, entries, source: "ics" })), problems: skipped };
  }
  const { entries, errors } = parseWasteCsv(props.text);
  return { ...(await wasteImporter(ctx, { ags: props.ags, entries, source: "csv" })), problems: errors.length };
}

async function pwaPlugin(app: FastifyInstance) {
  await pwaRoutes(app);
  await newsRoutes(app);
  await wasteStaffRoutes(app);
  await pwaApiRoutes(app);
}

/** The app module (src/platform/modules.ts). */
export const pwaModule = defineModule({
  name: "pwa",
  messages: [pwaMessages],
  nav: [
    { label: "nav.news", href: "/nachrichten", audience: "all", order: 44 },
    { label: "nav.waste", href: "/abfuhrkalender", audience: "all", order: 45 },
    { label: "nav.newsStaff", href: "/verwaltung/nachrichten", audience: "staff", order: 96, show: async (user, { db }) => { const s = await newsScopesOf(db, user); return s === "*" || s.length > 0; } },
  ],
  jobs: [
    {
      name: "pwa-push-send",
      // Sweep for pushes not sent right away (push service down: back-off per row).
      cron: "* * * * *",
      async handler({ db, config }) {
        await sendDuePushes(db, config);
      },
    },
    {
      // Scheduled news whose time has come: visible from then on; the search index learns of them.
      name: "pwa-news-due",
      cron: "* * * * *",
      async handler({ db }) {
        await announceDueNews(systemContext(db));
      },
    },
    {
      name: "pwa-waste-eve",
      // 16:00 UTC = 17:00/18:00 in Berlin: the evening before the collection.
      cron: "0 16 * * *",
      async handler({ db, config }) {
        if ((await queueWasteReminders(db)) > 0) await sendDuePushes(db, config);
      },
    },
  ],
  events: { "case.changed": onCaseChangePush, "appointment.reminder_due": onAppointmentReminderPush, "mailbox.message_sent": onMailboxMessagePush, "roadworks.changed": onRoadworksChangePush },
  searchSources: [{ kind: "pwa.news", kindLabel: "pwa.news.search.kind", load: newsSearchDocuments }],
  homeSections: [newsHomeSection],
  demoData: async ({ db, log }) => {
    const n = await seedWasteDemo(db as Db);
    if (n) log(`Abfuhrkalender: Demo-Termine für ${n} Gemeinden angelegt`);
    const news = await seedNewsDemo(db as Db);
    if (news) log(`Nachrichten: ${news} Demo-Meldungen angelegt`);
  },
  plugin: pwaPlugin,
});
