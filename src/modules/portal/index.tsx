import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { portalMessages } from "./messages.js";
import { portalPages } from "./pages/routes.js";
import { portalRoutes } from "./routes.js";

/** Start page, legal pages, language switch, health and readiness probes, security.txt. */
async function portalPlugin(app: FastifyInstance) {
  portalPages(app);
  portalRoutes(app);
}

/** The portal module (src/platform/modules.ts). */
export const portalModule = defineModule({
  name: "portal",
  messages: [portalMessages],
  nav: [
    { label: "nav.account", href: "/konto", audience: "all", order: 90 },
  ],
  plugin: portalPlugin,
});
