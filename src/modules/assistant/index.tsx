import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { systemContext } from "../../platform/commands.js";
import "./db.js";
import { assistantMessages } from "./messages.js";
import { assistantPages } from "./pages/routes.js";
import { assistantRoutes } from "./routes.js";
import { phoneRoutes } from "./phoneRoutes.js";
import { retentionSweeper } from "./commands/retentionSweeper.js";
import { liveAlerter, liveRetentionSweeper } from "./commands/liveHandoffs.js";
import { deliverQueuedMails } from "../../platform/mail/queue.js";
import { seedAssistantDemo } from "./demo.js";

export { CONVERSATION_RETENTION_HOURS, HANDOFF_RETENTION_DAYS } from "./commands/retentionSweeper.js";

/**
 * The assistant (issue 19): /assistent (chat as a plain form page), /assistent/anfrage (question to staff),
 * /verwaltung/assistent (staff queue, live handoffs: ADR 0076), /api/v1/assistant/* (phone or voice front ends). It answers only
 * from the search index, the responsibility finder, online forms and appointments (docs/modules/assistant.md).
 */
async function assistantPlugin(app: FastifyInstance) {
  assistantPages(app);
  assistantRoutes(app);
  phoneRoutes(app);
}

/** The assistant module (src/platform/modules.ts). It has no public objects of its own: searchSources stays empty. */
export const assistantModule = defineModule({
  name: "assistant",
  messages: [assistantMessages],
  nav: [
    { label: "nav.assistant", href: "/assistent", audience: "all", order: 35 },
    { label: "nav.assistantQueue", href: "/verwaltung/assistent", audience: "staff", order: 88 },
  ],
  jobs: [
    {
      name: "assistant-retention",
      cron: "17 * * * *",
      async handler({ db, config, log }) {
        const r = await retentionSweeper(systemContext(db));
        // Live cases with their transcript and messages (ASSISTANT_LIVE_RETENTION_DAYS, ADR 0076).
        const live = await liveRetentionSweeper(systemContext(db), config.assistant.live.retentionDays);
        log?.info({ ...r, ...live }, "assistant retention sweep");
      },
    },
    {
      // Staff are mailed a link to a live case that waits unclaimed ASSISTANT_LIVE_ALERT_MINUTES (once per case, ADR 0083).
      name: "assistant-live-alert",
      cron: "* * * * *",
      async handler({ db, config, mailer, log }) {
        const { live } = config.assistant;
        const r = await liveAlerter(systemContext(db), { alertMinutes: live.alertMinutes, claimMinutes: live.claimMinutes, alertTo: live.alertTo, publicUrl: config.publicUrl });
        // Sent now rather than with the next mail-queue run: the case can be claimed only for a few minutes.
        if (r.mailIds.length) await deliverQueuedMails(db, mailer, { ids: r.mailIds }).catch((err: unknown) => log?.error({ err }, "assistant live alert mails deferred"));
        if (r.alerted) log?.info({ alerted: r.alerted, mails: r.mailIds.length }, "assistant live alert");
      },
    },
  ],
  demoData: seedAssistantDemo,
  plugin: assistantPlugin,
});
