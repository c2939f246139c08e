/**
 * Public participation on building plans (issue 18): procedures with phases and display periods,
 * documents, citizens' statements with a receipt, and the staff's weighing with CSV export.
 * See docs/modules/participation.md.
 */
import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { participationMessages } from "./messages.js";
import { participationAgencyMessages } from "./agencyMessages.js";
import { participationDeadlineMessages } from "./deadlineMessages.js";
import { participationDeadlinePages } from "./pages/deadlineRoutes.js";
import { participationEditPages } from "./pages/editRoutes.js";
import { participationAccountPages } from "./pages/accountRoutes.js";
import { participationEditMessages } from "./editMessages.js";
import { participationViewerMessages } from "./viewerMessages.js";
import { participationViewerPages } from "./pages/viewerRoutes.js";
import { participationAgencyPages } from "./pages/agencyRoutes.js";
import { participationAgencyListPages } from "./pages/agencyListRoutes.js";
import { participationAgencyListMessages } from "./agencyListMessages.js";
import { participationAttachmentMessages } from "./attachmentMessages.js";
import { participationXPlanMessages } from "./xplanMessages.js";
import { remindAgencies } from "./reminders.js";
import { documentTextReader } from "./commands/documentText.js";
import { systemContext } from "../../platform/commands.js";
import { fileStoreFor } from "../../platform/files/index.js";
import { participationPages } from "./pages/routes.js";
import { participationRoutes } from "./routes.js";
import { loadProcedureDocuments } from "./search.js";
import { seedParticipationDemo } from "./demoData.js";
import { seedParticipationDemoAgencies, seedParticipationDemoAgencyList } from "./demoAgencies.js";
import "./db.js";

export { seedParticipationDemo, DEMO_PROCEDURES } from "./demoData.js";
export { seedParticipationDemoAgencies, seedParticipationDemoAgencyList, DEMO_AGENCY_DOMAIN } from "./demoAgencies.js";
export { statementSubmitter, type StatementSubmitterProps, type StatementSubmitterResult } from "./commands/statementSubmitter.js";
export { remindAgencies } from "./reminders.js";
export { documentTextReader } from "./commands/documentText.js";
export { agencyTokenHash } from "./agencies.js";
export { procedureCreator, type ProcedureCreatorProps } from "./commands/procedureCreator.js";

async function participationPlugin(app: FastifyInstance) {
  await participationPages(app);
  await participationAgencyPages(app);
  await participationAgencyListPages(app);
  await participationDeadlinePages(app);
  await participationEditPages(app);
  await participationAccountPages(app);
  await participationViewerPages(app);
  await participationRoutes(app);
}

/** The participation module (src/platform/modules.ts). */
export const participationModule = defineModule({
  name: "participation",
  messages: [participationMessages, participationAgencyMessages, participationDeadlineMessages, participationViewerMessages, participationAgencyListMessages, participationAttachmentMessages, participationXPlanMessages, participationEditMessages],
  nav: [
    { label: "nav.participation", href: "/beteiligung", audience: "all", order: 40 },
    { label: "nav.participationStaff", href: "/verwaltung/beteiligung", audience: "staff", order: 86 },
  ],
  jobs: [
    {
      // Documents' text page by page, OCR for pages without a text layer: every minute and right after an upload.
      name: "participation-document-text",
      cron: "* * * * *",
      async handler({ db, config, log }) {
        await documentTextReader(systemContext(db), { files: fileStoreFor(config.files), limit: 3, log });
      },
    },
    {
      // Agencies without a released statement get one reminder PARTICIPATION_AGENCY_REMINDER_DAYS before their deadline.
      name: "participation-agency-reminder",
      cron: "23 * * * *",
      async handler({ db, config, mailer, app }) {
        await remindAgencies(db, config, mailer, app.deps.county.name);
      },
    },
  ],
  searchSources: [{ kind: "participation.procedure", kindLabel: "participation.search.kind", load: loadProcedureDocuments }],
  demoData: async (ctx) => {
    await seedParticipationDemo(ctx);
    const agencies = await seedParticipationDemoAgencies(ctx);
    if (agencies) ctx.log(`demo data loaded: ${agencies} participation agencies (§ 4 BauGB)`);
    const listed = await seedParticipationDemoAgencyList(ctx);
    if (listed) ctx.log(`demo data loaded: ${listed} entries of the agency master list`);
  },
  plugin: participationPlugin,
});
