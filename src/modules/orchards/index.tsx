/**
 * Orchard-meadow exchange (Streuobstwiesen-Börse, issue 16): listings of meadows, harvest help, fruit,
 * tree care and pressing dates; equipment lending without double bookings (exclusion constraint);
 * messages between poster and interested person without e-mail addresses; reports and moderation.
 * See docs/modules/orchards.md and ADR 0030.
 */
import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { expiredListingsSweeper, expiryReminderQueuer } from "./commands/listings.js";
import { seedOrchardDemo } from "./demoData.js";
import { orchardMessages } from "./messages.js";
import { orchardPages } from "./pages/routes.js";
import { itemSearchDocuments, listingSearchDocuments } from "./presenters.js";
import { orchardRoutes } from "./routes.js";
import { orchardWriteRoutes } from "./writeRoutes.js";
import { orchardAccountRoutes } from "./accountRoutes.js";
import { orchardLendingRoutes } from "./lendingRoutes.js";
import { orchardMapPages } from "./pages/mapRoutes.js";
import { orchardMapMessages } from "./mapMessages.js";
import "./db.js";
// Community: saved searches with alerts, round table (ADR 0050).
import { alertDigestQueuer } from "./commands/alerts.js";
import { orchardCommunityMessages } from "./communityMessages.js";
import { seedOrchardEventDemo } from "./eventDemo.js";
import { eventSearchDocuments } from "./eventPresenters.js";
import { orchardCommunityPages } from "./pages/communityRoutes.js";
// Lending hand-over: check-lists, reminders, ratings (migrations/0046).
import { loanReminderQueuer } from "./commands/loanHandover.js";
import { orchardLoanMessages } from "./loanMessages.js";
import { orchardModerationMessages } from "./moderationMessages.js";
import { orchardLoanPages } from "./pages/loanRoutes.js";
import { systemContext } from "../../platform/commands.js";
// Time-limited blocks and appeals (migrations/0051).
import { orchardAppealMessages } from "./appealMessages.js";
import { orchardChecklistMessages } from "./checklistMessages.js";
import { expiredBlockLifter } from "./commands/sanctions.js";
// Disputes to staff, repeated overdue reminders, rating edits/answers/reports (migrations/0075).
import { orchardFollowUpMessages } from "./followUpMessages.js";

async function orchardsPlugin(app: FastifyInstance) {
  await orchardPages(app);
  await orchardRoutes(app);
  await orchardWriteRoutes(app);
  await orchardAccountRoutes(app);
  await orchardLendingRoutes(app);
  await orchardMapPages(app);
  await orchardCommunityPages(app);
  await orchardLoanPages(app);
}

/** The orchards module (src/platform/modules.ts). */
export const orchardsModule = defineModule({
  name: "orchards",
  messages: [orchardMessages, orchardCommunityMessages, orchardLoanMessages, orchardModerationMessages, orchardAppealMessages, orchardChecklistMessages, orchardMapMessages, orchardFollowUpMessages],
  nav: [{ label: "nav.orchards", href: "/streuobst", audience: "all", order: 40 }],
  jobs: [
    {
      name: "orchards-expiry",
      // Shortly after midnight (Berlin) listings whose last day passed leave every node's search index,
      // and owners of listings expiring within 3 days get a link-only reminder (sent by the mail queue).
      cron: "10 23 * * *",
      async handler({ db, config }) {
        await db.transaction().execute((tx) => expiredListingsSweeper(tx));
        await expiryReminderQueuer(db, config);
      },
    },
    {
      name: "orchards-alerts",
      // Daily digest of saved searches, 06:15 UTC (morning in Berlin); one mail per account and day even if it runs twice.
      cron: "15 6 * * *",
      async handler({ db, config }) {
        await alertDigestQueuer(db, config);
      },
    },
    {
      name: "orchards-loan-reminders",
      // 15:00 UTC (afternoon in Berlin): borrower and owner hear the day before pick-up and return; once each.
      // Overdue loans are reminded every ORCHARDS_OVERDUE_REPEAT_DAYS and escalated to staff after ORCHARDS_OVERDUE_ESCALATE_AFTER reminders.
      cron: "0 15 * * *",
      async handler({ db, config }) {
        await loanReminderQueuer(systemContext(db), config);
      },
    },
    {
      name: "orchards-block-expiry",
      // Every 15 minutes: blocks whose end passed are lifted and their listings come back (writes are
      // allowed again at once anyway: findBlock checks the end at read time).
      cron: "*/15 * * * *",
      async handler({ db }) {
        await expiredBlockLifter(systemContext(db));
      },
    },
  ],
  searchSources: [
    { kind: "orchards.listing", kindLabel: "orchards.search.kind", load: listingSearchDocuments },
    { kind: "orchards.item", kindLabel: "orchards.search.itemKind", load: itemSearchDocuments },
    { kind: "orchards.event", kindLabel: "orchards.search.eventKind", load: eventSearchDocuments },
  ],
  demoData: async (deps) => {
    await seedOrchardDemo(deps);
    await seedOrchardEventDemo(deps);
  },
  plugin: orchardsPlugin,
});
