/** The platform's part of every app: its messages and housekeeping jobs (listed first in src/app.tsx). */
import { defineModule } from "./modules.js";
import { platformMessages, validationMessages } from "./i18n/messages.js";
import { filesMessages, filesPurgeJob } from "./files/index.js";
import { pdfMessages } from "./pdf/renderPdf.js";
import { mailQueueJob } from "./mail/queue.js";
import { eventContext, platformCleanupJob } from "./jobs/index.js";
import { auditSealJob } from "./audit/index.js";

export const platformModule = defineModule({
  name: "platform",
  messages: [platformMessages, validationMessages, filesMessages, pdfMessages],
  jobs: [
    platformCleanupJob,
    auditSealJob,
    mailQueueJob,
    filesPurgeJob,
    {
      // Delivers events whose delivery right after their request failed or that were published elsewhere.
      name: "events-deliver",
      cron: "* * * * *",
      async handler({ db, app }) {
        await app.registry.events.deliverPending(db, eventContext(app));
      },
    },
  ],
});
