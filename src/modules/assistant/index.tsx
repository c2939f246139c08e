import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { systemContext } from "../../platform/commands.js";
import "./db.js";
import { assistantMessages } from "./messages.js";
import { assistantPages } from "./pages/routes.js";
import { assistantRoutes } from "./routes.js";
import { phoneRoutes } from "./phoneRoutes.js";
import { retentionSweeper } from "./commands/retentionSweeper.js";
import { liveRetentionSweeper } from "./commands/liveHandoffs.js";
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
  ],
  demoData: seedAssistantDemo,
  plugin: assistantPlugin,
});
